using HccOutcomes.Api.Contracts;
using HccOutcomes.Api.Errors;
using HccOutcomes.Domain.Registry;
using HccOutcomes.Infrastructure.Outcomes;
using HccOutcomes.Infrastructure.Persistence;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace HccOutcomes.Api.Controllers;

/// <summary>Cohorts: the containers in which patient records are stored and analysed.</summary>
[ApiController]
[Route("api/v1/cohorts")]
[Produces("application/json")]
[Consumes("application/json")]
public sealed class CohortsController(HccDbContext db, TimeProvider clock) : ControllerBase
{
    /// <summary>Lists cohorts, ordered by name.</summary>
    /// <param name="query">Paging.</param>
    /// <param name="cancellationToken">Aborts the query when the client goes away.</param>
    [HttpGet]
    [ProducesResponseType<PagedResult<CohortResponse>>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    public async Task<PagedResult<CohortResponse>> List([FromQuery] PageQuery query, CancellationToken cancellationToken)
    {
        var total = await db.Cohorts.CountAsync(cancellationToken);
        var page = await db.Cohorts.AsNoTracking()
            .OrderBy(c => c.Name)
            .Skip((query.Page - 1) * query.PageSize)
            .Take(query.PageSize)
            .Select(c => new { Cohort = c, Patients = db.Patients.Count(p => p.CohortId == c.Id) })
            .ToListAsync(cancellationToken);

        var next = query.Page * query.PageSize < total
            ? $"/api/v1/cohorts?page={query.Page + 1}&pageSize={query.PageSize}"
            : null;
        return new PagedResult<CohortResponse>(
            page.ConvertAll(p => CohortResponse.From(p.Cohort, p.Patients)), query.Page, query.PageSize, total, next);
    }

    /// <summary>Returns one cohort. The <c>ETag</c> header carries its version for <c>If-Match</c>.</summary>
    /// <param name="cohortId">Cohort identifier.</param>
    /// <param name="cancellationToken">Aborts the query when the client goes away.</param>
    [HttpGet("{cohortId:guid}", Name = nameof(GetCohort))]
    [ProducesResponseType<CohortResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<CohortResponse> GetCohort(Guid cohortId, CancellationToken cancellationToken)
    {
        var cohort = await Find(cohortId, tracking: false, cancellationToken);
        ETags.Set(Response, cohort.Version);
        return CohortResponse.From(cohort, await CountPatients(cohortId, cancellationToken));
    }

    /// <summary>Creates a cohort.</summary>
    /// <param name="request">Name and description.</param>
    /// <param name="cancellationToken">Aborts the write when the client goes away.</param>
    /// <response code="201">Created; <c>Location</c> points to the new cohort.</response>
    /// <response code="400">A field is invalid; nothing was written.</response>
    /// <response code="409">Another cohort already has this name.</response>
    [HttpPost]
    [ProducesResponseType<CohortResponse>(StatusCodes.Status201Created)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict)]
    public async Task<ActionResult<CohortResponse>> Create(CohortRequest request, CancellationToken cancellationToken)
    {
        await EnsureNameIsFree(request.Name, exceptId: null, cancellationToken);
        var now = clock.GetUtcNow();
        var cohort = new Cohort
        {
            Id = Guid.CreateVersion7(),
            Name = request.Name.Trim(),
            Description = request.Description,
            IsSynthetic = request.IsSynthetic,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Cohorts.Add(cohort);
        await db.SaveChangesAsync(cancellationToken);

        ETags.Set(Response, cohort.Version);
        return CreatedAtRoute(nameof(GetCohort), new { cohortId = cohort.Id }, CohortResponse.From(cohort, 0));
    }

    /// <summary>Replaces a cohort's name and description. Honours <c>If-Match</c>.</summary>
    /// <param name="cohortId">Cohort identifier.</param>
    /// <param name="request">New name and description.</param>
    /// <param name="cancellationToken">Aborts the write when the client goes away.</param>
    /// <response code="412">The <c>If-Match</c> version is stale.</response>
    [HttpPut("{cohortId:guid}")]
    [ProducesResponseType<CohortResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status412PreconditionFailed)]
    public async Task<CohortResponse> Replace(Guid cohortId, CohortRequest request, CancellationToken cancellationToken)
    {
        var cohort = await Find(cohortId, tracking: true, cancellationToken);
        ETags.CheckIfMatch(Request, cohort.Version);
        await EnsureNameIsFree(request.Name, cohortId, cancellationToken);

        cohort.Name = request.Name.Trim();
        cohort.Description = request.Description;
        cohort.IsSynthetic = request.IsSynthetic;
        if (db.ChangeTracker.HasChanges())
        {
            cohort.UpdatedAt = clock.GetUtcNow();
            await db.SaveChangesAsync(cancellationToken);
        }

        ETags.Set(Response, cohort.Version);
        return CohortResponse.From(cohort, await CountPatients(cohortId, cancellationToken));
    }

    /// <summary>
    /// Deletes a cohort. A cohort that still has patients is only deleted with <c>?cascade=true</c>, which also
    /// deletes every patient record in it. Honours <c>If-Match</c>.
    /// </summary>
    /// <param name="cohortId">Cohort identifier.</param>
    /// <param name="cascade">Also delete the cohort's patients.</param>
    /// <param name="cancellationToken">Aborts the write when the client goes away.</param>
    /// <response code="204">Deleted.</response>
    /// <response code="409">The cohort has patients and cascade was not requested.</response>
    [HttpDelete("{cohortId:guid}")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status412PreconditionFailed)]
    public async Task<IActionResult> Delete(Guid cohortId, [FromQuery] bool cascade, CancellationToken cancellationToken)
    {
        var cohort = await Find(cohortId, tracking: true, cancellationToken);
        ETags.CheckIfMatch(Request, cohort.Version);
        var patients = await CountPatients(cohortId, cancellationToken);
        if (patients > 0 && !cascade)
        {
            throw new ConflictException(
                $"Cohort {cohortId} still has {patients} patient(s). Delete them first, or repeat with ?cascade=true to delete them with the cohort.");
        }

        // Its patients, their records and derived outcomes follow by the foreign keys' ON DELETE CASCADE.
        db.Cohorts.Remove(cohort);
        await db.SaveChangesAsync(cancellationToken);
        return NoContent();
    }

