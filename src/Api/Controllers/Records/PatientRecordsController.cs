using HccOutcomes.Api.Access;
using HccOutcomes.Api.Contracts.Patients;
using HccOutcomes.Api.Errors;
using HccOutcomes.Api.Hosting;
using HccOutcomes.Api.Registry;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace HccOutcomes.Api.Controllers.Records;

/// <summary>Route prefix of the fine-grained record endpoints of one patient.</summary>
internal static class RecordRoutes
{
    public const string Patient = "api/v1/cohorts/{cohortId:guid}/patients/{externalId}/";
}

/// <summary>
/// One list of nested records of a patient (adverse events, assessments, treatments): list, read, add, replace and
/// delete one record. Every write is a whole-patient write (<see cref="PatientRecordEditor"/>): the whole document is
/// validated, derivations are refreshed, the response carries the patient's new <c>ETag</c>, and <c>If-Match</c>
/// is honoured against the patient's version.
/// </summary>
/// <typeparam name="TDto">Record type.</typeparam>
[ApiController]
[Produces("application/json")]
[Consumes("application/json")]
[Authorize(Policy = Policies.ReadRecords)]
public abstract class PatientRecordsController<TDto>(PatientRecordEditor editor, RecordList<TDto> records) : ControllerBase
    where TDto : PatientRecordDto
{
    /// <summary>Lists the patient's records of this type, in date order. The <c>ETag</c> is the patient's version.</summary>
    /// <param name="cohortId">Cohort.</param>
    /// <param name="externalId">Pseudonymous patient ID.</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    /// <response code="200">The records, with their IDs and derived values.</response>
    /// <response code="404">Unknown cohort or patient.</response>
    [HttpGet]
    [ProducesResponseType(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    [ProducesResponseType(StatusCodes.Status304NotModified)]
    public async Task<ActionResult<List<TDto>>> List(Guid cohortId, string externalId, CancellationToken cancellationToken) =>
        records.Of(await ReadAsync(cohortId, externalId, cancellationToken));

    /// <summary>Returns one record. The <c>ETag</c> is the patient's version.</summary>
    /// <param name="cohortId">Cohort.</param>
    /// <param name="externalId">Pseudonymous patient ID.</param>
    /// <param name="recordId">Server ID of the record.</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    /// <response code="200">The record.</response>
    /// <response code="404">Unknown cohort, patient or record.</response>
    [HttpGet("{recordId:guid}")]
    [ProducesResponseType(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    [ProducesResponseType(StatusCodes.Status304NotModified)]
    public async Task<ActionResult<TDto>> Get(Guid cohortId, string externalId, Guid recordId, CancellationToken cancellationToken)
    {
        var list = records.Of(await ReadAsync(cohortId, externalId, cancellationToken));
        return list[IndexOf(list, recordId, externalId)];
    }

    /// <summary>
    /// Adds a record. A record whose <c>sourceId</c> is already used by one of the patient's records of this type
    /// replaces that record (keeping its ID) instead of adding a duplicate. The whole patient is validated
    /// (e.g. no treatment or adverse event after the death date); nothing is written on a rejection.
    /// </summary>
    /// <param name="cohortId">Cohort.</param>
    /// <param name="externalId">Pseudonymous patient ID.</param>
    /// <param name="record">The record (read-only members are ignored).</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    /// <response code="200">A record with the same sourceId existed and was replaced (or was already identical).</response>
    /// <response code="201">Created; <c>Location</c> names the new record.</response>
    /// <response code="400">A field is invalid; paths are relative to the body unless they name another record. Nothing was written.</response>
    /// <response code="404">Unknown cohort or patient.</response>
    /// <response code="412">If-Match names a stale patient version. Nothing was written.</response>
    [HttpPost]
    [Authorize(Policy = Policies.WriteRecords)]
    [Idempotent]
    [ProducesResponseType(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status201Created)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status412PreconditionFailed)]
    public async Task<ActionResult<TDto>> Add(Guid cohortId, string externalId, TDto record, CancellationToken cancellationToken)
    {
        var replaced = false;
        HashSet<Guid?> before = [];
        var stored = await editor.EditAsync(cohortId, externalId, Request, records.Path + ".add", false, document =>
        {
            var list = records.Of(document);
            before = list.Select(r => r.Id).ToHashSet();
            var index = record.SourceId is null ? -1 : list.FindIndex(r => r.SourceId == record.SourceId);
            replaced = index >= 0;
            record.Id = replaced ? list[index].Id : null;
            return Place(list, index, record);
        }, cancellationToken);

        var written = records.Of(stored.Document).Find(r => replaced ? r.Id == record.Id : !before.Contains(r.Id))!;
        ETags.Set(Response, stored.Version);
        return replaced ? Ok(written) : CreatedAtAction(nameof(Get), new { cohortId, externalId, recordId = written.Id }, written);
    }

    /// <summary>
    /// Replaces one record (keeping its ID and creation time). The whole patient is validated; nothing is written
    /// on a rejection.
    /// </summary>
    /// <param name="cohortId">Cohort.</param>
    /// <param name="externalId">Pseudonymous patient ID.</param>
    /// <param name="recordId">Server ID of the record.</param>
    /// <param name="record">The new content (read-only members are ignored).</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    /// <response code="200">Replaced (or already identical).</response>
    /// <response code="400">A field is invalid; paths are relative to the body unless they name another record. Nothing was written.</response>
    /// <response code="404">Unknown cohort, patient or record.</response>
    /// <response code="412">If-Match names a stale patient version. Nothing was written.</response>
    [HttpPut("{recordId:guid}")]
    [Authorize(Policy = Policies.WriteRecords)]
    [ProducesResponseType(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status412PreconditionFailed)]
    public async Task<ActionResult<TDto>> Replace(Guid cohortId, string externalId, Guid recordId, TDto record, CancellationToken cancellationToken)
    {
        var stored = await editor.EditAsync(cohortId, externalId, Request, records.Path + ".replace", true, document =>
        {
            var list = records.Of(document);
            var index = IndexOf(list, recordId, externalId);
            if (record.SourceId is not null && list.Find(r => r.SourceId == record.SourceId && r.Id != recordId) is { } other)
            {
                throw RequestValidationException.For("sourceId", $"sourceId '{record.SourceId}' is already used by {records.Noun} {other.Id}.");
            }

            record.Id = recordId;
            return Place(list, index, record);
        }, cancellationToken);

        ETags.Set(Response, stored.Version);
        return records.Of(stored.Document).Find(r => r.Id == recordId)!;
    }

    /// <summary>Deletes one record. Honours <c>If-Match</c>; the response carries the patient's new <c>ETag</c>.</summary>
    /// <param name="cohortId">Cohort.</param>
    /// <param name="externalId">Pseudonymous patient ID.</param>
    /// <param name="recordId">Server ID of the record.</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    /// <response code="204">Deleted.</response>
    /// <response code="404">Unknown cohort, patient or record.</response>
    /// <response code="412">If-Match names a stale patient version. Nothing was written.</response>
    [HttpDelete("{recordId:guid}")]
    [Authorize(Policy = Policies.WriteRecords)]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status412PreconditionFailed)]
    public async Task<IActionResult> Delete(Guid cohortId, string externalId, Guid recordId, CancellationToken cancellationToken)
    {
        var stored = await editor.EditAsync(cohortId, externalId, Request, records.Path + ".delete", true, document =>
        {
            var list = records.Of(document);
            list.RemoveAt(IndexOf(list, recordId, externalId));
            return null;
        }, cancellationToken);

        ETags.Set(Response, stored.Version);
        return NoContent();
    }

    private async Task<PatientDocument> ReadAsync(Guid cohortId, string externalId, CancellationToken cancellationToken)
    {
        var stored = await editor.ReadAsync(cohortId, externalId, cancellationToken);
        ETags.Set(Response, stored.Version);
        return stored.Document;
    }

    private int IndexOf(List<TDto> list, Guid recordId, string externalId)
    {
        var index = list.FindIndex(r => r.Id == recordId);
        return index >= 0 ? index : throw new NotFoundException($"Patient '{externalId}' has no {records.Noun} {recordId}.");
    }

    /// <summary>Puts <paramref name="record"/> at <paramref name="index"/> (appends when −1); returns its JSON path.</summary>
    private string Place(List<TDto> list, int index, TDto record)
    {
        if (index < 0)
        {
            index = list.Count;
            list.Add(record);
        }
        else
        {
            list[index] = record;
        }

        return $"{records.Path}[{index}]";
    }
}
