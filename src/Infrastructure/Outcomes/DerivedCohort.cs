using HccOutcomes.Domain.Conventions;
using HccOutcomes.Domain.Registry;
using HccOutcomes.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace HccOutcomes.Infrastructure.Outcomes;

/// <summary>
/// A cohort's outcomes derived on the fly under other settings than its stored ones (a per-request data cut-off), in
/// externalId order, reading the records in chunks (<see cref="PersistenceTuning.RecomputeChunkPatients"/>). Nothing is stored.
/// </summary>
public static class DerivedCohort
{
    /// <summary>Each patient of the cohort with the outcomes derived under <paramref name="settings"/>.</summary>
    public static async IAsyncEnumerable<(Patient Patient, StoredOutcomes Outcomes)> DeriveAsync(
        HccDbContext db, Guid cohortId, DerivationSettings settings, PersistenceTuning tuning,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
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
                yield break;
            }

            var outcomes = OutcomeDeriver.DeriveAll(chunk, settings);
            for (var i = 0; i < chunk.Count; i++)
            {
                yield return (chunk[i], StoredOutcomes.From(chunk[i].Id, cohortId, outcomes[i]));
            }

            after = chunk[^1].ExternalId;
        }
    }
}
