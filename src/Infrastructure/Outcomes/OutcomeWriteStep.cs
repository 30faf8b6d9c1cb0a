using HccOutcomes.Domain.Registry;
using HccOutcomes.Infrastructure.Persistence;
using HccOutcomes.Infrastructure.Registry;
using Microsoft.Extensions.Options;

namespace HccOutcomes.Infrastructure.Outcomes;

/// <summary>
/// Keeps the derived outcomes (<c>patient_outcomes</c>) current: runs in the transaction of every patient write, after the
/// records are stored. The writer has already deleted a replaced patient's old row, so this only inserts.
/// </summary>
public sealed class OutcomeWriteStep(IOptions<OutcomeOptions> options) : IPatientWriteStep
{
    /// <inheritdoc />
    public Task AfterPatientsWrittenAsync(RowWriter rows, IReadOnlyList<Patient> patients, CancellationToken cancellationToken)
    {
        var outcomes = new PatientOutcomes[patients.Count];
        if (patients.Count < 64)
        {
            for (var i = 0; i < outcomes.Length; i++)
            {
                outcomes[i] = OutcomeDeriver.Derive(patients[i], options.Value);
            }
        }
        else
        {
            Parallel.For(0, outcomes.Length, i => outcomes[i] = OutcomeDeriver.Derive(patients[i], options.Value));
        }

        return OutcomeStore.InsertAsync(rows, patients, outcomes, cancellationToken);
    }
}

/// <summary>Set-based writes of derived outcome rows.</summary>
public static class OutcomeStore
{
    /// <summary>Inserts one outcome row per patient (<paramref name="outcomes"/>[i] derived for <paramref name="patients"/>[i]).</summary>
    public static Task InsertAsync(RowWriter rows, IReadOnlyList<Patient> patients, IReadOnlyList<PatientOutcomes> outcomes, CancellationToken cancellationToken)
    {
        var stored = new StoredOutcomes[patients.Count];
        for (var i = 0; i < stored.Length; i++)
        {
            stored[i] = StoredOutcomes.From(patients[i].Id, patients[i].CohortId, outcomes[i]);
        }

        return rows.InsertAsync(stored, cancellationToken);
    }
}
