using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace HccOutcomes.Infrastructure.Persistence;

/// <summary>
/// A version of a cohort's whole content, for analysis caches: the cohort row's <c>xmin</c> (touched by outcome
/// recomputes) plus the count of its patients and the sum of their rows' <c>xmin</c>. Every create or replace writes the
/// patient row, and a written row carries its transaction's ID, which is newer than the one it replaces, so the sum
/// changes with every committed patient write, whatever order concurrent writes commit in; a delete changes the count.
/// Patient writes do not touch the cohort row, so concurrent writers never queue on it.
/// </summary>
public static class CohortVersion
{
    /// <summary>Touches the cohort row inside the caller's transaction (rare writes only: it holds the row lock to commit).</summary>
    public static async Task TouchAsync(NpgsqlConnection connection, Guid cohortId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("UPDATE cohorts SET updated_at = now() WHERE id = @c", connection);
        command.Parameters.AddWithValue("c", cohortId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The cohort's current version on <paramref name="db"/>'s connection, or null when it does not exist.</summary>
    public static async Task<string?> ReadAsync(HccDbContext db, Guid cohortId, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            return await ReadAsync((NpgsqlConnection)db.Database.GetDbConnection(), cohortId, cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>The cohort's current version, or null when it does not exist.</summary>
    public static async Task<string?> ReadAsync(NpgsqlConnection connection, Guid cohortId, CancellationToken cancellationToken)
    {
        // xid has no cast to a number; its text form is the 32-bit transaction ID.
        await using var command = new NpgsqlCommand(
            "SELECT c.xmin::text || '/' || count(p.id) || '/' || coalesce(sum(p.xmin::text::bigint), 0) " +
            "FROM cohorts c LEFT JOIN patients p ON p.cohort_id = c.id WHERE c.id = @c GROUP BY c.xmin", connection);
        command.Parameters.AddWithValue("c", cohortId);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }
}
