using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace HccOutcomes.Infrastructure.Persistence;

/// <summary>
/// Where a write puts its rows. Large writes stream each table with binary COPY; small writes (a single patient)
/// gather every table's rows into one <see cref="NpgsqlBatch"/>, so a whole-patient PUT is one round trip.
/// </summary>
public abstract class RowWriter
{
    /// <summary>Inserts rows of <typeparamref name="T"/>.</summary>
    public abstract Task InsertAsync<T>(IReadOnlyCollection<T> rows, CancellationToken cancellationToken) where T : class;

    /// <summary>Inserts or updates rows of <typeparamref name="T"/> by <c>id</c>, leaving <paramref name="keep"/> columns unchanged on update.</summary>
    public abstract Task UpsertByIdAsync<T>(IReadOnlyCollection<T> rows, IReadOnlySet<string> keep, CancellationToken cancellationToken) where T : class;

    /// <summary>Sends whatever is still buffered.</summary>
    public virtual Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>COPY for many rows, one batch for few.</summary>
    public static RowWriter For(DbContext db, int patients) => patients <= 25 ? new Batched(db) : new Copying(db);

    private sealed class Copying(DbContext db) : RowWriter
    {
        public override Task InsertAsync<T>(IReadOnlyCollection<T> rows, CancellationToken cancellationToken) =>
            BulkCopy.CopyAsync(db, rows, cancellationToken);

        public override Task UpsertByIdAsync<T>(IReadOnlyCollection<T> rows, IReadOnlySet<string> keep, CancellationToken cancellationToken) =>
            BulkCopy.UpsertByIdAsync(db, rows, keep, cancellationToken);
    }

    private sealed class Batched(DbContext db) : RowWriter
    {
        private readonly NpgsqlBatch _batch = new((NpgsqlConnection)db.Database.GetDbConnection());

        public override Task InsertAsync<T>(IReadOnlyCollection<T> rows, CancellationToken cancellationToken)
        {
            Add(rows, null);
            return Task.CompletedTask;
        }

        public override Task UpsertByIdAsync<T>(IReadOnlyCollection<T> rows, IReadOnlySet<string> keep, CancellationToken cancellationToken)
        {
            Add(rows, keep);
            return Task.CompletedTask;
        }

        private void Add<T>(IReadOnlyCollection<T> rows, IReadOnlySet<string>? keep) where T : class
        {
            foreach (var command in BulkCopy.InsertCommands(db, rows, keep))
            {
                _batch.BatchCommands.Add(command);
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
    }
}
