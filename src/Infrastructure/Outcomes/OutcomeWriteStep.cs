using HccOutcomes.Domain.Registry;
using HccOutcomes.Infrastructure.Persistence;
using HccOutcomes.Infrastructure.Registry;
using Microsoft.Extensions.Options;

namespace HccOutcomes.Infrastructure.Outcomes;

/// <summary>
/// Keeps the derived outcome tables current: runs in the transaction of every patient write, after the
/// records are stored. The writer has already deleted a replaced patient's old rows, so this only inserts.
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

        return OutcomeStore.InsertAsync(rows, outcomes, cancellationToken);
    }
}

/// <summary>Set-based writes of derived outcome rows.</summary>
public static class OutcomeStore
{
    /// <summary>COPYs the rows of <paramref name="outcomes"/> into the four outcome tables.</summary>
    public static async Task InsertAsync(RowWriter rows, IReadOnlyList<PatientOutcomes> outcomes, CancellationToken cancellationToken)
    {
        await rows.InsertAsync(outcomes.SelectMany(o => o.Responses).ToList(), cancellationToken);
        await rows.InsertAsync(outcomes.SelectMany(o => o.TimeToEvents).ToList(), cancellationToken);
        await rows.InsertAsync(outcomes.Select(o => o.Safety).ToList(), cancellationToken);
        await rows.InsertAsync(outcomes.SelectMany(o => o.SafetyTerms).ToList(), cancellationToken);
    }
}
