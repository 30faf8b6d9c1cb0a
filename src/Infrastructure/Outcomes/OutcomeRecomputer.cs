using HccOutcomes.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace HccOutcomes.Infrastructure.Outcomes;

/// <summary>Re-derives a whole cohort's outcomes from its stored records (after a rule or parameter change).</summary>
public static class OutcomeRecomputer
{
    /// <summary>
    /// Deletes and re-inserts the cohort's derived outcome rows in one transaction, reading patients in chunks
    /// (<see cref="PersistenceTuning.RecomputeChunkPatients"/>) so memory stays bounded. Returns the number of patients derived.
    /// <paramref name="auditEntry"/>, when given, is appended in the same transaction. A locked cohort is refused
    /// (<see cref="Registry.CohortLockedException"/>): its derived data are frozen with its records.
    /// </summary>
    public static async Task<int> RecomputeCohortAsync(
        HccDbContext db, Guid cohortId, OutcomeOptions options, PersistenceTuning tuning, CancellationToken cancellationToken,
        Audit.AuditEntry? auditEntry = null)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            await CohortLock.SharedAsync(db, cohortId, cancellationToken);
            if (await db.Cohorts.AnyAsync(c => c.Id == cohortId && c.LockedAt != null, cancellationToken))
            {
                throw new Registry.CohortLockedException(cohortId);
            }

            await DerivedRows.DeleteForCohortAsync(connection, cohortId, cancellationToken);

            var count = 0;
            string? after = null;
            while (true)
            {
                var query = db.WithAllRecords().Where(p => p.CohortId == cohortId);
                if (after is not null)
                {
                    query = query.Where(p => string.Compare(p.ExternalId, after) > 0);
                }

                var chunk = await query.OrderBy(p => p.ExternalId).Take(tuning.RecomputeChunkPatients).ToListAsync(cancellationToken);
                if (chunk.Count == 0)
                {
                    break;
                }

                var rows = RowWriter.For(db, chunk.Count, tuning);
                await OutcomeStore.WriteAsync(rows, chunk, OutcomeDeriver.DeriveAll(chunk, options), cancellationToken);
                await rows.FlushAsync(cancellationToken);
                count += chunk.Count;
                after = chunk[^1].ExternalId;
            }

            // The patient rows are unchanged: touching the cohort row moves the analysis cache's key (CohortVersion).
            await CohortVersion.TouchAsync(connection, cohortId, cancellationToken);
            if (auditEntry is not null)
            {
                db.AuditEntries.Add(auditEntry);
                await db.SaveChangesAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            return count;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
