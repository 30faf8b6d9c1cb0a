using HccOutcomes.Domain.Registry;
using HccOutcomes.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace HccOutcomes.Infrastructure.Registry;

/// <summary>What an upsert did to one patient.</summary>
public enum UpsertOutcome
{
    /// <summary>The patient did not exist and was inserted.</summary>
    Created,

    /// <summary>The patient existed with different content and was replaced.</summary>
    Replaced,

    /// <summary>The same document was already stored; nothing was written.</summary>
    Unchanged,
}

/// <summary>Result of writing one patient.</summary>
/// <param name="ExternalId">Submitting system's patient ID.</param>
/// <param name="PatientId">Server ID.</param>
/// <param name="Outcome">Created, replaced or unchanged.</param>
/// <param name="Version">Row version after the write (the ETag).</param>
public sealed record PatientWriteResult(string ExternalId, Guid PatientId, UpsertOutcome Outcome, uint Version);

/// <summary>Version of a stored patient, as seen before a write (for <c>If-Match</c>).</summary>
/// <param name="PatientId">Server ID.</param>
/// <param name="Version">Current row version.</param>
public sealed record StoredPatientVersion(Guid PatientId, uint Version);

/// <summary>
/// Writes whole patients (baseline plus every nested record) in one transaction, set-based:
/// one query for what exists, one DELETE for the patients being replaced, then one binary COPY per table.
/// A document whose content hash equals the stored one is not written at all (idempotent re-sends).
/// Record IDs and creation times survive a replace when the record is matched by ID or by sourceId.
/// </summary>
public sealed class PatientWriter(HccDbContext db, IEnumerable<IPatientWriteStep> steps, ILogger<PatientWriter> logger)
{
    /// <summary>
    /// Upserts <paramref name="patients"/> (entity graphs built by the caller) into <paramref name="cohortId"/>,
    /// all or nothing. <paramref name="checkVersion"/> is called per patient with its stored version (null when new),
    /// inside the transaction, and may throw to abort everything (412 on a stale <c>If-Match</c>).
    /// </summary>
    public async Task<IReadOnlyList<PatientWriteResult>> UpsertAsync(
        Guid cohortId,
        IReadOnlyList<Patient> patients,
        Action<Patient, StoredPatientVersion?>? checkVersion,
        CancellationToken cancellationToken)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async ct =>
        {
            await db.Database.OpenConnectionAsync(ct);
            try
            {
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                var results = await WriteAsync(cohortId, patients, checkVersion, ct);
                await transaction.CommitAsync(ct);
                return results;
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        }, cancellationToken);
    }

    private async Task<IReadOnlyList<PatientWriteResult>> WriteAsync(
        Guid cohortId, IReadOnlyList<Patient> patients, Action<Patient, StoredPatientVersion?>? checkVersion, CancellationToken ct)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var existing = await LoadExistingAsync(connection, cohortId, patients, ct);

        var toWrite = new List<Patient>(patients.Count);
        var replacedIds = new List<Guid>();
        var outcomes = new Dictionary<string, UpsertOutcome>(patients.Count, StringComparer.Ordinal);
        foreach (var patient in patients)
        {
            existing.TryGetValue(patient.ExternalId, out var stored);
            checkVersion?.Invoke(patient, stored is null ? null : new StoredPatientVersion(stored.Id, stored.Version));
            if (stored is null)
            {
                outcomes[patient.ExternalId] = UpsertOutcome.Created;
                AssignRecordIds(patient, null);
                toWrite.Add(patient);
            }
            else if (stored.ContentHash == patient.ContentHash)
            {
                outcomes[patient.ExternalId] = UpsertOutcome.Unchanged;
                patient.Id = stored.Id;
            }
            else
            {
                outcomes[patient.ExternalId] = UpsertOutcome.Replaced;
                patient.Id = stored.Id;
                patient.CreatedAt = stored.CreatedAt;
                replacedIds.Add(stored.Id);
                toWrite.Add(patient);
            }
        }

        if (replacedIds.Count > 0)
        {
            var storedRecords = await LoadRecordKeysAsync(connection, replacedIds, ct);
            foreach (var patient in toWrite)
            {
                if (outcomes[patient.ExternalId] == UpsertOutcome.Replaced)
                {
                    AssignRecordIds(patient, storedRecords.GetValueOrDefault(patient.Id));
                }
            }

            // The patient row is updated in place (its lock holds concurrent writers back); its records and
            // derived outcomes are replaced.
            await using var delete = new NpgsqlBatch(connection);
            foreach (var table in RecordTables.Concat(Outcomes.DerivedRows.Tables))
            {
                var command = new NpgsqlBatchCommand($"DELETE FROM {table} WHERE patient_id = ANY($1)");
                command.Parameters.Add(new NpgsqlParameter { Value = replacedIds.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
                delete.BatchCommands.Add(command);
            }

            await delete.ExecuteNonQueryAsync(ct);
        }

        var timer = System.Diagnostics.Stopwatch.StartNew();
        if (toWrite.Count > 0)
        {
            var rows = RowWriter.For(db, toWrite.Count);
            await rows.UpsertByIdAsync(toWrite, KeepOnUpdate, ct);
            await rows.InsertAsync(toWrite.SelectMany(p => p.RadiotherapyCourses).ToList(), ct);
            await rows.InsertAsync(toWrite.SelectMany(p => p.TaceSessions).ToList(), ct);
            await rows.InsertAsync(toWrite.SelectMany(p => p.SorafenibCourses).ToList(), ct);
            await rows.InsertAsync(toWrite.SelectMany(p => p.AntiPd1Cycles).ToList(), ct);
            await rows.InsertAsync(toWrite.SelectMany(p => p.TumorAssessments).ToList(), ct);
            await rows.InsertAsync(toWrite.SelectMany(p => p.AdverseEvents).ToList(), ct);
            await rows.InsertAsync(toWrite.Where(p => p.FollowUp is not null).Select(p => p.FollowUp!).ToList(), ct);
            var records = timer.Elapsed;
            foreach (var step in steps)
            {
                await step.AfterPatientsWrittenAsync(rows, toWrite, ct);
            }

            await rows.FlushAsync(ct);
            if (toWrite.Count >= 1000)
            {
                logger.LogInformation(
                    "Wrote {Patients} patients: records {RecordsMs:F0} ms, derived steps {StepsMs:F0} ms",
                    toWrite.Count, records.TotalMilliseconds, (timer.Elapsed - records).TotalMilliseconds);
            }
        }

        var versions = await LoadVersionsAsync(connection, patients.Select(p => p.Id).ToArray(), ct);
        return patients
            .Select(p => new PatientWriteResult(p.ExternalId, p.Id, outcomes[p.ExternalId], versions.GetValueOrDefault(p.Id)))
            .ToList();
    }

    private sealed record StoredPatient(Guid Id, string ContentHash, DateTimeOffset CreatedAt, uint Version);

    private static async Task<Dictionary<string, StoredPatient>> LoadExistingAsync(
        NpgsqlConnection connection, Guid cohortId, IReadOnlyList<Patient> patients, CancellationToken ct)
    {
        // A single patient gets a plain equality: a prepared (generic) plan for "= ANY(array)" may scan the
        // whole cohort instead of using the (cohort_id, external_id) key.
        const string Columns = "SELECT external_id, id, content_hash, created_at, xmin FROM patients WHERE cohort_id = @cohort AND ";
        await using var command = patients.Count == 1
            ? new NpgsqlCommand(Columns + "external_id = @id FOR UPDATE", connection)
            : new NpgsqlCommand(Columns + "external_id = ANY(@ids) FOR UPDATE", connection);
        command.Parameters.AddWithValue("cohort", cohortId);
        if (patients.Count == 1)
        {
            command.Parameters.Add(new NpgsqlParameter("id", NpgsqlDbType.Varchar) { Value = patients[0].ExternalId });
        }
        else
        {
            command.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Varchar)
            {
                Value = patients.Select(p => p.ExternalId).ToArray(),
            });
        }
        var result = new Dictionary<string, StoredPatient>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            result[reader.GetString(0)] = new StoredPatient(
                reader.GetGuid(1), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3), reader.GetFieldValue<uint>(4));
        }

        return result;
    }

    private sealed record StoredRecord(Guid Id, string? SourceId, DateTimeOffset CreatedAt);

    private static readonly HashSet<string> KeepOnUpdate = ["cohort_id", "external_id", "created_at"];

    private static readonly string[] RecordTables =
        ["radiotherapy_courses", "tace_sessions", "sorafenib_courses", "anti_pd1_cycles", "tumor_assessments", "adverse_events", "follow_ups"];

    private static async Task<Dictionary<Guid, Dictionary<string, List<StoredRecord>>>> LoadRecordKeysAsync(
        NpgsqlConnection connection, List<Guid> patientIds, CancellationToken ct)
    {
        var sql = string.Join(" UNION ALL ", RecordTables.Select(t =>
            $"SELECT '{t}' AS tbl, patient_id, id, source_id, created_at FROM {t} WHERE patient_id = ANY(@ids)"));
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = patientIds.ToArray() });
        var result = new Dictionary<Guid, Dictionary<string, List<StoredRecord>>>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var byTable = result.TryGetValue(reader.GetGuid(1), out var t) ? t : result[reader.GetGuid(1)] = [];
            var list = byTable.TryGetValue(reader.GetString(0), out var l) ? l : byTable[reader.GetString(0)] = [];
            list.Add(new StoredRecord(reader.GetGuid(2), reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetFieldValue<DateTimeOffset>(4)));
        }

        return result;
    }

    /// <summary>
    /// Gives every nested record its final ID: the stored record's ID (and creation time) when the incoming
    /// record names it or carries its sourceId, otherwise a new one. IDs that belong elsewhere are never reused.
    /// </summary>
    private static void AssignRecordIds(Patient patient, Dictionary<string, List<StoredRecord>>? stored)
    {
        Assign("radiotherapy_courses", patient.RadiotherapyCourses);
        Assign("tace_sessions", patient.TaceSessions);
        Assign("sorafenib_courses", patient.SorafenibCourses);
        Assign("anti_pd1_cycles", patient.AntiPd1Cycles);
        Assign("tumor_assessments", patient.TumorAssessments);
        Assign("adverse_events", patient.AdverseEvents);
        if (patient.FollowUp is not null)
        {
            Assign("follow_ups", [patient.FollowUp]);
        }

        void Assign<T>(string table, List<T> records) where T : PatientRecord
        {
            var candidates = stored?.GetValueOrDefault(table) ?? [];
            var byId = candidates.ToDictionary(r => r.Id);
            var bySource = candidates.Where(r => r.SourceId is not null).ToDictionary(r => r.SourceId!, StringComparer.Ordinal);
            var used = new HashSet<Guid>();
            foreach (var record in records)
            {
                record.PatientId = patient.Id;
                StoredRecord? match = null;
                if (byId.TryGetValue(record.Id, out var m1) && !used.Contains(m1.Id))
                {
                    match = m1;
                }
                else if (record.SourceId is not null && bySource.TryGetValue(record.SourceId, out var m2) && !used.Contains(m2.Id))
                {
                    match = m2;
                }

                if (match is null)
                {
                    record.Id = Guid.CreateVersion7();
                }
                else
                {
                    record.Id = match.Id;
                    record.CreatedAt = match.CreatedAt;
                    used.Add(match.Id);
                }
            }
        }
    }

    private static async Task<Dictionary<Guid, uint>> LoadVersionsAsync(NpgsqlConnection connection, Guid[] ids, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("SELECT id, xmin FROM patients WHERE id = ANY(@ids)", connection);
        command.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = ids });
        var result = new Dictionary<Guid, uint>(ids.Length);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            result[reader.GetGuid(0)] = reader.GetFieldValue<uint>(1);
        }

        return result;
    }
}

/// <summary>
/// Work that must happen in the same transaction as every patient write, after the records are stored
/// (the derived per-patient outcomes).
/// </summary>
public interface IPatientWriteStep
{
    /// <summary>Called with the patients just (re)written, inside the write transaction; rows go through <paramref name="rows"/>.</summary>
    Task AfterPatientsWrittenAsync(RowWriter rows, IReadOnlyList<Patient> patients, CancellationToken cancellationToken);
}
