using HccOutcomes.Api.Access;
using HccOutcomes.Api.Contracts.Outcomes;
using HccOutcomes.Api.Errors;
using HccOutcomes.Api.Outcomes;
using HccOutcomes.Api.Registry;
using HccOutcomes.Domain.Outcomes;
using HccOutcomes.Infrastructure.Outcomes;
using HccOutcomes.Infrastructure.Persistence;
using Microsoft.AspNetCore.Authorization;
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
[Authorize(Policy = Policies.Analyse)]
public sealed class OutcomesController(HccDbContext db, PatientDocuments documents, TimeProvider clock) : ControllerBase
{
    /// <summary>
    /// Every derived value of one patient, with its reasoning.
    /// Every derived value of one patient, with its reasoning (timepoint by timepoint for response), under the cohort's
    /// derivation settings. <c>dataCutoffDate</c> derives them again at another data cut-off for this request only.
    /// </summary>
    /// <param name="cohortId">Cohort.</param>
    /// <param name="externalId">Pseudonymous patient ID.</param>
    /// <param name="cutoff">Data cut-off for this request (ISO date, not in the future); omitted: the cohort's own.</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    /// <response code="400">The data cut-off is invalid.</response>
    [HttpGet("patients/{externalId}/outcomes")]
    [Produces("application/json")]
    [ProducesResponseType<PatientOutcomesView>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<PatientOutcomesView> PatientOutcomes(
        Guid cohortId, string externalId, [FromQuery(Name = "dataCutoffDate")] DateOnly? cutoff, CancellationToken cancellationToken)
    {
        CutoffQuery.Check(cutoff, clock);
        var patient = await documents.LoadAsync(cohortId, externalId, cancellationToken);
        var settings = await DerivationSettingsStore.CurrentAsync(db, cohortId, cancellationToken);
        var overridden = cutoff is not null && cutoff != settings.DataCutoffDate;
        // Stored rows give the values; the timepoint derivation behind them is re-derived from the records.
        var derived = OutcomeDeriver.Derive(patient, overridden ? settings.WithCutoff(cutoff) : settings);
        var evaluations = derived.Evaluations;
        var stored = overridden
            ? StoredOutcomes.From(patient.Id, cohortId, derived)
            : await db.PatientOutcomes.AsNoTracking().FirstOrDefaultAsync(o => o.PatientId == patient.Id, cancellationToken);

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
    /// The cohort's per-patient outcome table, as JSON or CSV.
    /// The cohort's per-patient outcome table (one row per patient) as JSON, or with <c>Accept: text/csv</c> an
    /// ADTTE-like tidy CSV for R/SAS/SPSS: one row per patient per parameter (OS, PFSCLIN, PFS_MRECIST, PFS_RECIST) with
    /// USUBJID, ARM, PARAMCD, PARAM, AVAL (days), AVALU, AVALM (months), CNSR, STARTDT, ADT, EVNTDESC, SRCREC, and per
    /// patient BORRECIST and BORMRECIST (best overall response per criteria), SETVER (derivation settings version) and
    /// DCUTDT (data cut-off, empty when every record was used).
    /// </summary>
    /// <param name="cohortId">Cohort.</param>
    /// <param name="cutoff">
    /// Data cut-off for this request (ISO date, not in the future): the outcomes are derived again at it instead of read
    /// from the stored rows. Omitted: the cohort's own.
    /// </param>
    /// <param name="tuning">Chunk size of a derivation at another cut-off.</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    /// <response code="400">The data cut-off is invalid.</response>
    [HttpGet("outcomes")]
    [Produces("application/json", "text/csv")]
    [ProducesResponseType<IReadOnlyList<PatientOutcomeRow>>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status304NotModified)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<IActionResult> CohortOutcomes(
        Guid cohortId, [FromQuery(Name = "dataCutoffDate")] DateOnly? cutoff, [FromServices] IOptions<PersistenceTuning> tuning, CancellationToken cancellationToken)
    {
        CutoffQuery.Check(cutoff, clock);
        await documents.EnsureCohortExistsAsync(cohortId, cancellationToken);
        var csv = Request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase));

        // The table changes only with the cohort's content (every committed write moves its version): a client that
        // polls it sends the ETag back and gets 304 instead of the whole table again.
        var version = await CohortVersion.ReadAsync(db, cohortId, cancellationToken);
        var etag = new Microsoft.Net.Http.Headers.EntityTagHeaderValue(
            $"\"{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{version}|{cutoff}|{csv}")))[..32]}\"");
        Response.Headers.ETag = etag.ToString();
        if (Hosting.ConditionalGetFilter.IfNoneMatchNames(Request, etag))
        {
            return StatusCode(StatusCodes.Status304NotModified);
        }

        var settings = await DerivationSettingsStore.CurrentAsync(db, cohortId, cancellationToken);
        var derived = cutoff is not null && cutoff != settings.DataCutoffDate
            ? DerivedCohort.DeriveAsync(db, cohortId, settings.WithCutoff(cutoff), tuning.Value, cancellationToken)
            : null;
        if (csv)
        {
            var rows = derived is null ? OutcomeTableQuery.AdtteRowsAsync(db, cohortId, cancellationToken) : OutcomeTableQuery.AdtteRowsOf(derived);
            await AdtteCsv.WriteAsync(Response, rows, cancellationToken);
            return new EmptyResult();
        }

        // Serialized as the rows are read, so a large cohort is never held in memory.
        return Ok(derived is null ? OutcomeTableQuery.PatientRowsAsync(db, cohortId, cancellationToken) : OutcomeTableQuery.PatientRowsOf(derived));
    }

    /// <summary>
    /// Recomputes every derived outcome of the cohort.
    /// Recomputes every derived outcome of the cohort from its stored records under its current derivation settings
    /// (after a rule change), in one transaction. Returns the number of patients derived.
    /// </summary>
    /// <param name="cohortId">Cohort.</param>
    /// <param name="tuning">Recompute chunk size.</param>
    /// <param name="audit">The audit trail.</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    [HttpPost("outcomes/recompute")]
    [Authorize(Policy = Policies.ManageData)]
    [Produces("application/json")]
    [ProducesResponseType<RecomputeResult>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<RecomputeResult> Recompute(
        Guid cohortId, [FromServices] IOptions<PersistenceTuning> tuning, [FromServices] Infrastructure.Audit.AuditTrail audit,
        CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        var entry = audit.Entry("outcomes.recompute", cohortId, $"cohorts/{cohortId}/outcomes", null, null);
        var count = await OutcomeRecomputer.RecomputeCohortAsync(db, cohortId, tuning.Value, cancellationToken, entry);
        return new RecomputeResult(count, started.Elapsed.TotalSeconds);
    }
}

/// <summary>The <c>dataCutoffDate</c> query parameter of the outcome reads: a date not in the future.</summary>
internal static class CutoffQuery
{
    public static void Check(DateOnly? cutoff, TimeProvider clock)
    {
        if (cutoff is { } date && date > DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime))
        {
            throw new RequestValidationException(new Dictionary<string, string[]>
            {
                ["dataCutoffDate"] = [$"dataCutoffDate {Contracts.Patients.Dates.Iso(date)} is in the future."],
            });
        }
    }
}
