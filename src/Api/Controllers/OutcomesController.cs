using HccOutcomes.Api.Contracts.Outcomes;
using HccOutcomes.Api.Errors;
using HccOutcomes.Api.Outcomes;
using HccOutcomes.Api.Registry;
using HccOutcomes.Domain.Outcomes;
using HccOutcomes.Infrastructure.Outcomes;
using HccOutcomes.Infrastructure.Persistence;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace HccOutcomes.Api.Controllers;

/// <summary>
/// Derived per-patient outcomes: best overall response (RECIST 1.1, mRECIST), ADTTE-like time-to-event rows
/// (OS, PFS per criteria) and safety summaries. Kept current on every write; each value explains itself.
/// </summary>
[ApiController]
[Route("api/v1/cohorts/{cohortId:guid}")]
public sealed class OutcomesController(HccDbContext db, PatientDocuments documents) : ControllerBase
{
    /// <summary>Every derived value of one patient, with its reasoning (timepoint by timepoint for response).</summary>
    /// <param name="cohortId">Cohort.</param>
    /// <param name="externalId">Pseudonymous patient ID.</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    [HttpGet("patients/{externalId}/outcomes")]
    [Produces("application/json")]
    [ProducesResponseType<PatientOutcomesView>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<PatientOutcomesView> PatientOutcomes(
        Guid cohortId, string externalId, CancellationToken cancellationToken)
    {
        var patient = await documents.LoadAsync(cohortId, externalId, cancellationToken);
        // Stored rows give the values; the timepoint derivation behind them is re-derived from the records.
        var settings = await DerivationSettingsStore.CurrentAsync(db, cohortId, cancellationToken);
        var evaluations = OutcomeDeriver.Derive(patient, settings).Evaluations;
        var stored = await db.PatientOutcomes.AsNoTracking().FirstOrDefaultAsync(o => o.PatientId == patient.Id, cancellationToken);

        return new PatientOutcomesView(
            patient.ExternalId,
            patient.Arm,
            patient.OnStudyDate,
            stored is null ? [] : stored.Responses().Select(r => new ResponseOutcomeView(
                r.Criteria, r.Source.ToString(), r.BestOverallResponse, r.ObjectiveResponse, r.DiseaseControl, r.ResponseDate,
                r.TimeToResponseDays, r.DurationOfResponseDays, r.DurationOfResponseCensored, r.BestPercentChange, r.BaselineSumMm,
                r.Reasoning, evaluations.Single(e => e.Criteria == r.Criteria))).ToList(),
            stored?.TimeToEvents() ?? [],
            stored?.KeyedSafety(),
            stored?.Terms() ?? []);
    }

    /// <summary>
    /// The cohort's per-patient outcome table (one row per patient) as JSON, or with <c>Accept: text/csv</c> an
    /// ADTTE-like tidy CSV for R/SAS/SPSS: one row per patient per parameter (OS, PFSCLIN, PFS_MRECIST, PFS_RECIST) with
    /// USUBJID, ARM, PARAMCD, PARAM, AVAL (days), AVALU, AVALM (months), CNSR, STARTDT, ADT, EVNTDESC, SRCREC, and per
    /// patient BORRECIST and BORMRECIST (best overall response per criteria), SETVER (derivation settings version) and
    /// DCUTDT (data cut-off, empty when every record was used).
    /// </summary>
    /// <param name="cohortId">Cohort.</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    [HttpGet("outcomes")]
    [Produces("application/json", "text/csv")]
    [ProducesResponseType<IReadOnlyList<PatientOutcomeRow>>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<IActionResult> CohortOutcomes(Guid cohortId, CancellationToken cancellationToken)
    {
        await documents.EnsureCohortExistsAsync(cohortId, cancellationToken);
        if (Request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase)))
        {
            await AdtteCsv.WriteAsync(Response, OutcomeTableQuery.AdtteRowsAsync(db, cohortId, cancellationToken), cancellationToken);
            return new EmptyResult();
        }

        // Serialized as the rows are read, so a large cohort is never held in memory.
        return Ok(OutcomeTableQuery.PatientRowsAsync(db, cohortId, cancellationToken));
    }

    /// <summary>
    /// Recomputes every derived outcome of the cohort from its stored records under its current derivation settings
    /// (after a rule change), in one transaction. Returns the number of patients derived.
    /// </summary>
    /// <param name="cohortId">Cohort.</param>
    /// <param name="tuning">Recompute chunk size.</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    [HttpPost("outcomes/recompute")]
    [Produces("application/json")]
    [ProducesResponseType<RecomputeResult>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<RecomputeResult> Recompute(
        Guid cohortId, [FromServices] IOptions<PersistenceTuning> tuning, CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        var count = await OutcomeRecomputer.RecomputeCohortAsync(db, cohortId, tuning.Value, cancellationToken);
        return new RecomputeResult(count, started.Elapsed.TotalSeconds);
    }
}
