using HccOutcomes.Domain.Conventions;
using HccOutcomes.Domain.Registry;
using HccOutcomes.Infrastructure.Persistence;

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
        await foreach (var chunk in db.InChunksAsync(cohortId, tuning.RecomputeChunkPatients, cancellationToken))
        {
            var outcomes = OutcomeDeriver.DeriveAll(chunk, settings);
            for (var i = 0; i < chunk.Count; i++)
            {
                yield return (chunk[i], StoredOutcomes.From(chunk[i].Id, cohortId, outcomes[i]));
            }
        }
    }
}
