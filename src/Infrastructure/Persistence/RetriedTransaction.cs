using Microsoft.EntityFrameworkCore;

namespace HccOutcomes.Infrastructure.Persistence;

/// <summary>
/// A unit of work that is retried as a whole. The context's execution strategy retries transient failures (connection
/// refused or broken, PostgreSQL restarting); a transaction the application opens itself can only be retried by
/// running all of it again, so every write that needs one goes through here.
/// </summary>
public static class RetriedTransaction
{
    /// <summary>
    /// Runs <paramref name="work"/> in one transaction on one open connection and commits it. After a transient failure
    /// the transaction is rolled back and <paramref name="work"/> runs again from the start: it must read what it
    /// depends on (locks, versions, existing rows) inside, and may not rely on state a failed attempt left behind.
    /// Entities it tracked are forgotten before a retry, so a failed attempt's audit entries are not saved twice.
    /// </summary>
    public static Task<T> InRetriedTransactionAsync<T>(this HccDbContext db, Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        var attempts = 0;
        return db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            if (attempts++ > 0)
            {
                db.ChangeTracker.Clear();
            }

            await db.Database.OpenConnectionAsync(ct);
            try
            {
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                var result = await work(ct);
                await transaction.CommitAsync(ct);
                return result;
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        }, cancellationToken);
    }

    /// <inheritdoc cref="InRetriedTransactionAsync{T}"/>
    public static Task InRetriedTransactionAsync(this HccDbContext db, Func<CancellationToken, Task> work, CancellationToken cancellationToken) =>
        db.InRetriedTransactionAsync<bool>(async ct =>
        {
            await work(ct);
            return true;
        }, cancellationToken);
}
