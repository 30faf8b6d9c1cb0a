using HccOutcomes.Api.Access;
using HccOutcomes.Api.Contracts.Patients;
using HccOutcomes.Api.Errors;
using HccOutcomes.Api.Registry;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace HccOutcomes.Api.Controllers.Records;

/// <summary>
/// A patient's follow-up status (last contact, death, progression, subsequent therapies): one per patient.
/// Every write is a whole-patient write: the whole document is validated (e.g. no record after the death date).
/// </summary>
[ApiController]
[Route(RecordRoutes.Patient + "follow-up")]
[Authorize(Policy = Policies.ReadRecords)]
[Produces("application/json")]
[Consumes("application/json")]
public sealed class FollowUpController(PatientRecordEditor editor) : ControllerBase
{
    private const string Path = "followUp";

    /// <summary>Returns the patient's follow-up. The <c>ETag</c> is the patient's version.</summary>
    /// <param name="cohortId">Cohort.</param>
    /// <param name="externalId">Pseudonymous patient ID.</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    /// <response code="200">The follow-up.</response>
    /// <response code="404">Unknown cohort or patient, or no follow-up recorded yet.</response>
    [HttpGet(Name = "GetFollowUp")]
    [ProducesResponseType<FollowUpDto>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    [ProducesResponseType(StatusCodes.Status304NotModified)]
    public async Task<FollowUpDto> Get(Guid cohortId, string externalId, CancellationToken cancellationToken)
    {
        var stored = await editor.ReadAsync(cohortId, externalId, cancellationToken);
        ETags.Set(Response, stored.Version);
        return Existing(stored.Document, externalId);
    }

    /// <summary>
    /// Creates or replaces the patient's follow-up (keeping its ID and creation time). The whole patient is
    /// validated (death and last contact not before on-study, nothing after death); nothing is written on a rejection.
    /// </summary>
    /// <param name="cohortId">Cohort.</param>
    /// <param name="externalId">Pseudonymous patient ID.</param>
    /// <param name="followUp">The follow-up (read-only members are ignored).</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    /// <response code="200">Replaced (or already identical).</response>
    /// <response code="201">Created.</response>
    /// <response code="400">A field is invalid; paths are relative to the body unless they name another record. Nothing was written.</response>
    /// <response code="404">Unknown cohort or patient.</response>
    /// <response code="412">If-Match names a stale patient version. Nothing was written.</response>
    [HttpPut]
    [Authorize(Policy = Policies.WriteRecords)]
    [ProducesResponseType<FollowUpDto>(StatusCodes.Status200OK)]
    [ProducesResponseType<FollowUpDto>(StatusCodes.Status201Created)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status412PreconditionFailed)]
    public async Task<ActionResult<FollowUpDto>> Put(Guid cohortId, string externalId, FollowUpDto followUp, CancellationToken cancellationToken)
    {
        var created = false;
        var stored = await editor.EditAsync(cohortId, externalId, Request, "followUp.replace", true, document =>
        {
            created = document.FollowUp is null;
            followUp.Id = document.FollowUp?.Id;
            document.FollowUp = followUp;
            return Path;
        }, cancellationToken);

        ETags.Set(Response, stored.Version);
        var body = stored.Document.FollowUp!;
        return created ? CreatedAtRoute("GetFollowUp", new { cohortId, externalId }, body) : Ok(body);
    }

    /// <summary>Deletes the patient's follow-up. Honours <c>If-Match</c>; the response carries the patient's new <c>ETag</c>.</summary>
    /// <param name="cohortId">Cohort.</param>
    /// <param name="externalId">Pseudonymous patient ID.</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    /// <response code="204">Deleted.</response>
    /// <response code="404">Unknown cohort or patient, or no follow-up recorded.</response>
    /// <response code="412">If-Match names a stale patient version. Nothing was written.</response>
    [HttpDelete]
    [Authorize(Policy = Policies.WriteRecords)]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status412PreconditionFailed)]
    public async Task<IActionResult> Delete(Guid cohortId, string externalId, CancellationToken cancellationToken)
    {
        var stored = await editor.EditAsync(cohortId, externalId, Request, "followUp.delete", true, document =>
        {
            Existing(document, externalId);
            document.FollowUp = null;
            return null;
        }, cancellationToken);

        ETags.Set(Response, stored.Version);
        return NoContent();
    }

    private static FollowUpDto Existing(PatientDocument document, string externalId) =>
        document.FollowUp ?? throw new NotFoundException($"Patient '{externalId}' has no follow-up recorded.");
}
