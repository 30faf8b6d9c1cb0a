using HccOutcomes.Api.Access;
using HccOutcomes.Api.Contracts;
using HccOutcomes.Api.Errors;
using HccOutcomes.Api.Hosting;
using HccOutcomes.Domain.Registry;
using HccOutcomes.Infrastructure.Audit;
using HccOutcomes.Infrastructure.Outcomes;
using HccOutcomes.Infrastructure.Persistence;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace HccOutcomes.Api.Controllers;

/// <summary>Cohorts: the containers in which patient records are stored and analysed.</summary>
[ApiController]
[Route("api/v1/cohorts")]
[Authorize(Policy = Policies.SeeCohorts)]
[Produces("application/json")]
[Consumes("application/json")]
public sealed class CohortsController(HccDbContext db, AuditTrail audit, TimeProvider clock) : ControllerBase
{
    /// <summary>Lists cohorts, ordered by name.</summary>
    /// <param name="query">Paging.</param>
    /// <param name="cancellationToken">Aborts the query when the client goes away.</param>
    [HttpGet]
    [ProducesResponseType<PagedResult<CohortResponse>>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    public async Task<PagedResult<CohortResponse>> List([FromQuery] PageQuery query, CancellationToken cancellationToken)
    {
        // A client sees the cohorts it is granted (an admin sees all).
        var actor = audit.Actor;
        var granted = actor.Cohorts.ToArray();
        var cohorts = actor.IsAdmin ? db.Cohorts.AsNoTracking() : db.Cohorts.AsNoTracking().Where(c => granted.Contains(c.Id));
        var total = await cohorts.CountAsync(cancellationToken);
        var page = await cohorts
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
    [ProducesResponseType(StatusCodes.Status304NotModified)]
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
    [Authorize(Policy = Policies.ManageCohorts)]
    [Idempotent]
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
        audit.Add(db, "cohort.create", cohort.Id, Resource(cohort.Id), null, Json(CohortResponse.From(cohort, 0)));
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
    [Authorize(Policy = Policies.ManageCohorts)]
    [ProducesResponseType<CohortResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status412PreconditionFailed)]
    public async Task<CohortResponse> Replace(Guid cohortId, CohortRequest request, CancellationToken cancellationToken)
    {
        var ifMatch = IfMatch.Read(Request);
        var cohort = await Find(cohortId, tracking: true, cancellationToken);
        ifMatch.Check(cohort.Version);
        await EnsureNameIsFree(request.Name, cohortId, cancellationToken);

        var patients = await CountPatients(cohortId, cancellationToken);
        var before = Json(CohortResponse.From(cohort, patients));
        cohort.Name = request.Name.Trim();
        cohort.Description = request.Description;
        cohort.IsSynthetic = request.IsSynthetic;
        if (db.ChangeTracker.HasChanges())
        {
            cohort.UpdatedAt = clock.GetUtcNow();
            audit.Add(db, "cohort.replace", cohortId, Resource(cohortId), before, Json(CohortResponse.From(cohort, patients)));
            await db.SaveChangesAsync(cancellationToken);
        }

        ETags.Set(Response, cohort.Version);
        return CohortResponse.From(cohort, patients);
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
    [Authorize(Policy = Policies.ManageCohorts)]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status412PreconditionFailed)]
    public async Task<IActionResult> Delete(Guid cohortId, [FromQuery] bool cascade, CancellationToken cancellationToken)
    {
        var ifMatch = IfMatch.Read(Request);
        var cohort = await Find(cohortId, tracking: true, cancellationToken);
        ifMatch.Check(cohort.Version);
        if (cohort.LockedAt is not null)
        {
            throw new LockedException($"Cohort {cohortId} is locked: its data are frozen. A data manager can unlock it.");
        }

        var patients = await CountPatients(cohortId, cancellationToken);
        if (patients > 0 && !cascade)
        {
            throw new ConflictException(
                $"Cohort {cohortId} still has {patients} patient(s). Delete them first, or repeat with ?cascade=true to delete them with the cohort.");
        }

        // Its patients, their records and derived outcomes follow by the foreign keys' ON DELETE CASCADE. The trail
        // keeps what was there: the cohort (with its patient count) here, each patient's last document in its history.
        audit.Add(db, "cohort.delete", cohortId, Resource(cohortId), Json(CohortResponse.From(cohort, patients)), null);
        db.Cohorts.Remove(cohort);
        await db.SaveChangesAsync(cancellationToken);
        return NoContent();
    }

