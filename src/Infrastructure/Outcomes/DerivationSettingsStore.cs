using HccOutcomes.Domain.Conventions;
using HccOutcomes.Infrastructure.Persistence;
using HccOutcomes.Infrastructure.Registry;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace HccOutcomes.Infrastructure.Outcomes;

/// <summary>Reads a cohort's current derivation settings and applies a change to them (new version, outcomes recomputed).</summary>
public static class DerivationSettingsStore
{
    /// <summary>SQL returning the newest stored settings row of cohort <c>$1</c> (no row: the defaults).</summary>
    public const string CurrentSql =
        "SELECT version, treatment_emergent_window_days, confirmation_required, confirmation_min_days, stable_disease_min_days, " +
        "pfs_rule_set, clinical_progression_counts, assessment_interval_days, data_cutoff_date " +
        "FROM derivation_settings WHERE cohort_id = $1 ORDER BY version DESC LIMIT 1";

    /// <summary>The cohort's current settings (the defaults when none were stored).</summary>
    public static async Task<DerivationSettings> CurrentAsync(HccDbContext db, Guid cohortId, CancellationToken cancellationToken)
    {
        var stored = await db.DerivationSettings.AsNoTracking()
            .Where(s => s.CohortId == cohortId)
            .OrderByDescending(s => s.Version)
            .FirstOrDefaultAsync(cancellationToken);
        return stored?.ToSettings() ?? DerivationSettings.Default;
    }

    /// <summary>Reads the row of <see cref="CurrentSql"/> (positioned before its only row, if any).</summary>
    public static async Task<DerivationSettings> ReadCurrentAsync(NpgsqlDataReader reader, CancellationToken cancellationToken)
    {
        if (!await reader.ReadAsync(cancellationToken))
        {
            return DerivationSettings.Default;
        }

        return new DerivationSettings
        {
            Version = reader.GetInt32(0),
            TreatmentEmergentWindowDays = reader.GetInt32(1),
            ConfirmationRequired = reader.GetBoolean(2),
            ConfirmationMinDays = reader.GetInt32(3),
            StableDiseaseMinDays = reader.GetInt32(4),
            PfsRuleSet = Enum.Parse<PfsRuleSet>(reader.GetString(5)),
            ClinicalProgressionCounts = reader.GetBoolean(6),
            AssessmentIntervalDays = reader.GetInt32(7),
            DataCutoffDate = reader.IsDBNull(8) ? null : reader.GetFieldValue<DateOnly>(8),
        };
    }

    /// <summary>
    /// The one place a change of a cohort's derivation settings is applied. In one transaction, holding the cohort row so
    /// that no patient write derives under the old settings meanwhile: checks the current version with
    /// <paramref name="checkCurrentVersion"/> (which throws to refuse), stores <paramref name="requested"/> as the next version
    /// unless it equals the current settings, and re-derives every outcome of the cohort under it. Returns the settings in
    /// force afterwards, the number of patients recomputed (0 when nothing changed) and whether a version was added.
    /// Throws <see cref="CohortNotFoundException"/> when the cohort does not exist.
    /// </summary>
    public static async Task<(DerivationSettings Settings, int Patients, bool Changed)> ApplyAsync(
        HccDbContext db,
        Guid cohortId,
        DerivationSettings requested,
        Action<DerivationSettings> checkCurrentVersion,
        DateTimeOffset now,
        PersistenceTuning tuning,
        Func<DerivationSettings, DerivationSettings, Audit.AuditEntry> auditEntry,
        CancellationToken cancellationToken)
    {
        return await db.InRetriedTransactionAsync(async ct =>
        {
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            var current = await LockCohortAndReadAsync(connection, cohortId, ct);
            checkCurrentVersion(current);
            var next = requested with { Version = current.Version };
            if (next == current)
            {
                return (current, 0, false);
            }

            next = next with { Version = current.Version + 1 };
            await using (var insert = new NpgsqlCommand(
                "INSERT INTO derivation_settings (cohort_id, version, treatment_emergent_window_days, confirmation_required, confirmation_min_days, " +
                "stable_disease_min_days, pfs_rule_set, clinical_progression_counts, assessment_interval_days, data_cutoff_date, created_at) " +
                "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)", connection))
            {
                insert.Parameters.Add(new NpgsqlParameter { Value = cohortId });
                insert.Parameters.Add(new NpgsqlParameter { Value = next.Version });
                insert.Parameters.Add(new NpgsqlParameter { Value = next.TreatmentEmergentWindowDays });
                insert.Parameters.Add(new NpgsqlParameter { Value = next.ConfirmationRequired });
                insert.Parameters.Add(new NpgsqlParameter { Value = next.ConfirmationMinDays });
                insert.Parameters.Add(new NpgsqlParameter { Value = next.StableDiseaseMinDays });
                insert.Parameters.Add(new NpgsqlParameter { Value = next.PfsRuleSet.ToString() });
                insert.Parameters.Add(new NpgsqlParameter { Value = next.ClinicalProgressionCounts });
                insert.Parameters.Add(new NpgsqlParameter { Value = next.AssessmentIntervalDays });
                insert.Parameters.Add(new NpgsqlParameter { Value = next.DataCutoffDate is { } c ? c : DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Date });
                insert.Parameters.Add(new NpgsqlParameter { Value = now });
                await insert.ExecuteNonQueryAsync(ct);
            }

            var patients = await OutcomeRecomputer.RecomputeInTransactionAsync(db, connection, cohortId, next, tuning, ct);
            db.AuditEntries.Add(auditEntry(current, next));
            await db.SaveChangesAsync(ct);
            return (next, patients, true);
        }, cancellationToken);
    }

    /// <summary>
    /// Locks the cohort against patient writes (which hold its advisory lock shared while they derive) until the caller's
    /// transaction ends, and returns its current settings. Throws <see cref="CohortNotFoundException"/> when absent and
    /// <see cref="CohortLockedException"/> when locked (its derived data are frozen with its records).
    /// </summary>
    public static async Task<DerivationSettings> LockCohortAndReadAsync(NpgsqlConnection connection, Guid cohortId, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                // Exclusive: waits for the patient writes under way, which hold it shared (CohortLock).
                new NpgsqlBatchCommand("SELECT pg_advisory_xact_lock(hashtextextended($1::text, 0))") { Parameters = { new NpgsqlParameter { Value = cohortId } } },
                new NpgsqlBatchCommand("SELECT locked_at IS NOT NULL FROM cohorts WHERE id = $1 FOR UPDATE") { Parameters = { new NpgsqlParameter { Value = cohortId } } },
                new NpgsqlBatchCommand(CurrentSql) { Parameters = { new NpgsqlParameter { Value = cohortId } } },
            },
        };
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.NextResultAsync(cancellationToken); // past the lock
        if (!await reader.ReadAsync(cancellationToken))
        {
            throw new CohortNotFoundException(cohortId);
        }

        if (reader.GetBoolean(0))
        {
            throw new CohortLockedException(cohortId);
        }

        await reader.NextResultAsync(cancellationToken);
        return await ReadCurrentAsync(reader, cancellationToken);
    }
}
