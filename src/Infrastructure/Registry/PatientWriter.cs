using System.Runtime.ExceptionServices;
using HccOutcomes.Domain.Conventions;
using HccOutcomes.Domain.Registry;
using HccOutcomes.Infrastructure.Access;
using HccOutcomes.Infrastructure.Audit;
using HccOutcomes.Infrastructure.Outcomes;
using HccOutcomes.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
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

/// <summary>How many patients of a write were created, replaced and left unchanged.</summary>
/// <param name="Created">Patients created.</param>
/// <param name="Replaced">Patients whose content changed and were replaced.</param>
/// <param name="Unchanged">Patients already stored with identical content.</param>
public readonly record struct WriteTally(int Created, int Replaced, int Unchanged)
{
    /// <summary>Counts the outcomes of <paramref name="results"/> in one pass.</summary>
    public static WriteTally Of(IEnumerable<PatientWriteResult> results)
    {
        int created = 0, replaced = 0, unchanged = 0;
        foreach (var result in results)
        {
            switch (result.Outcome)
            {
                case UpsertOutcome.Created: created++; break;
                case UpsertOutcome.Replaced: replaced++; break;
                case UpsertOutcome.Unchanged: unchanged++; break;
            }
        }

        return new WriteTally(created, replaced, unchanged);
    }
}

/// <summary>One patient to write: who writes it, how its stored version is checked, and how the write is audited.</summary>
/// <param name="Patient">The entity graph built by the caller.</param>
/// <param name="Actor">The client writing it (its site bounds what it may replace; the audit entry names it).</param>
/// <param name="CheckVersion">Called with the stored version (null when new), inside the transaction under the row lock;
/// may throw (412 on a stale <c>If-Match</c>).</param>
/// <param name="AuditAs">How the write is recorded in the audit trail.</param>
public sealed record PatientWrite(Patient Patient, Actor Actor, Action<Patient, StoredPatientVersion?>? CheckVersion, PatientAudit AuditAs);

/// <summary>What became of one write of a group: its result, or the exception that is its answer alone (a stale
/// <c>If-Match</c>, a patient of another site).</summary>
/// <param name="Result">The result, when written or unchanged.</param>
/// <param name="Failure">The exception to answer with, when refused.</param>
public sealed record PatientWriteAnswer(PatientWriteResult? Result, ExceptionDispatchInfo? Failure);

/// <summary>Version of a stored patient, as seen before a write (for <c>If-Match</c>).</summary>
/// <param name="PatientId">Server ID.</param>
/// <param name="Version">Current row version.</param>
public sealed record StoredPatientVersion(Guid PatientId, uint Version);

/// <summary>The cohort a write addresses is locked (the API answers 423).</summary>
/// <param name="cohortId">The cohort that was addressed.</param>
public sealed class CohortLockedException(Guid cohortId)
    : Exception($"Cohort {cohortId} is locked: its data are frozen. A data manager can unlock it.");

/// <summary>The patient exists but belongs to another site than the writing client's (the API answers 404, so that
/// its existence does not leak).</summary>
/// <param name="cohortId">The cohort.</param>
/// <param name="externalId">The patient's external ID.</param>
public sealed class PatientOfAnotherSiteException(Guid cohortId, string externalId)
    : Exception($"Patient '{externalId}' does not exist in cohort {cohortId}.")
{
    /// <summary>The patient's external ID.</summary>
    public string ExternalId { get; } = externalId;
}

