using Microsoft.EntityFrameworkCore;

namespace HccOutcomes.Infrastructure.Persistence;

/// <summary>
/// Locking a cohort against the writes under way. Every write of a cohort's data holds a shared transaction-level
/// advisory lock on the cohort until it commits; locking the cohort takes the same lock exclusively before it sets
/// <c>locked_at</c>. So the lock waits for the writes in flight, and a write that starts after it reads the cohort as
/// locked (423). A row lock (<c>FOR SHARE</c> on the cohort) would do the same but makes every concurrent write of
/// the cohort share a multixact.
/// </summary>
public static class CohortLock
{
    /// <summary>The shared lock, for a write's batch (parameter $1: the cohort ID).</summary>
    public const string SharedSql = "SELECT pg_advisory_xact_lock_shared(hashtextextended($1::text, 0))";

    /// <summary>Takes the shared lock in the current transaction.</summary>
    public static Task SharedAsync(HccDbContext db, Guid cohortId, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock_shared(hashtextextended({cohortId}::text, 0))", cancellationToken);

    /// <summary>Takes the exclusive lock in the current transaction (waits for the writes under way).</summary>
    public static Task ExclusiveAsync(HccDbContext db, Guid cohortId, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({cohortId}::text, 0))", cancellationToken);
}
