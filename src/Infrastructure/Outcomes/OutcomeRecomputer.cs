using HccOutcomes.Domain.Conventions;
using HccOutcomes.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace HccOutcomes.Infrastructure.Outcomes;

/// <summary>Re-derives a whole cohort's outcomes from its stored records (after a rule or settings change).</summary>
public static class OutcomeRecomputer
{
    /// <summary>
    /// Deletes and re-inserts the cohort's derived outcome rows under its current derivation settings, in one transaction
    /// that holds the cohort's lock. Returns the number of patients derived. <paramref name="auditEntry"/>, when given, is
    /// appended in the same transaction. Throws <see cref="Registry.CohortNotFoundException"/> when the cohort does not
    /// exist and <see cref="Registry.CohortLockedException"/> when it is locked (its derived data are frozen with its records).
    /// </summary>
    public static async Task<int> RecomputeCohortAsync(
        HccDbContext db, Guid cohortId, PersistenceTuning tuning, CancellationToken cancellationToken, Audit.AuditEntry? auditEntry = null)
    {
        return await db.InRetriedTransactionAsync(async ct =>
        {
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            var settings = await DerivationSettingsStore.LockCohortAndReadAsync(connection, cohortId, ct);
            var count = await RecomputeInTransactionAsync(db, connection, cohortId, settings, tuning, ct);
            if (auditEntry is not null)
            {
                auditEntry.Id = 0; // a failed attempt may have been given a key that its rollback discarded
                db.AuditEntries.Add(auditEntry);
                await db.SaveChangesAsync(ct);
            }

            return count;
        }, cancellationToken);
    }

    /// <summary>
    /// Deletes and re-inserts the cohort's derived outcome rows under <paramref name="settings"/> in the caller's transaction,
    /// reading patients in chunks (<see cref="PersistenceTuning.RecomputeChunkPatients"/>) so memory stays bounded, and
    /// touches the cohort row so analysis caches see the change. Returns the number of patients derived.
    /// </summary>
    internal static async Task<int> RecomputeInTransactionAsync(
        HccDbContext db, NpgsqlConnection connection, Guid cohortId, DerivationSettings settings, PersistenceTuning tuning, CancellationToken cancellationToken)
    {
        await DerivedRows.DeleteForCohortAsync(connection, cohortId, cancellationToken);

        var count = 0;
        await foreach (var chunk in db.InChunksAsync(cohortId, tuning.RecomputeChunkPatients, cancellationToken))
        {
            var rows = RowWriter.For(db, chunk.Count, tuning);
            await OutcomeStore.WriteAsync(rows, chunk, OutcomeDeriver.DeriveAll(chunk, settings), cancellationToken);
            await rows.FlushAsync(cancellationToken);
            count += chunk.Count;
        }

        // The patient rows are unchanged: touching the cohort row moves the analysis cache's key (CohortVersion).
        await CohortVersion.TouchAsync(connection, cohortId, cancellationToken);
        return count;
    }
}
