using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace HccOutcomes.Infrastructure.Persistence;

/// <summary>
/// Where a write puts its rows. Large writes stream each table with binary COPY; small writes (a PUT, a record edit, a small batch)
/// gather everything — the deletes of a replace, one multi-row INSERT or upsert per table and the read of the new
/// row versions — into one <see cref="NpgsqlBatch"/>, so the write takes one round trip.
/// </summary>
public abstract class RowWriter
{
    /// <summary>Inserts rows of <typeparamref name="T"/>.</summary>
    public abstract Task InsertAsync<T>(IReadOnlyCollection<T> rows, CancellationToken cancellationToken) where T : class;

    /// <summary>Inserts or updates rows of <typeparamref name="T"/> by primary key, leaving <paramref name="keep"/> columns unchanged on update.</summary>
    public abstract Task UpsertAsync<T>(IReadOnlyCollection<T> rows, IReadOnlySet<string> keep, CancellationToken cancellationToken) where T : class;

    /// <summary>Deletes the rows of <paramref name="table"/> with the given <c>id</c>s (before any insert of this writer).</summary>
    public abstract Task DeleteByIdAsync(string table, Guid[] ids, CancellationToken cancellationToken);

    /// <summary>True when the rows go out as statements of one batch (a small write), false when they are COPYed.</summary>
    public abstract bool IsBatched { get; }

    /// <summary>Sends whatever is still buffered.</summary>
    public virtual Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Sends whatever is still buffered, then reads the row versions (<c>xmin</c>) of the given patients.</summary>
    public abstract Task<Dictionary<Guid, uint>> FlushAndReadVersionsAsync(Guid[] patientIds, CancellationToken cancellationToken);

    /// <summary>COPY for many patients, one batch of statements for few (<see cref="PersistenceTuning.SmallWriteMaxPatients"/>).</summary>
    public static RowWriter For(DbContext db, int patients, PersistenceTuning tuning) =>
        patients <= tuning.SmallWriteMaxPatients ? new Batched(db) : new Copying(db);

    private const string VersionsSql = "SELECT id, xmin FROM patients WHERE id = ANY($1)";

    private static NpgsqlParameter Ids(Guid[] ids) => new() { Value = ids, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid };

    private static NpgsqlBatchCommand DeleteByIdCommand(string table, Guid[] ids) =>
        new($"DELETE FROM {table} WHERE id = ANY($1)") { Parameters = { Ids(ids) } };

    private static async Task<Dictionary<Guid, uint>> ReadVersionsAsync(NpgsqlDataReader reader, int capacity, CancellationToken ct)
    {
        var result = new Dictionary<Guid, uint>(capacity);
        while (await reader.ReadAsync(ct))
        {
            result[reader.GetGuid(0)] = reader.GetFieldValue<uint>(1);
        }

        return result;
    }

    private sealed class Copying(DbContext db) : RowWriter
    {
        public override bool IsBatched => false;

        private NpgsqlConnection Connection => (NpgsqlConnection)db.Database.GetDbConnection();

        public override Task InsertAsync<T>(IReadOnlyCollection<T> rows, CancellationToken cancellationToken) =>
            BulkCopy.CopyAsync(db, rows, cancellationToken);

        public override Task UpsertAsync<T>(IReadOnlyCollection<T> rows, IReadOnlySet<string> keep, CancellationToken cancellationToken) =>
            BulkCopy.UpsertAsync(db, rows, keep, cancellationToken);

        public override async Task DeleteByIdAsync(string table, Guid[] ids, CancellationToken cancellationToken)
        {
            await using var batch = new NpgsqlBatch(Connection) { BatchCommands = { DeleteByIdCommand(table, ids) } };
            await batch.ExecuteNonQueryAsync(cancellationToken);
        }

        public override async Task<Dictionary<Guid, uint>> FlushAndReadVersionsAsync(Guid[] patientIds, CancellationToken cancellationToken)
        {
            await using var command = new NpgsqlCommand(VersionsSql, Connection) { Parameters = { Ids(patientIds) } };
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await ReadVersionsAsync(reader, patientIds.Length, cancellationToken);
        }
    }

    private sealed class Batched(DbContext db) : RowWriter
    {
        private readonly NpgsqlBatch _batch = new((NpgsqlConnection)db.Database.GetDbConnection());

        public override bool IsBatched => true;

        public override Task InsertAsync<T>(IReadOnlyCollection<T> rows, CancellationToken cancellationToken)
        {
            Add(rows, null);
            return Task.CompletedTask;
        }

        public override Task UpsertAsync<T>(IReadOnlyCollection<T> rows, IReadOnlySet<string> keep, CancellationToken cancellationToken)
        {
            Add(rows, keep);
            return Task.CompletedTask;
        }

        public override Task DeleteByIdAsync(string table, Guid[] ids, CancellationToken cancellationToken)
        {
            _batch.BatchCommands.Add(DeleteByIdCommand(table, ids));
            return Task.CompletedTask;
        }

        private void Add<T>(IReadOnlyCollection<T> rows, IReadOnlySet<string>? keep) where T : class
        {
            if (rows.Count > 0)
            {
                _batch.BatchCommands.Add(BulkCopy.InsertCommand(db, rows, keep));
            }
        }

        public override async Task FlushAsync(CancellationToken cancellationToken)
        {
            if (_batch.BatchCommands.Count > 0)
            {
                await _batch.ExecuteNonQueryAsync(cancellationToken);
                _batch.BatchCommands.Clear();
            }
        }

        public override async Task<Dictionary<Guid, uint>> FlushAndReadVersionsAsync(Guid[] patientIds, CancellationToken cancellationToken)
        {
            _batch.BatchCommands.Add(new NpgsqlBatchCommand(VersionsSql) { Parameters = { Ids(patientIds) } });
            try
            {
                await using var reader = await _batch.ExecuteReaderAsync(cancellationToken);
                // Only the last command returns rows; the reader skips the other commands' results.
                return await ReadVersionsAsync(reader, patientIds.Length, cancellationToken);
            }
            finally
            {
                _batch.BatchCommands.Clear();
            }
        }
    }
}
