using HccOutcomes.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace HccOutcomes.Infrastructure.Persistence;

/// <summary>Shared EF query shapes over patients.</summary>
public static class PatientQueries
{
    /// <summary>Patients with every nested record, read-only, one query per record table.</summary>
    public static IQueryable<Patient> WithAllRecords(this HccDbContext db) => db.Patients.AsNoTracking().AsSplitQuery()
        .Include(p => p.RadiotherapyCourses)
        .Include(p => p.TaceSessions)
        .Include(p => p.SorafenibCourses)
        .Include(p => p.AntiPd1Cycles)
        .Include(p => p.TumorAssessments)
        .Include(p => p.AdverseEvents)
        .Include(p => p.FollowUp);

    /// <summary>
    /// The patient, tracked, with its row locked until the transaction ends (so the version a caller checks is the
    /// version it changes), or null.
    /// </summary>
    public static async Task<Patient?> LockPatientAsync(this HccDbContext db, Guid cohortId, string externalId, CancellationToken cancellationToken)
    {
        await db.Database.ExecuteSqlAsync(
            $"SELECT 1 FROM patients WHERE cohort_id = {cohortId} AND external_id = {externalId} FOR UPDATE", cancellationToken);
        return await db.Patients.FirstOrDefaultAsync(p => p.CohortId == cohortId && p.ExternalId == externalId, cancellationToken);
    }

    /// <summary>
    /// A cohort's patients with every record, read-only, in externalId order, <paramref name="chunkSize"/> at a time
    /// (keyset paging), so that a whole cohort is never held in memory. With <paramref name="site"/>, only that site's.
    /// </summary>
    public static async IAsyncEnumerable<List<Patient>> InChunksAsync(
        this HccDbContext db, Guid cohortId, int chunkSize, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken, string? site = null)
    {
        string? after = null;
        while (true)
        {
            var query = db.WithAllRecords().Where(p => p.CohortId == cohortId);
            if (site is not null)
            {
                query = query.Where(p => p.Site == site);
            }

            if (after is not null)
            {
                query = query.Where(p => string.Compare(p.ExternalId, after) > 0);
            }

            var chunk = await query.OrderBy(p => p.ExternalId).Take(chunkSize).ToListAsync(cancellationToken);
            if (chunk.Count == 0)
            {
                yield break;
            }

            yield return chunk;
            after = chunk[^1].ExternalId;
        }
    }
}