/// <summary>
/// Writes whole patients (baseline plus every nested record) in one transaction, set-based: one round trip for
/// what exists, then for replaced patients the deletes of records no longer sent and of derived rows, the updates of
/// kept records in place, and the inserts — one binary COPY per table for a large write, one batch of multi-row
/// statements for a small one (see <see cref="RowWriter"/>; ADR 0005).
/// A document whose content hash equals the stored one is not written at all (idempotent re-sends).
/// Record IDs and creation times survive a replace when the record is matched by ID or by sourceId.
/// </summary>
public sealed class PatientWriter(
    HccDbContext db, IEnumerable<IPatientWriteStep> steps, Audit.AuditTrail audit, IOptions<PersistenceTuning> tuning, ILogger<PatientWriter> logger)
{
    private readonly PersistenceTuning _tuning = tuning.Value;

    /// <summary>
    /// Upserts <paramref name="patients"/> (entity graphs built by the caller) into <paramref name="cohortId"/>,
    /// all or nothing. <paramref name="checkVersion"/> is called per patient with its stored version (null when new),
    /// inside the transaction, and may throw to abort everything (412 on a stale <c>If-Match</c>).
    /// Every created or replaced patient gets one audit entry in the same transaction (<paramref name="auditAs"/>).
    /// Throws <see cref="CohortNotFoundException"/> when the cohort does not exist, <see cref="CohortLockedException"/>
    /// when it is locked, and <see cref="PatientOfAnotherSiteException"/> when a site-bound client addresses a patient of
    /// another site.
    /// </summary>
    /// <remarks>
    /// Two requests that create the same new patient at the same moment both find nothing to lock; the second insert
    /// then hits the (cohort, externalId) key. Its transaction is rolled back and the write re-run, and now finds the
    /// first one's patient (a replace, or unchanged for a retried re-send), so neither fails. A batch locks its patients
    /// in externalId order, so two batches cannot deadlock on those locks; a deadlock through the key of a new patient
    /// is rolled back and re-run likewise.
    /// </remarks>
    public async Task<IReadOnlyList<PatientWriteResult>> UpsertAsync(
        Guid cohortId,
        IReadOnlyList<Patient> patients,
        Action<Patient, StoredPatientVersion?>? checkVersion,
        PatientAudit auditAs,
        CancellationToken cancellationToken)
    {
        var actor = audit.Actor;
        var writes = patients.Select(p => new PatientWrite(p, actor, checkVersion, auditAs)).ToList();
        var answers = await WriteWithRetriesAsync(cohortId, writes, answerEach: false, cancellationToken);
        return answers.Select(a => a.Result!).ToList();
    }

    /// <summary>
    /// Writes single-patient requests of one cohort, of possibly different clients, in one transaction (the group
    /// commit of <see cref="PatientWriteQueue"/>, ADR 0021). Unlike <see cref="UpsertAsync"/>, what concerns one
    /// request alone — its <c>If-Match</c> check failing, a patient of another site — becomes that request's answer
    /// and the others are written. What concerns the cohort (missing, locked) or the transaction is thrown.
    /// The patients must be distinct.
    /// </summary>
    public Task<IReadOnlyList<PatientWriteAnswer>> UpsertEachAsync(Guid cohortId, IReadOnlyList<PatientWrite> writes, CancellationToken cancellationToken) =>
        WriteWithRetriesAsync(cohortId, writes, answerEach: true, cancellationToken);

    private async Task<IReadOnlyList<PatientWriteAnswer>> WriteWithRetriesAsync(
        Guid cohortId, IReadOnlyList<PatientWrite> writes, bool answerEach, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await db.InRetriedTransactionAsync(ct => WriteAsync(cohortId, writes, answerEach, ct), cancellationToken);
            }
            catch (PostgresException e) when (attempt < 3 && IsRetryable(e))
            {
                logger.LogInformation("Concurrent write of the same patient ({SqlState}); retrying the write (attempt {Attempt})", e.SqlState, attempt + 1);
            }
        }
    }

    private static bool IsRetryable(PostgresException e) =>
        (e.SqlState == PostgresErrorCodes.UniqueViolation && e.ConstraintName == PatientKey) || e.SqlState == PostgresErrorCodes.DeadlockDetected;

    private const string PatientKey = "ix_patients_cohort_id_external_id";

    private async Task<IReadOnlyList<PatientWriteAnswer>> WriteAsync(Guid cohortId, IReadOnlyList<PatientWrite> writes, bool answerEach, CancellationToken ct)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var patients = writes.Select(w => w.Patient).ToList();
        var (existing, storedRecords, settings) = await LoadExistingAsync(connection, cohortId, patients, _tuning, ct);

        var toWrite = new List<PatientWrite>(writes.Count);
        var replacedIds = new List<Guid>();
        var outcomes = new Dictionary<string, UpsertOutcome>(writes.Count, StringComparer.Ordinal);
        var refused = new Dictionary<Patient, ExceptionDispatchInfo>(ReferenceEqualityComparer.Instance);
        foreach (var write in writes)
        {
            var patient = write.Patient;
            existing.TryGetValue(patient.ExternalId, out var stored);
            try
            {
                if (stored is not null && !write.Actor.Sees(stored.Site))
                {
                    throw new PatientOfAnotherSiteException(cohortId, patient.ExternalId);
                }

                write.CheckVersion?.Invoke(patient, stored is null ? null : new StoredPatientVersion(stored.Id, stored.Version));
            }
            catch (Exception e) when (answerEach)
            {
                refused[patient] = ExceptionDispatchInfo.Capture(e);
                continue;
            }

            if (stored is null)
            {
                outcomes[patient.ExternalId] = UpsertOutcome.Created;
                AssignRecordIds(patient, null, null);
                toWrite.Add(write);
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
                toWrite.Add(write);
            }
        }

        var written = toWrite.Select(w => w.Patient).ToList();

        var rows = RowWriter.For(db, toWrite.Count, _tuning);
        var recordWrites = new RecordWrites();
        if (replacedIds.Count > 0)
        {
            storedRecords ??= await LoadRecordKeysAsync(connection, replacedIds, ct);
            foreach (var patient in written)
            {
                if (outcomes[patient.ExternalId] == UpsertOutcome.Replaced)
                {
                    AssignRecordIds(patient, storedRecords.GetValueOrDefault(patient.Id), recordWrites);
                }
            }

            // The patient row and its kept records are updated in place (the patient's lock holds concurrent writers
            // back); records no longer sent are deleted. The derived outcomes are replaced: a small write upserts
            // them (OutcomeStore), a large one deletes them here and COPYs the new ones.
            foreach (var (table, ids) in recordWrites.Removed)
            {
                await rows.DeleteByIdAsync(table, ids.ToArray(), ct);
            }

            if (!rows.IsBatched)
            {
                await Outcomes.DerivedRows.DeleteForPatientsAsync(connection, replacedIds.ToArray(), ct);
            }
        }

        var timer = System.Diagnostics.Stopwatch.StartNew();
        if (toWrite.Count > 0)
        {
            // A large write derives on the thread pool meanwhile: its COPYs keep PostgreSQL busy more than the API.
            var prepared = rows.IsBatched
                ? Task.FromResult(PrepareSteps(toWrite, written, existing, outcomes, settings))
                : Task.Run(() => PrepareSteps(toWrite, written, existing, outcomes, settings), ct);
            try
            {
                await rows.UpsertAsync(written, KeepOnUpdate, ct);
                await WriteRecordsAsync(rows, written.SelectMany(p => p.RadiotherapyCourses).ToList(), recordWrites, ct);
                await WriteRecordsAsync(rows, written.SelectMany(p => p.TaceSessions).ToList(), recordWrites, ct);
                await WriteRecordsAsync(rows, written.SelectMany(p => p.SorafenibCourses).ToList(), recordWrites, ct);
                await WriteRecordsAsync(rows, written.SelectMany(p => p.AntiPd1Cycles).ToList(), recordWrites, ct);
                await WriteRecordsAsync(rows, written.SelectMany(p => p.TumorAssessments).ToList(), recordWrites, ct);
                await WriteRecordsAsync(rows, written.SelectMany(p => p.AdverseEvents).ToList(), recordWrites, ct);
                await WriteRecordsAsync(rows, written.Where(p => p.FollowUp is not null).Select(p => p.FollowUp!).ToList(), recordWrites, ct);
            }
            catch
            {
                // A retried attempt assigns the record IDs again: let the derivation finish reading them first.
                await Task.WhenAny(prepared);
                throw;
            }

            var records = timer.Elapsed;
            foreach (var write in await prepared)
            {
                await write(rows, ct);
            }

            if (toWrite.Count >= 1000)
            {
                logger.LogInformation(
                    "Wrote {Patients} patients: records {RecordsMs:F0} ms, derived steps {StepsMs:F0} ms",
                    toWrite.Count, records.TotalMilliseconds, (timer.Elapsed - records).TotalMilliseconds);
            }
        }

        // For a single patient this is the one round trip that carries every delete and insert above.
        var versions = await rows.FlushAndReadVersionsAsync(patients.Where(p => !refused.ContainsKey(p)).Select(p => p.Id).ToArray(), ct);
        return patients
            .Select(p => refused.TryGetValue(p, out var failure)
                ? new PatientWriteAnswer(null, failure)
                : new PatientWriteAnswer(new PatientWriteResult(p.ExternalId, p.Id, outcomes[p.ExternalId], versions.GetValueOrDefault(p.Id)), null))
            .ToList();
    }

    private List<Func<RowWriter, CancellationToken, Task>> PrepareSteps(
        IReadOnlyList<PatientWrite> writes, IReadOnlyList<Patient> patients, Dictionary<string, StoredPatient> existing,
        Dictionary<string, UpsertOutcome> outcomes, DerivationSettings settings)
    {
        var prepared = steps.Select(step => step.Prepare(patients, settings)).ToList();
        prepared.Add(PrepareAudit(writes, existing, outcomes));
        return prepared;
    }

    // One entry per written patient: the document before (as the trail last recorded it) and after. The documents are
    // serialized on every core, like the derivations, while PostgreSQL takes the records.
    private Func<RowWriter, CancellationToken, Task> PrepareAudit(
        IReadOnlyList<PatientWrite> writes, Dictionary<string, StoredPatient> existing, Dictionary<string, UpsertOutcome> outcomes)
    {
        var entries = new Audit.AuditEntry[writes.Count];
        Parallel.For(0, writes.Count, new ParallelOptions { MaxDegreeOfParallelism = writes.Count < 64 ? 1 : -1 }, i =>
        {
            var (patient, actor, _, auditAs) = writes[i];
            var replaced = outcomes[patient.ExternalId] == UpsertOutcome.Replaced;
            entries[i] = audit.Entry(
                actor,
                auditAs.Action ?? (replaced ? "patient.replace" : "patient.create"),
                patient.CohortId,
                Audit.AuditTrail.PatientResource(patient.CohortId, patient.ExternalId),
                replaced ? existing[patient.ExternalId].LastDocument : null,
                auditAs.Document(patient),
                patient.ExternalId);
        });
        return (rows, ct) => rows.InsertAsync(entries, ct);
    }

    private sealed record StoredPatient(Guid Id, string ContentHash, DateTimeOffset CreatedAt, uint Version, string Site, string? LastDocument);

    // The stored patient, and its document as the audit trail last recorded it (the "before" of its next entry).
    private const string StoredPatientColumns =
        "SELECT p.external_id, p.id, p.content_hash, p.created_at, p.xmin, p.site, " +
        "(SELECT a.after FROM audit_entries a WHERE a.cohort_id = p.cohort_id AND a.patient_external_id = p.external_id ORDER BY a.id DESC LIMIT 1) " +
        "FROM patients p ";

    // Which stored patients a write addresses. A single patient gets a plain equality, and a small write a join with
    // its keys: a prepared (generic) plan for "= ANY(array)" may scan the whole cohort instead of using the
    // (cohort_id, external_id) key. Locks are taken in externalId order (see UpsertAsync).
    private static string Addressed(int count, bool small) => count == 1
        ? "WHERE p.cohort_id = $1 AND p.external_id = $2"
        : small
            ? "JOIN unnest($2::varchar[]) AS k(external_id) USING (external_id) WHERE p.cohort_id = $1"
            : "WHERE p.cohort_id = $1 AND p.external_id = ANY($2)";

    /// <summary>
    /// One round trip: whether the cohort exists (404 otherwise), its current derivation settings, the stored patients
    /// locked FOR UPDATE and — for a small write — the keys of their stored records, needed only if they are replaced but
    /// cheap to fetch in the same batch. For a large write the record keys are read later, for the replaced patients only
    /// (null here). The write holds the cohort's advisory lock shared (<see cref="CohortLock"/>): a settings change, a
    /// lock or an unlock holds it exclusively, so a write derives under the settings, and sees the lock, that are
    /// current when it commits.
    /// </summary>
    private static async Task<(Dictionary<string, StoredPatient> Patients, Dictionary<Guid, Dictionary<string, List<StoredRecord>>>? Records, DerivationSettings Settings)> LoadExistingAsync(
        NpgsqlConnection connection, Guid cohortId, IReadOnlyList<Patient> patients, PersistenceTuning tuning, CancellationToken ct)
    {
        var small = patients.Count <= tuning.SmallWriteMaxPatients;
        var addressed = Addressed(patients.Count, small);
        var cohort = new NpgsqlParameter { Value = cohortId, NpgsqlDbType = NpgsqlDbType.Uuid };
        var ids = patients.Count == 1
            ? new NpgsqlParameter { Value = patients[0].ExternalId, NpgsqlDbType = NpgsqlDbType.Varchar }
            : new NpgsqlParameter { Value = patients.Select(p => p.ExternalId).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Varchar };
        await using var batch = new NpgsqlBatch(connection);
        // A shared lock on the cohort, held to the end of the write: locking the cohort takes it exclusively, so a lock
        // waits for the writes under way, and the writes after it see the cohort locked (CohortLock). The next
        // statement reads the cohort after the lock is granted.
        batch.BatchCommands.Add(new NpgsqlBatchCommand(CohortLock.SharedSql) { Parameters = { cohort.Clone() } });
        // A small write also sets plan_cache_mode for the rest of its transaction in the same statement (set_config with
        // is_local true, i.e. SET LOCAL): every later statement of the write (these lookups, then the deletes and
        // multi-row inserts) has one good plan. Left to choose, PostgreSQL re-plans the array-parameter statements on
        // every call (custom plans look cheaper), which costs more CPU than running them.
        batch.BatchCommands.Add(new NpgsqlBatchCommand(small && tuning.GenericPlansForSmallWrites
            ? "SELECT (SELECT locked_at IS NOT NULL FROM cohorts WHERE id = $1), set_config('plan_cache_mode', 'force_generic_plan', true)"
            : "SELECT (SELECT locked_at IS NOT NULL FROM cohorts WHERE id = $1)")
        {
            Parameters = { cohort.Clone() },
        });
        // A statement of its own: it reads after the lock above is granted, so it sees a settings change that held it.
        batch.BatchCommands.Add(new NpgsqlBatchCommand(DerivationSettingsStore.CurrentSql) { Parameters = { cohort.Clone() } });
        batch.BatchCommands.Add(new NpgsqlBatchCommand(StoredPatientColumns + addressed + " ORDER BY p.external_id FOR UPDATE OF p")
        {
            Parameters = { cohort.Clone(), ids.Clone() },
        });
        if (small)
        {
            // The addressed patients are looked up once, not once per record table.
            batch.BatchCommands.Add(new NpgsqlBatchCommand(
                $"WITH addressed AS MATERIALIZED (SELECT p.id FROM patients p {addressed}) " + RecordKeysSql("IN (SELECT id FROM addressed)"))
            {
                Parameters = { cohort.Clone(), ids.Clone() },
            });
        }

        await using var reader = await batch.ExecuteReaderAsync(ct);
        await reader.NextResultAsync(ct); // past the lock
        await reader.ReadAsync(ct);
        if (reader.IsDBNull(0))
        {
            throw new CohortNotFoundException(cohortId);
        }

        if (reader.GetBoolean(0))
        {
            throw new CohortLockedException(cohortId);
        }

        await reader.NextResultAsync(ct);
        var settings = await DerivationSettingsStore.ReadCurrentAsync(reader, ct);
        await reader.NextResultAsync(ct);
        var result = new Dictionary<string, StoredPatient>(StringComparer.Ordinal);
        while (await reader.ReadAsync(ct))
        {
            result[reader.GetString(0)] = new StoredPatient(
                reader.GetGuid(1), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3), reader.GetFieldValue<uint>(4),
                reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6));
        }

        if (!small)
        {
            return (result, null, settings);
        }

        await reader.NextResultAsync(ct);
        return (result, await ReadRecordKeysAsync(reader, ct), settings);
    }

    private sealed record StoredRecord(Guid Id, string? SourceId, DateTimeOffset CreatedAt);

    private static readonly HashSet<string> KeepOnUpdate = ["cohort_id", "external_id", "created_at"];

    private static readonly string[] RecordTables =
        ["radiotherapy_courses", "tace_sessions", "sorafenib_courses", "anti_pd1_cycles", "tumor_assessments", "adverse_events", "follow_ups"];

    private static string RecordKeysSql(string patientCondition) => string.Join(" UNION ALL ", RecordTables.Select(t =>
        $"SELECT '{t}' AS tbl, patient_id, id, source_id, created_at FROM {t} WHERE patient_id {patientCondition}"));

    private static async Task<Dictionary<Guid, Dictionary<string, List<StoredRecord>>>> LoadRecordKeysAsync(
        NpgsqlConnection connection, List<Guid> patientIds, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(RecordKeysSql("= ANY($1)"), connection)
        {
            Parameters = { new NpgsqlParameter { Value = patientIds.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid } },
        };
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await ReadRecordKeysAsync(reader, ct);
    }

    private static async Task<Dictionary<Guid, Dictionary<string, List<StoredRecord>>>> ReadRecordKeysAsync(NpgsqlDataReader reader, CancellationToken ct)
    {
        var result = new Dictionary<Guid, Dictionary<string, List<StoredRecord>>>();
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
    /// A matched record whose sourceId is unchanged is updated in place (<paramref name="writes"/>); the stored
    /// records that are not, or no longer sent, are deleted first, so no unique key is ever taken twice mid-write.
    /// </summary>
    private static void AssignRecordIds(Patient patient, Dictionary<string, List<StoredRecord>>? stored, RecordWrites? writes)
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
        else
        {
            Assign<FollowUp>("follow_ups", []);
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
                    continue;
                }

                record.Id = match.Id;
                record.CreatedAt = match.CreatedAt;
                used.Add(match.Id);
                if (string.Equals(match.SourceId, record.SourceId, StringComparison.Ordinal))
                {
                    writes?.InPlace.Add(record);
                }
                else
                {
                    writes?.Remove(table, match.Id);
                }
            }

            foreach (var candidate in candidates)
            {
                if (!used.Contains(candidate.Id))
                {
                    writes?.Remove(table, candidate.Id);
                }
            }
        }
    }

    /// <summary>How a replace writes its records: the ones updated in place, and per table the stored IDs to delete.</summary>
    private sealed class RecordWrites
    {
        public HashSet<PatientRecord> InPlace { get; } = new(ReferenceEqualityComparer.Instance);

        public Dictionary<string, List<Guid>> Removed { get; } = new(StringComparer.Ordinal);

        public void Remove(string table, Guid id)
        {
            if (!Removed.TryGetValue(table, out var ids))
            {
                Removed[table] = ids = [];
            }

            ids.Add(id);
        }
    }

    // A replace updates the records it keeps rather than deleting and re-inserting them: an update that leaves
    // patient_id and the keys alone skips the foreign-key check and, when the page has room, every index insert.
    // A small write (a PUT, a record edit, a small batch mixing creates and replaces) sends the kept and the new records of a table
    // in one upsert, as one statement costs less than two (a new record's ID is new, so it is inserted); a large one
    // COPYs the new records.
    private static async Task WriteRecordsAsync<T>(RowWriter rows, List<T> records, RecordWrites writes, CancellationToken ct)
        where T : PatientRecord
    {
        if (writes.InPlace.Count == 0)
        {
            await rows.InsertAsync(records, ct);
        }
        else if (rows.IsBatched)
        {
            await rows.UpsertAsync(records, RecordKeepOnUpdate, ct);
        }
        else
        {
            await rows.UpsertAsync(records.Where(writes.InPlace.Contains).ToList(), RecordKeepOnUpdate, ct);
            await rows.InsertAsync(records.Where(r => !writes.InPlace.Contains(r)).ToList(), ct);
        }
    }

    private static readonly HashSet<string> RecordKeepOnUpdate = ["patient_id", "created_at"];
}

/// <summary>
/// Work that must happen in the same transaction as every patient write, after the records are stored
/// (the derived per-patient outcomes).
/// </summary>
public interface IPatientWriteStep
{
    /// <summary>
    /// Called with the patients about to be (re)written, their IDs final, before their rows are written. Derives what the
    /// step stores and returns that write, which the writer runs after the records, inside the write transaction (rows go
    /// through its <see cref="RowWriter"/>). Must only read the patients: a large write runs it on other threads while
    /// PostgreSQL takes the records. <paramref name="settings"/> are the cohort's current derivation settings.
    /// </summary>
    Func<RowWriter, CancellationToken, Task> Prepare(IReadOnlyList<Patient> patients, DerivationSettings settings);
}

/// <summary>The cohort a write addresses does not exist (the API answers 404).</summary>
/// <param name="cohortId">The cohort that was addressed.</param>
public sealed class CohortNotFoundException(Guid cohortId) : Exception($"Cohort {cohortId} does not exist.")
{
    /// <summary>The cohort that was addressed.</summary>
    public Guid CohortId { get; } = cohortId;
}
