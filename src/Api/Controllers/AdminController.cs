using FluentValidation;
using HccOutcomes.Api.Access;
using HccOutcomes.Api.Contracts;
using HccOutcomes.Api.Errors;
using HccOutcomes.Infrastructure.Access;
using HccOutcomes.Infrastructure.Persistence;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace HccOutcomes.Api.Controllers;

/// <summary>Administration: the API's clients and the whole audit trail (admins only).</summary>
[ApiController]
[Route("api/v1")]
[Authorize(Policy = Policies.Administer)]
[Produces("application/json")]
[Consumes("application/json")]
public sealed class AdminController(HccDbContext db, ClientRegistry clients) : ControllerBase
{
    /// <summary>Lists the API's clients (never their secrets), newest first.</summary>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    [HttpGet("admin/clients")]
    [ProducesResponseType<List<ClientView>>(StatusCodes.Status200OK)]
    public Task<List<ClientView>> ListClients(CancellationToken cancellationToken) => clients.ListAsync(cancellationToken);

    /// <summary>
    /// Creates a client and returns its secret, this once (only a hash is stored). Tokens come from
    /// <c>POST /connect/token</c> with the client-credentials grant.
    /// </summary>
    /// <param name="request">Name, role, site (submitters) and granted cohorts.</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    /// <response code="201">Created; the body carries the secret.</response>
    [HttpPost("admin/clients")]
    [ProducesResponseType<CreatedClient>(StatusCodes.Status201Created)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    public async Task<ActionResult<CreatedClient>> CreateClient(ClientRequest request, CancellationToken cancellationToken)
    {
        var created = await clients.CreateAsync(request.Name, request.Role, request.Site, request.Cohorts, cancellationToken);
        return Created($"/api/v1/admin/clients/{created.Client.ClientId}", created);
    }

    /// <summary>
    /// Revokes a client. It gets no new token; tokens already issued expire within their lifetime (15 minutes by default).
    /// </summary>
    /// <param name="clientId">The client.</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    /// <response code="204">Revoked (or already revoked).</response>
    [HttpDelete("admin/clients/{clientId}")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<IActionResult> RevokeClient(string clientId, CancellationToken cancellationToken) =>
        await clients.RevokeAsync(clientId, cancellationToken) ? NoContent() : throw new NotFoundException($"Client '{clientId}' does not exist.");

    /// <summary>The audit trail, newest first, filtered by cohort, time and client, paged.</summary>
    /// <param name="query">Filters and paging.</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    [HttpGet("audit")]
    [ProducesResponseType<PagedResult<AuditEntryView>>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    public async Task<PagedResult<AuditEntryView>> Audit([FromQuery] AuditQuery query, CancellationToken cancellationToken)
    {
        var entries = db.AuditEntries.AsNoTracking();
        if (query.CohortId is { } cohort)
        {
            entries = entries.Where(e => e.CohortId == cohort);
        }

        if (query.From is { } from)
        {
            entries = entries.Where(e => e.At >= from);
        }

        if (query.To is { } to)
        {
            entries = entries.Where(e => e.At < to);
        }

        if (!string.IsNullOrEmpty(query.Client))
        {
            entries = entries.Where(e => e.ClientId == query.Client);
        }

        var total = await entries.CountAsync(cancellationToken);
        var page = await entries.OrderByDescending(e => e.Id)
            .Skip((int)Math.Min(int.MaxValue, (long)(query.Page - 1) * query.PageSize))
            .Take(query.PageSize)
            .ToListAsync(cancellationToken);
        string? next = null;
        if ((long)query.Page * query.PageSize < total)
        {
            var parameters = new Dictionary<string, string?>
            {
                ["cohortId"] = query.CohortId?.ToString(),
                ["from"] = query.From?.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                ["to"] = query.To?.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                ["client"] = query.Client,
                ["page"] = (query.Page + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["pageSize"] = query.PageSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
            };
            next = "/api/v1/audit" + QueryString.Create(parameters.Where(p => p.Value is not null));
        }

        return new PagedResult<AuditEntryView>(page.ConvertAll(AuditEntryView.From), query.Page, query.PageSize, total, next);
    }
}

/// <summary>A new API client.</summary>
public sealed class ClientRequest
{
    /// <summary>Who or what the client is, 1–200 characters.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>One of <c>submitter</c>, <c>dataManager</c>, <c>analyst</c>, <c>admin</c>.</summary>
    public string Role { get; set; } = string.Empty;

    /// <summary>Site code (required for a submitter), up to 100 characters.</summary>
    public string? Site { get; set; }

    /// <summary>Granted cohort IDs (ignored for an admin, who reaches every cohort).</summary>
    public List<Guid> Cohorts { get; set; } = [];
}

internal sealed class ClientRequestValidator : FluentValidation.AbstractValidator<ClientRequest>
{
    public ClientRequestValidator()
    {
        RuleFor(c => c.Name).NotEmpty().MaximumLength(200);
        RuleFor(c => c.Role).Must(r => Roles.All.Contains(r)).WithMessage($"'role' must be one of: {string.Join(", ", Roles.All)}.");
        RuleFor(c => c.Site).NotEmpty().When(c => c.Role == Roles.Submitter).WithMessage("A submitter needs a 'site'.");
        RuleFor(c => c.Site).MaximumLength(100);
        RuleFor(c => c.Cohorts).Must(c => c.Count <= 1000).WithMessage("At most 1000 cohorts.");
    }
}
