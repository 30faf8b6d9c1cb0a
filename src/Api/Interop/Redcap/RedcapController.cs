using FluentValidation;
using HccOutcomes.Api.Access;
using HccOutcomes.Api.Contracts.Patients;
using HccOutcomes.Api.Errors;
using HccOutcomes.Api.Hosting;
using HccOutcomes.Api.Registry;
using HccOutcomes.Infrastructure.Access;
using HccOutcomes.Infrastructure.Audit;
using HccOutcomes.Infrastructure.Interop;
using HccOutcomes.Infrastructure.Persistence;
using HccOutcomes.Infrastructure.Registry;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace HccOutcomes.Api.Interop.Redcap;

/// <summary>
/// REDCap in and out: a REDCap record export imported as patient documents through the batch write path, and the
/// cohort exported as a REDCap import CSV for the registry's data dictionary (<c>interop/redcap/data-dictionary.csv</c>).
/// </summary>
[ApiController]
[Route("api/v1/cohorts/{cohortId:guid}")]
[Authorize(Policy = Policies.ReadRecords)]
[Produces("application/json")]
public sealed class RedcapController(
    PatientDocuments documents, IValidator<PatientBatchRequest> batchValidator, IActorAccessor actors, HccDbContext db,
    AuditTrail audit, IOptions<JsonOptions> json) : ControllerBase
{
    /// <summary>Largest accepted export body (bytes); a larger one answers 413.</summary>
    public const long MaxExportBytes = 512L * 1024 * 1024;

    /// <summary>Imports a REDCap record export (CSV or API JSON) into the cohort, all or nothing.</summary>
    /// <remarks>
    /// The body is the CSV of REDCap's "Export Data" (<c>text/csv</c>; raw codes, or labels with <c>?values=labels</c>
    /// and variable names as the header) or the JSON of the REDCap API (<c>application/json</c>; <c>content=record</c>,
    /// <c>format=json</c>, <c>type=flat</c>), or either as the <c>file</c> part of <c>multipart/form-data</c> after a
    /// <c>mapping</c> part (a mapping document for a project whose field names or codes differ from the registry's).
    /// Without a mapping part the cohort's stored mapping, if any, applies.
    /// <para>
    /// Rows (one per record, one per repeating-instrument instance; <c>redcap_event_name</c> of longitudinal projects
    /// accepted) are grouped into patient documents and go through the same validation and write as
    /// <c>POST …/patients/batch</c> (at most 10,000 records): nothing is written when any row fails, re-importing the
    /// same export changes nothing, <c>?dryRun=true</c> only validates. Errors are keyed by REDCap coordinates, e.g.
    /// <c>record 17 / adverse_events #2 / ae_grade</c>, and each message starts with the row of the file (CSV line;
    /// JSON: position in the array). Bodies above 512 MiB answer 413.
    /// </para>
    /// </remarks>
    /// <param name="cohortId">Cohort.</param>
    /// <param name="values"><c>raw</c> (default): choices as raw codes; <c>labels</c>: choices as labels.</param>
    /// <param name="dryRun">Validate only; write nothing.</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    /// <response code="200">Imported (or, with dryRun, valid): counts of created, replaced and unchanged patients.</response>
    /// <response code="400">A row, field or value is invalid; the errors name record, instrument, instance, field and row. Nothing was written.</response>
    /// <response code="413">The body exceeds 512 MiB.</response>
    /// <response code="415">The body is neither text/csv, application/json nor multipart/form-data.</response>
    [HttpPost("imports/redcap")]
    [Idempotent]
    [Authorize(Policy = Policies.WriteRecords)]
    [Consumes("text/csv", "application/json", "multipart/form-data")]
    [BodyLimit(MaxExportBytes)]
    [StreamedFormBody]
    [ProducesResponseType<PatientBatchResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status413PayloadTooLarge)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status415UnsupportedMediaType)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status423Locked)]
    public async Task<PatientBatchResponse> Import(
        Guid cohortId, [FromQuery] RedcapValues values = RedcapValues.Raw, [FromQuery] bool dryRun = false, CancellationToken cancellationToken = default)
    {
        await documents.EnsureCohortExistsAsync(cohortId, cancellationToken);
        var import = await RedcapExportReader.ReadAsync(
            Request, values == RedcapValues.Labels, ct => RedcapMappingStore.ReadAsync(db, cohortId, json.Value.JsonSerializerOptions, ct),
            json.Value.JsonSerializerOptions, cancellationToken);
        var batch = new PatientBatchRequest { Patients = import.Documents };
        var validation = batchValidator.Validate(batch);
        if (!validation.IsValid)
        {
            throw Rejected(import, validation.Errors.GroupBy(e => e.PropertyName).Select(g => KeyValuePair.Create(g.Key, g.Select(e => e.ErrorMessage).ToArray())));
        }

        var warnings = batch.Patients
            .SelectMany((p, i) => ClinicalDates.Warnings(p, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"patients[{i}].")))
            .Take(1000)
            .Select(import.Translate)
            .ToList();
        if (dryRun)
        {
            return new PatientBatchResponse(true, batch.Patients.Count, 0, 0, 0, warnings);
        }

        IReadOnlyList<PatientWriteResult> results;
        try
        {
            results = await documents.WriteBatchAsync(cohortId, batch.Patients, cancellationToken);
        }
        catch (RequestValidationException e)
        {
            // The write path's own refusals (a submitter's document naming another site) in REDCap terms.
            throw Rejected(import, e.Errors);
        }

        return PatientBatchResponse.Written(batch.Patients.Count, results, warnings);
    }

    /// <summary>Exports the cohort as a REDCap import CSV for the registry's data dictionary.</summary>
    /// <remarks>
    /// Raw codes; one row per patient (patient, baseline, follow-up) and one per repeating-instrument instance
    /// (<c>redcap_repeat_instrument</c>, <c>redcap_repeat_instance</c>), streamed. Import it into a REDCap project built
    /// from <c>interop/redcap/data-dictionary.csv</c>, or back into a cohort with <c>POST …/imports/redcap</c>. A
    /// submitter gets its own site's patients only.
    /// </remarks>
    /// <param name="cohortId">Cohort.</param>
    /// <param name="tuning">Chunk size of the cohort read.</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    /// <response code="200">The CSV.</response>
    [HttpGet("exports/redcap")]
    [Produces("text/csv")]
    [ProducesResponseType<string>(StatusCodes.Status200OK, "text/csv")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<IActionResult> Export(Guid cohortId, [FromServices] IOptions<PersistenceTuning> tuning, CancellationToken cancellationToken)
    {
        await documents.EnsureCohortExistsAsync(cohortId, cancellationToken);
        Response.Headers.ContentDisposition = $"attachment; filename=\"cohort-{cohortId}-redcap.csv\"";
        await new RedcapExportWriter(RedcapProject.Registry).WriteAsync(Response, VisiblePatients(cohortId, tuning.Value.RecomputeChunkPatients, cancellationToken), cancellationToken);
        return new EmptyResult();
    }

    /// <summary>The cohort's stored REDCap mapping document.</summary>
    /// <remarks>Applied to every import of the cohort that does not bring its own <c>mapping</c> part.</remarks>
    /// <param name="cohortId">Cohort.</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    /// <response code="404">The cohort does not exist or has no mapping.</response>
    [HttpGet("imports/redcap/mapping")]
    [ProducesResponseType<RedcapMapping>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<RedcapMapping> GetMapping(Guid cohortId, CancellationToken cancellationToken)
    {
        await documents.EnsureCohortExistsAsync(cohortId, cancellationToken);
        return await RedcapMappingStore.ReadAsync(db, cohortId, json.Value.JsonSerializerOptions, cancellationToken)
            ?? throw new NotFoundException($"Cohort {cohortId} has no REDCap mapping.");
    }

    /// <summary>Stores the cohort's REDCap mapping document (audited).</summary>
    /// <remarks>
    /// <c>fields</c> renames the site's fields to the registry's, <c>choices</c> maps the site's codes per registry field,
    /// <c>instruments</c> names which of the site's repeating instruments holds which registry list. Names that are not
    /// in the registry's dictionary are refused.
    /// </remarks>
    /// <param name="cohortId">Cohort.</param>
    /// <param name="mapping">The mapping document.</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    /// <response code="400">The mapping names a field, choice field or instrument the registry's project does not have.</response>
    [HttpPut("imports/redcap/mapping")]
    [Authorize(Policy = Policies.ManageData)]
    [Consumes("application/json")]
    [ProducesResponseType<RedcapMapping>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<RedcapMapping> PutMapping(Guid cohortId, RedcapMapping mapping, CancellationToken cancellationToken)
    {
        var errors = mapping.Check(RedcapProject.Registry);
        if (errors.Count > 0)
        {
            throw new RequestValidationException(errors);
        }

        await documents.EnsureCohortExistsAsync(cohortId, cancellationToken);
        var document = System.Text.Json.JsonSerializer.Serialize(mapping, json.Value.JsonSerializerOptions);
        var stored = await db.RedcapMappings.FirstOrDefaultAsync(m => m.CohortId == cohortId, cancellationToken);
        var before = stored?.Document;
        if (stored is null)
        {
            stored = new StoredRedcapMapping { CohortId = cohortId, Version = 0 };
            db.RedcapMappings.Add(stored);
        }

        stored.Document = document;
        stored.Version++;
        stored.UpdatedAt = DateTimeOffset.UtcNow;
        audit.Add(db, "redcap.mapping.put", cohortId, $"cohorts/{cohortId}/imports/redcap/mapping", before, document);
        await db.SaveChangesAsync(cancellationToken);
        return mapping;
    }

    // The cohort read in the chunks the recompute uses; a submitter sees its own site's patients only.
    private async IAsyncEnumerable<PatientDocument> VisiblePatients(Guid cohortId, int chunkSize, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var actor = actors.Current;
        await foreach (var chunk in db.InChunksAsync(cohortId, chunkSize, cancellationToken))
        {
            foreach (var patient in chunk.Where(p => actor.Sees(p.Site)))
            {
                yield return PatientDocumentMapper.ToDocument(patient);
            }
        }
    }

    private static RequestValidationException Rejected(RedcapImport import, IEnumerable<KeyValuePair<string, string[]>> errors) =>
        new(import.Translate(errors), "The REDCap export has errors; nothing was written. Each key names the record, instrument, instance and field.");
}

/// <summary>How an export gives its choices.</summary>
public enum RedcapValues
{
    /// <summary>Raw codes (REDCap's default).</summary>
    Raw,

    /// <summary>Labels.</summary>
    Labels,
}