    /// <summary>
    /// The arms, sites and other filterable values of a cohort's patients, with counts.
    /// The values the cohort's patients have for the attributes that compare and figure filters use (arm, site, BCLC
    /// stage, Child–Pugh class, sex), with counts, so a filter can name what exists. A submitter sees its own site's.
    /// </summary>
    /// <param name="cohortId">Cohort identifier.</param>
    /// <param name="cancellationToken">Aborts the query when the client goes away.</param>
    [HttpGet("{cohortId:guid}/facets")]
    [ProducesResponseType<CohortFacets>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<CohortFacets> Facets(Guid cohortId, CancellationToken cancellationToken)
    {
        await Find(cohortId, tracking: false, cancellationToken);
        var patients = db.Patients.AsNoTracking().Where(p => p.CohortId == cohortId);
        if (audit.Actor.IsSiteBound)
        {
            var site = audit.Actor.Site;
            patients = patients.Where(p => p.Site == site);
        }

        var rows = await patients
            .Select(p => new { p.Arm, p.Site, p.Baseline.BclcStage, p.Baseline.ChildPughClass, p.Sex })
            .ToListAsync(cancellationToken);
        return new CohortFacets(
            rows.Count,
            Count(rows.Select(r => (string?)r.Arm)),
            Count(rows.Select(r => r.Site.Length == 0 ? null : r.Site)),
            Count(rows.Select(r => Name(r.BclcStage))),
            Count(rows.Select(r => Name(r.ChildPughClass))),
            Count(rows.Select(r => Name((Sex?)r.Sex))));

        static List<FacetCount> Count(IEnumerable<string?> values) => values
            .GroupBy(v => v, StringComparer.Ordinal)
            .Select(g => new FacetCount(g.Key, g.Count()))
            .OrderBy(f => f.Value is null)
            .ThenBy(f => f.Value, StringComparer.Ordinal)
            .ToList();

        string? Name<T>(T? value) where T : struct, Enum => value is null ? null : Json(value.Value).Trim('"');
    }

    /// <summary>
    /// Locks a cohort: its data are frozen, and every write to it answers 423 until it is unlocked. Waits for the
    /// writes under way. Analyses report the lock, so a table can name the frozen data it came from.
    /// </summary>
    /// <param name="cohortId">Cohort identifier.</param>
    /// <param name="request">Why (required).</param>
    /// <param name="cancellationToken">Aborts the write when the client goes away.</param>
    /// <response code="200">Locked (or already locked).</response>
    [HttpPost("{cohortId:guid}/lock")]
    [Authorize(Policy = Policies.ManageData)]
    [ProducesResponseType<CohortResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public Task<CohortResponse> Lock(Guid cohortId, CohortLockRequest request, CancellationToken cancellationToken) =>
        SetLock(cohortId, request.Reason, locked: true, cancellationToken);

    /// <summary>Unlocks a cohort: it takes writes again.</summary>
    /// <param name="cohortId">Cohort identifier.</param>
    /// <param name="request">Why (required).</param>
    /// <param name="cancellationToken">Aborts the write when the client goes away.</param>
    /// <response code="200">Unlocked (or was not locked).</response>
    [HttpPost("{cohortId:guid}/unlock")]
    [Authorize(Policy = Policies.ManageData)]
    [ProducesResponseType<CohortResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public Task<CohortResponse> Unlock(Guid cohortId, CohortLockRequest request, CancellationToken cancellationToken) =>
        SetLock(cohortId, request.Reason, locked: false, cancellationToken);

    private async Task<CohortResponse> SetLock(Guid cohortId, string reason, bool locked, CancellationToken cancellationToken)
    {
        return await db.InRetriedTransactionAsync(async ct =>
        {
            // Waits for the writes under way (they hold the cohort's lock shared), then reads the cohort.
            await CohortLock.ExclusiveAsync(db, cohortId, ct);
            var cohort = await Find(cohortId, tracking: true, ct);
            var patients = await CountPatients(cohortId, ct);
            if ((cohort.LockedAt is not null) != locked)
            {
                var before = Json(CohortResponse.From(cohort, patients));
                cohort.LockedAt = locked ? clock.GetUtcNow() : null;
                cohort.LockedBy = locked ? audit.Actor.ClientId : null;
                cohort.LockReason = locked ? reason.Trim() : null;
                cohort.UpdatedAt = clock.GetUtcNow();
                audit.Add(db, locked ? "cohort.lock" : "cohort.unlock", cohortId, Resource(cohortId), before, Json(CohortResponse.From(cohort, patients)));
                await db.SaveChangesAsync(ct);
            }

            ETags.Set(Response, cohort.Version);
            return CohortResponse.From(cohort, patients);
        }, cancellationToken);
    }

    private static string Resource(Guid cohortId) => $"cohorts/{cohortId}";

    private string Json<T>(T value) =>
        System.Text.Json.JsonSerializer.Serialize(value, HttpContext.RequestServices
            .GetRequiredService<Microsoft.Extensions.Options.IOptions<JsonOptions>>().Value.JsonSerializerOptions);

    /// <summary>
    /// The cohort's derivation settings in force.
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
    /// Replaces the cohort's derivation settings and re-derives its outcomes.
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
    [Authorize(Policy = Policies.ManageData)]
    [ProducesResponseType<DerivationSettingsChange>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status412PreconditionFailed)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status423Locked)]
    public async Task<DerivationSettingsChange> ReplaceDerivationSettings(
        Guid cohortId, DerivationSettingsRequest request, [FromServices] IOptions<PersistenceTuning> tuning, CancellationToken cancellationToken)
    {
        var ifMatch = IfMatch.Read(Request);
        var (settings, patients, changed) = await DerivationSettingsStore.ApplyAsync(
            db, cohortId, request.ToSettings(), current => ifMatch.Check((uint)current.Version), clock.GetUtcNow(), tuning.Value,
            (before, after) => audit.Entry(
                "cohort.derivationSettings", cohortId, Resource(cohortId) + "/derivation-settings",
                Json(DerivationSettingsResponse.From(cohortId, before)), Json(DerivationSettingsResponse.From(cohortId, after))),
            cancellationToken);
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
