using HccOutcomes.Domain.Conventions;
using HccOutcomes.Domain.Registry;
using HccOutcomes.Infrastructure.Persistence;
using HccOutcomes.Infrastructure.Registry;

namespace HccOutcomes.Infrastructure.Outcomes;

/// <summary>
/// Keeps the derived outcomes (<c>patient_outcomes</c>) current: derives them from the patients about to be written and
/// stores them in the same transaction, after the records, under the cohort's current derivation settings.
/// </summary>
public sealed class OutcomeWriteStep : IPatientWriteStep
{
    /// <inheritdoc />
    public Func<RowWriter, CancellationToken, Task> Prepare(IReadOnlyList<Patient> patients, DerivationSettings settings)
    {
        var outcomes = OutcomeDeriver.DeriveAll(patients, settings);
        return (rows, cancellationToken) => OutcomeStore.WriteAsync(rows, patients, outcomes, cancellationToken);
    }
}

/// <summary>Set-based writes of derived outcome rows.</summary>
public static class OutcomeStore
{
    /// <summary>
    /// Writes one outcome row per patient (<paramref name="outcomes"/>[i] derived for <paramref name="patients"/>[i]):
    /// a small write upserts them, in one statement for new and replaced patients alike; a large one COPYs them (the
    /// writer has deleted the old rows of replaced patients).
    /// </summary>
    public static Task WriteAsync(RowWriter rows, IReadOnlyList<Patient> patients, IReadOnlyList<PatientOutcomes> outcomes, CancellationToken cancellationToken)
    {
        var stored = new StoredOutcomes[patients.Count];
        for (var i = 0; i < stored.Length; i++)
        {
            stored[i] = StoredOutcomes.From(patients[i].Id, patients[i].CohortId, outcomes[i]);
        }

        return rows.IsBatched ? rows.UpsertAsync(stored, NothingKept, cancellationToken) : rows.InsertAsync(stored, cancellationToken);
    }

    private static readonly HashSet<string> NothingKept = [];
}