    /// <summary>
    /// The cohort's derivation settings in force: treatment-emergent window, response confirmation, SD minimum, PFS rule
    /// set, data cut-off. A cohort starts with the defaults (version 1). The <c>ETag</c> header carries the version.
    /// </summary>
    /// <param name="cohortId">Cohort identifier.</param>
    /// <param name="cancellationToken">Aborts the query when the client goes away.</param>
    [HttpGet("{cohortId:guid}/derivation-settings")]
    [ProducesResponseType<DerivationSettingsResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<DerivationSettingsResponse> GetDerivationSettings(Guid cohortId, CancellationToken cancellationToken)
    {
        await Find(cohortId, tracking: false, cancellationToken);
        var settings = await DerivationSettingsStore.CurrentAsync(db, cohortId, cancellationToken);
        ETags.Set(Response, (uint)settings.Version);
        return DerivationSettingsResponse.From(cohortId, settings);
    }

    /// <summary>
    /// Replaces the cohort's derivation settings: stores them as the next version and re-derives every outcome of the
    /// cohort under them, in one transaction (patient writes to the cohort wait meanwhile). Omitted fields take their
    /// defaults. A request equal to the current settings changes nothing. Honours <c>If-Match</c> with the settings version.
    /// </summary>
    /// <param name="cohortId">Cohort identifier.</param>
    /// <param name="request">The settings.</param>
    /// <param name="tuning">Recompute chunk size.</param>
    /// <param name="cancellationToken">Aborts the write when the client goes away.</param>
    /// <response code="400">A field is invalid; nothing was written.</response>
    /// <response code="412">The <c>If-Match</c> version is stale.</response>
    [HttpPut("{cohortId:guid}/derivation-settings")]
    [ProducesResponseType<DerivationSettingsChange>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status412PreconditionFailed)]
    public async Task<DerivationSettingsChange> ReplaceDerivationSettings(
        Guid cohortId, DerivationSettingsRequest request, [FromServices] IOptions<PersistenceTuning> tuning, CancellationToken cancellationToken)
    {
        var ifMatch = Request.GetTypedHeaders().IfMatch;
        // The one place a settings change is applied (and where its audit entry belongs).
        var (settings, patients, changed) = await DerivationSettingsStore.ApplyAsync(
            db, cohortId, request.ToSettings(), current => ETags.CheckIfMatch(ifMatch, (uint)current.Version), clock.GetUtcNow(), tuning.Value, cancellationToken);
        ETags.Set(Response, (uint)settings.Version);
        return new DerivationSettingsChange(DerivationSettingsResponse.From(cohortId, settings), changed, patients);
    }

    private Task<int> CountPatients(Guid cohortId, CancellationToken cancellationToken) =>
        db.Patients.CountAsync(p => p.CohortId == cohortId, cancellationToken);

    private async Task<Cohort> Find(Guid cohortId, bool tracking, CancellationToken cancellationToken)
    {
        var query = tracking ? db.Cohorts : db.Cohorts.AsNoTracking();
        return await query.FirstOrDefaultAsync(c => c.Id == cohortId, cancellationToken)
            ?? throw new NotFoundException($"Cohort {cohortId} does not exist.");
    }

    private async Task EnsureNameIsFree(string name, Guid? exceptId, CancellationToken cancellationToken)
    {
        var trimmed = name.Trim();
        if (await db.Cohorts.AnyAsync(c => c.Name == trimmed && c.Id != exceptId, cancellationToken))
        {
            throw new ConflictException($"A cohort named '{trimmed}' already exists.");
        }
    }
}
