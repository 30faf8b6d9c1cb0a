using HccOutcomes.Api.Access;
using HccOutcomes.Api.Errors;
using HccOutcomes.Api.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace HccOutcomes.Api.Interop.Fhir;

/// <summary>
/// HL7 FHIR R4 in and out, in the mCODE profiles: a patient as a Bundle, a cohort as Bulk Data ndjson, and imports of
/// either through the same validation and batch write as <c>POST …/patients/batch</c> (interop/fhir/README.md).
/// </summary>
[ApiController]
[Route("api/v1/cohorts/{cohortId:guid}")]
[Authorize(Policy = Policies.ReadRecords)]
public sealed class FhirController(FhirExport export, FhirImport import) : ControllerBase
{
    /// <summary>Largest import body: 512 MiB (about 10,000 complete patients as ndjson, with room).</summary>
    public const long MaxImportBytes = 512L * 1024 * 1024;

    /// <summary>One patient as a FHIR R4 collection Bundle.</summary>
    /// <remarks>
    /// The Bundle holds the cohort's ResearchStudy, the Patient (mCODE CancerPatient), its ResearchSubject and every
    /// record as mCODE resources (PrimaryCancerCondition, RadiotherapyCourseSummary, TumorSize, CancerDiseaseStatus,
    /// CancerRelatedMedicationRequest/Administration, AdverseEvent …). A submitter sees only its site's patients.
    /// </remarks>
    /// <param name="cohortId">Cohort.</param>
    /// <param name="externalId">Pseudonymous patient ID.</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    /// <response code="200">The Bundle (<c>application/fhir+json</c>).</response>
    [HttpGet("patients/{externalId}/fhir")]
    [ProducesResponseType(typeof(object), StatusCodes.Status200OK, FhirJson.MediaType)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task ExportPatient(Guid cohortId, string externalId, CancellationToken cancellationToken)
    {
        var bundle = await export.PatientBundleAsync(cohortId, externalId, cancellationToken);
        await FhirExport.WriteAsync(Response, bundle, cancellationToken);
    }

    /// <summary>The cohort as FHIR Bulk Data ndjson, streamed.</summary>
    /// <remarks>
    /// One resource per line: the cohort's ResearchStudy, then all Patients, all ResearchSubjects, Conditions,
    /// Observations, BodyStructures, DiagnosticReports, Procedures, MedicationRequests, MedicationAdministrations and
    /// AdverseEvents, each type's lines together (as the files of a Bulk Data <c>$export</c>, concatenated). The body
    /// can be sent back to <c>POST …/imports/fhir</c> as it is. A submitter gets only its site's patients.
    /// </remarks>
    /// <param name="cohortId">Cohort.</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    /// <response code="200">The resources (<c>application/fhir+ndjson</c>).</response>
    [HttpGet("fhir")]
    [ProducesResponseType(typeof(string), StatusCodes.Status200OK, FhirJson.NdjsonMediaType)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task ExportCohort(Guid cohortId, CancellationToken cancellationToken)
    {
        // Headers go out with the first line, after the cohort is known to exist.
        Response.ContentType = FhirJson.NdjsonMediaType;
        await export.WriteCohortAsync(cohortId, Response.Body, cancellationToken);
    }

    /// <summary>Imports FHIR R4 resources (a Bundle or Bulk Data ndjson) as patients, all or nothing.</summary>
    /// <remarks>
    /// <c>application/fhir+json</c>: a Bundle of type collection, transaction or batch. <c>application/fhir+ndjson</c>:
    /// one resource per line, types mixed or grouped. Resources are grouped by their subject/patient into patient
    /// documents (interop/fhir/README.md), which pass the same validator and batch write as <c>POST …/patients/batch</c>:
    /// re-importing the same resources changes nothing. Errors name the resource and FHIR path, e.g.
    /// <c>Observation/abc123:Observation.valueQuantity.code</c>. Resources that carry nothing the registry records are
    /// counted and listed in the answer, never silently dropped. Bodies up to 512 MiB.
    /// </remarks>
    /// <param name="cohortId">Cohort.</param>
    /// <param name="dryRun">Parse, map and validate only; write nothing.</param>
    /// <param name="validate"><c>full</c>: also validate every resource against the R4 core specification (Firely
    /// validator; slower). By default resources are parsed strictly (unknown elements, wrong types and malformed values
    /// are errors) and checked by the mapping.</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    /// <response code="200">Imported (or, with dryRun, would import).</response>
    /// <response code="400">Not FHIR R4: malformed JSON, an unknown resource type or element, or (with validate=full) a
    /// core validation error. Nothing was written.</response>
    /// <response code="413">The body is larger than 512 MiB.</response>
    /// <response code="415">Neither application/fhir+json nor application/fhir+ndjson.</response>
    /// <response code="422">Valid FHIR that cannot become valid patient documents (a broken reference, an unknown unit,
    /// a missing grade…). Nothing was written.</response>
    [HttpPost("imports/fhir")]
    [Idempotent]
    [Authorize(Policy = Policies.WriteRecords)]
    [FhirRequestBody]
    [BodyLimit(MaxImportBytes)]
    [ProducesResponseType<FhirImportResponse>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status413PayloadTooLarge, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status415UnsupportedMediaType, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status423Locked, "application/problem+json")]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    public async Task<FhirImportResponse> Import(Guid cohortId, [FromQuery] bool dryRun, [FromQuery] string? validate, CancellationToken cancellationToken)
    {
        if (validate is not (null or "full"))
        {
            throw RequestValidationException.For("validate", "validate is 'full' (R4 core validation of every resource) or omitted.");
        }

        return await import.ImportAsync(cohortId, Request, dryRun, validate == "full", cancellationToken);
    }
}
