using HccOutcomes.Api.Access;
using HccOutcomes.Api.Contracts;
using HccOutcomes.Api.Contracts.Patients;
using HccOutcomes.Api.Errors;
using HccOutcomes.Api.Hosting;
using HccOutcomes.Api.Registry;
using HccOutcomes.Infrastructure.Audit;
using HccOutcomes.Infrastructure.Persistence;
using HccOutcomes.Infrastructure.Registry;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace HccOutcomes.Api.Controllers;

/// <summary>
/// Patient records as whole documents: what hospital systems send (baseline, treatments, assessments,
/// adverse events, follow-up). Writes are idempotent and all-or-nothing.
/// </summary>
[ApiController]
[Route("api/v1/cohorts/{cohortId:guid}/patients")]
[Authorize(Policy = Policies.ReadRecords)]
[Produces("application/json")]
[Consumes("application/json")]
public sealed class PatientsController(HccDbContext db, PatientDocuments documents, AuditTrail audit) : ControllerBase
{
    /// <summary>Lists a cohort's patients (summary rows), filterable by arm, BCLC stage and on-study date.</summary>
    /// <param name="cohortId">Cohort.</param>
    /// <param name="query">Filters and paging.</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    [HttpGet]
    [ProducesResponseType<PagedResult<PatientSummary>>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<PagedResult<PatientSummary>> List(Guid cohortId, [FromQuery] PatientListQuery query, CancellationToken cancellationToken)
    {
        await documents.EnsureCohortExistsAsync(cohortId, cancellationToken);
        var patients = db.Patients.AsNoTracking().Where(p => p.CohortId == cohortId);
        if (audit.Actor.IsSiteBound)
        {
            var site = audit.Actor.Site;
            patients = patients.Where(p => p.Site == site);
        }

        if (!string.IsNullOrEmpty(query.Arm))
        {
            patients = patients.Where(p => p.Arm == query.Arm);
        }

        if (query.BclcStage is { } stage)
        {
            patients = patients.Where(p => p.Baseline.BclcStage == stage);
        }

        if (query.OnStudyFrom is { } from)
        {
            patients = patients.Where(p => p.OnStudyDate >= from);
        }

        if (query.OnStudyTo is { } to)
        {
            patients = patients.Where(p => p.OnStudyDate <= to);
        }

        var total = await patients.CountAsync(cancellationToken);
        var items = await patients
            .OrderBy(p => p.ExternalId)
            .Skip((query.Page - 1) * query.PageSize)
            .Take(query.PageSize)
            .Select(p => new PatientSummary(
                p.ExternalId, p.Arm, p.OnStudyDate, p.Sex, p.AgeYears, p.Baseline.BclcStage,
                p.Baseline.ChildPughClass, p.Baseline.Ecog, p.AlbiGrade, p.UpdatedAt))
            .ToListAsync(cancellationToken);

        string? next = null;
        if (query.Page * query.PageSize < total)
        {
            var q = QueryString.Create(new Dictionary<string, string?>
            {
                ["arm"] = query.Arm,
                ["bclcStage"] = query.BclcStage is null ? null : Request.Query["bclcStage"].ToString(),
                ["onStudyFrom"] = query.OnStudyFrom?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                ["onStudyTo"] = query.OnStudyTo?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                ["page"] = (query.Page + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["pageSize"] = query.PageSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
            }.Where(kv => !string.IsNullOrEmpty(kv.Value)));
            next = $"/api/v1/cohorts/{cohortId}/patients{q}";
        }

        return new PagedResult<PatientSummary>(items, query.Page, query.PageSize, total, next);
    }

    /// <summary>Returns the whole patient document, with derived values and record IDs.</summary>
    /// <param name="cohortId">Cohort.</param>
    /// <param name="externalId">Pseudonymous patient ID.</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    [HttpGet("{externalId}", Name = nameof(GetPatient))]
    [ProducesResponseType<PatientDocument>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status304NotModified)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<PatientDocument> GetPatient(Guid cohortId, string externalId, CancellationToken cancellationToken)
    {
        var patient = await documents.LoadAsync(cohortId, externalId, cancellationToken);
        ETags.Set(Response, patient.Version);
        return PatientDocumentMapper.ToDocument(patient);
    }

    /// <summary>
    /// Creates or replaces a whole patient (baseline plus all nested records). Idempotent: re-sending the same
    /// document changes nothing. Honours <c>If-Match</c>; the response carries the new <c>ETag</c> and the patient as
    /// stored, or no body when the client sends <c>Prefer: return=minimal</c> (RFC 7240).
    /// </summary>
    /// <param name="cohortId">Cohort.</param>
    /// <param name="externalId">Pseudonymous patient ID (1–100 of letters, digits, '.', '_', '-').</param>
    /// <param name="document">The whole patient document.</param>
    /// <param name="prefer"><c>return=minimal</c>: answer with the status, <c>Location</c> and <c>ETag</c> only (a system
    /// that only pushes records need not receive each patient back).</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    /// <response code="200">Replaced, or unchanged because the same document was already stored.</response>
    /// <response code="201">Created.</response>
    /// <response code="400">A field is invalid; the errors name each field path. Nothing was written.</response>
    /// <response code="412">If-Match names a stale version. Nothing was written.</response>
    [HttpPut("{externalId}")]
    [Authorize(Policy = Policies.WriteRecords)]
    [ProducesResponseType<PatientDocument>(StatusCodes.Status200OK)]
    [ProducesResponseType<PatientDocument>(StatusCodes.Status201Created)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status412PreconditionFailed)]
    [BodyLimit(4 * 1024 * 1024)]
    public async Task<ActionResult<PatientDocument>> Put(
        Guid cohortId, string externalId, PatientDocument document, [FromHeader(Name = "Prefer")] string? prefer, CancellationToken cancellationToken)
    {
        var (result, written) = await documents.PutAsync(cohortId, externalId, document, Request, cancellationToken);
        ETags.Set(Response, result.Version);
        if (Preferences.ReturnMinimal(prefer))
        {
            Response.Headers["Preference-Applied"] = "return=minimal";
            return result.Outcome == UpsertOutcome.Created ? CreatedAtRoute(nameof(GetPatient), new { cohortId, externalId }, null) : Ok();
        }

        // A write returns what it wrote; only an unchanged (idempotent) re-send reads the stored records back.
        var stored = result.Outcome == UpsertOutcome.Unchanged ? await documents.LoadAsync(cohortId, externalId, cancellationToken) : written;
        var body = PatientDocumentMapper.ToDocument(stored);
        return result.Outcome == UpsertOutcome.Created
            ? CreatedAtRoute(nameof(GetPatient), new { cohortId, externalId }, body)
            : Ok(body);
    }

    /// <summary>Deletes a patient and every nested record. Honours <c>If-Match</c>.</summary>
    /// <param name="cohortId">Cohort.</param>
    /// <param name="externalId">Pseudonymous patient ID.</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    /// <response code="204">Deleted.</response>
    [HttpDelete("{externalId}")]
    [Authorize(Policy = Policies.WriteRecords)]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status412PreconditionFailed)]
    public async Task<IActionResult> Delete(Guid cohortId, string externalId, CancellationToken cancellationToken)
    {
        var ifMatch = IfMatch.Read(Request);
        await db.InRetriedTransactionAsync(async ct =>
        {
            await CohortLock.SharedAsync(db, cohortId, ct);
            if (await db.Cohorts.Where(c => c.Id == cohortId).Select(c => (DateTimeOffset?)c.LockedAt).FirstOrDefaultAsync(ct) is not null)
            {
                throw new LockedException($"Cohort {cohortId} is locked: its data are frozen. A data manager can unlock it.");
            }

            // Locked, so that the version checked is the version deleted.
            var patient = await db.LockPatientAsync(cohortId, externalId, ct);
            if (patient is null || !audit.Actor.Sees(patient.Site))
            {
                throw new NotFoundException($"Patient '{externalId}' does not exist in cohort {cohortId}.");
            }

            ifMatch.Check(patient.Version);
            var before = await AuditTrail.LastPatientDocumentAsync(db, cohortId, externalId, ct);
            audit.Add(db, "patient.delete", cohortId, AuditTrail.PatientResource(cohortId, externalId), before, null, externalId);
            // Its records and derived outcomes follow by the foreign keys' ON DELETE CASCADE.
            db.Patients.Remove(patient);
            await db.SaveChangesAsync(ct);
        }, cancellationToken);
        return NoContent();
    }

    /// <summary>
    /// A patient's audit trail, newest first.
    /// A patient's audit trail, newest first: every change with who made it, when, why, and the stored document
    /// before and after. Kept after the patient is deleted.
    /// </summary>
    /// <param name="cohortId">Cohort.</param>
    /// <param name="externalId">Pseudonymous patient ID.</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    /// <response code="404">The cohort does not exist, or the patient never had an entry.</response>
    [HttpGet("{externalId}/history")]
    [Authorize(Policy = Policies.ManageData)]
    [ProducesResponseType<List<AuditEntryView>>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<List<AuditEntryView>> History(Guid cohortId, string externalId, CancellationToken cancellationToken)
    {
        await documents.EnsureCohortExistsAsync(cohortId, cancellationToken);
        var entries = await db.AuditEntries.AsNoTracking()
            .Where(e => e.CohortId == cohortId && e.PatientExternalId == externalId)
            .OrderByDescending(e => e.Id)
            .ToListAsync(cancellationToken);
        if (entries.Count == 0)
        {
            throw new NotFoundException($"Patient '{externalId}' has no history in cohort {cohortId}.");
        }

        return entries.ConvertAll(AuditEntryView.From);
    }

    /// <summary>
    /// Imports up to 10,000 whole patient documents in one transaction. Everything is validated before anything
    /// is written; any error rejects the whole batch, with per-record field paths such as
    /// <c>patients[17].adverseEvents[2].grade</c>. Re-sending the same batch is a no-op.
    /// </summary>
    /// <param name="cohortId">Cohort.</param>
    /// <param name="batch">The patients.</param>
    /// <param name="dryRun">Validate only; write nothing.</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    [HttpPost("batch")]
    [Authorize(Policy = Policies.WriteRecords)]
    [Idempotent]
    [ProducesResponseType<PatientBatchResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status413PayloadTooLarge)]
    [BodyLimit(512L * 1024 * 1024)]
    public async Task<PatientBatchResponse> Batch(Guid cohortId, PatientBatchRequest batch, [FromQuery] bool dryRun, CancellationToken cancellationToken)
    {
        if (dryRun)
        {
            await documents.EnsureCohortExistsAsync(cohortId, cancellationToken);
            return new PatientBatchResponse(true, batch.Patients.Count, 0, 0, 0, BatchWarnings(batch));
        }

        // The writer answers 404 for a missing cohort in its first round trip.
        var results = await documents.WriteBatchAsync(cohortId, batch.Patients, cancellationToken);
        return PatientBatchResponse.Written(batch.Patients.Count, results, BatchWarnings(batch));
    }

    // The first warnings of the batch's documents (bounded, so a large import's answer stays small).
    private static List<DataWarning> BatchWarnings(PatientBatchRequest batch) => batch.Patients
        .SelectMany((p, i) => ClinicalDates.Warnings(p, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"patients[{i}].")))
        .Take(MaxBatchWarnings)
        .ToList();

    private const int MaxBatchWarnings = 1000;
}
