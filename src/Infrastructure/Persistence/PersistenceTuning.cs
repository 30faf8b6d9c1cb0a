namespace HccOutcomes.Infrastructure.Persistence;

/// <summary>
/// Every setting that trades simplicity for speed on the registry's write and read paths, in one place (configuration
/// section <c>Persistence</c>). Each default is what the benchmarks in docs/performance.md were measured with;
/// docs/architecture.md lists these with the PostgreSQL server settings that <c>./hcc</c> starts the cluster with.
/// </summary>
public sealed class PersistenceTuning
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Persistence";

    /// <summary>
    /// Heap fill factor (percent) of the tables whose rows a whole-patient replace updates in place: patients, their
    /// records and their derived outcomes. The free fifth of each page takes the new row versions, so the updates are
    /// HOT (no index entries, pruned without VACUUM). A schema setting: changing it needs a migration.
    /// </summary>
    public const int UpdatedInPlaceFillFactor = 80;

    /// <summary>
    /// Fraction of <c>patient_outcomes</c>' rows that must change before autovacuum analyzes it again (PostgreSQL's
    /// default is 0.1). Its opaque reasoning texts and term list have no statistics either; every other column of every
    /// table keeps PostgreSQL's defaults (ADR 0011). A schema setting: changing it needs a migration.
    /// </summary>
    public const double DerivedOutcomesAnalyzeScaleFactor = 0.5;

    /// <summary>
    /// <c>toast_tuple_target</c> (bytes) of the two wide tables that every patient write adds to: the derived outcomes
    /// (~2.5 kB a row, six reasoning texts) and the audit trail (two patient documents, several kB each). At
    /// PostgreSQL's default (~2 kB) each derived row is put through compression attempts and each audit entry's documents
    /// are moved out of line into TOAST chunks; with the page's maximum a row is kept in its page, its documents
    /// compressed (lz4) only as far as needed to fit. A schema setting: changing it needs a migration.
    /// </summary>
    public const int WideRowToastTarget = 8160;

    /// <summary>
    /// A write of at most this many patients (a PUT, a record edit, a small batch) is sent as one batch of set-based
    /// statements in one round trip; a larger write streams each table with binary COPY, which costs a round trip
    /// per table but is the fastest way to load many rows. Default 25.
    /// </summary>
    public int SmallWriteMaxPatients { get; set; } = 25;

    /// <summary>
    /// Statements Npgsql prepares automatically per connection (<c>Max Auto Prepare</c>; 0 turns it off). The registry
    /// repeats a few statement texts (one per table and kind), so PostgreSQL parses and plans each once per
    /// connection. Default 256, above the number of distinct statements of the write path (records, audit, settings,
    /// lock): with fewer slots they evict each other and are parsed and planned again. Ignored when the connection
    /// string sets its own.
    /// </summary>
    public int MaxAutoPrepare { get; set; } = 256;

    /// <summary>
    /// Npgsql's write buffer per connection (<c>Write Buffer Size</c>), in bytes. A small write sends every record,
    /// derived row and the audit trail's documents in one batch of parameters; with the 8 KiB default they reach the
    /// socket in many small writes. Default 64 KiB; a connection string that sets a larger one keeps it.
    /// </summary>
    public int WriteBufferBytes { get; set; } = 65536;

    /// <summary>
    /// Connections to PostgreSQL the API holds at most (Npgsql's <c>Maximum Pool Size</c>). A request that finds them all
    /// busy waits for the next free one, first come first served, before it starts its transaction. PostgreSQL gets the
    /// most done with about two active connections per core plus a couple that wait for the disk; more run side by side
    /// and contend for the same cores and locks, which makes every transaction slower and the slowest ones much slower.
    /// Default (unset): twice this machine's cores plus two, sized for PostgreSQL on the same machine; where it runs
    /// elsewhere, size it to the database server's cores. A connection string that sets its own keeps it.
    /// </summary>
    public int? MaxPoolSize { get; set; }

    /// <summary>The pool size used: <see cref="MaxPoolSize"/>, or twice the cores plus two.</summary>
    public int EffectiveMaxPoolSize => MaxPoolSize ?? (2 * Environment.ProcessorCount) + 2;

    /// <summary>Uses of a statement text before Npgsql prepares it (<c>Auto Prepare Min Usages</c>). Default 2.</summary>
    public int AutoPrepareMinUsages { get; set; } = 2;

    /// <summary>
    /// A small write runs with <c>plan_cache_mode = force_generic_plan</c> (set locally to its transaction): its
    /// statements take array parameters, and PostgreSQL would otherwise plan them again on every call. Default true.
    /// </summary>
    public bool GenericPlansForSmallWrites { get; set; } = true;

    /// <summary>
    /// Single-patient PUTs written together in one transaction at most (group commit, <c>PatientWriteQueue</c>,
    /// ADR 0021). A PUT's cost is mostly per transaction (a statement per table, the commit, the round trips), not per
    /// patient, so concurrent PUTs written together cost about half as much CPU each. Groups form only while the
    /// writers are busy. Default 16, the connections a busy hospital feed or load test uses; 1 writes every PUT alone
    /// in its own request.
    /// </summary>
    public int GroupCommitMaxPatients { get; set; } = 16;

    /// <summary>
    /// Groups of PUTs written at a time (each on its own connection). Two: while one group commits, the next is
    /// locked and written; more groups side by side make each group smaller and contend for the same cores. Default 2.
    /// </summary>
    public int GroupCommitWriters { get; set; } = 2;

    /// <summary>Patients read and derived at a time when a whole cohort's outcomes are recomputed, bounding memory. Default 2,000.</summary>
    public int RecomputeChunkPatients { get; set; } = 2000;
}
