using System.Text.Json;
using FluentValidation;
using HccOutcomes.Infrastructure.Audit;

namespace HccOutcomes.Api.Contracts;

/// <summary>One change in the audit trail.</summary>
/// <param name="Id">Sequence number (order of the changes).</param>
/// <param name="At">When (UTC).</param>
/// <param name="ClientId">The client that made it.</param>
/// <param name="ClientRole">The client's role then.</param>
/// <param name="ClientSite">The client's site then, if any.</param>
/// <param name="Action">What was done, e.g. <c>patient.replace</c>, <c>adverseEvents.add</c>, <c>cohort.lock</c>.</param>
/// <param name="CohortId">The cohort concerned.</param>
/// <param name="Resource">The resource's path under <c>/api/v1</c>.</param>
/// <param name="RequestId">The request's trace ID (as in the request log and error bodies).</param>
/// <param name="Reason">The <c>X-Change-Reason</c> header, if sent.</param>
/// <param name="Before">The stored resource before the change; null for a creation.</param>
/// <param name="After">The stored resource after the change; null for a deletion.</param>
public sealed record AuditEntryView(
    long Id,
    DateTimeOffset At,
    string ClientId,
    string ClientRole,
    string? ClientSite,
    string Action,
    Guid? CohortId,
    string Resource,
    string? RequestId,
    string? Reason,
    JsonElement? Before,
    JsonElement? After)
{
    internal static AuditEntryView From(AuditEntry e) => new(
        e.Id, e.At, e.ClientId, e.ClientRole, e.ClientSite, e.Action, e.CohortId, e.Resource, e.RequestId, e.Reason,
        Parse(e.Before), Parse(e.After));

    private static JsonElement? Parse(string? json) => json is null ? null : JsonDocument.Parse(json).RootElement.Clone();
}

/// <summary>Filters and paging of the audit trail.</summary>
public sealed class AuditQuery
{
    /// <summary>Only this cohort's entries.</summary>
    public Guid? CohortId { get; set; }

    /// <summary>Entries at or after this time (UTC, ISO 8601).</summary>
    public DateTimeOffset? From { get; set; }

    /// <summary>Entries before this time (UTC, ISO 8601).</summary>
    public DateTimeOffset? To { get; set; }

    /// <summary>Only this client's entries.</summary>
    public string? Client { get; set; }

    /// <summary>Page number, from 1.</summary>
    public int Page { get; set; } = 1;

    /// <summary>Entries per page, 1–500.</summary>
    public int PageSize { get; set; } = 100;
}

internal sealed class AuditQueryValidator : FluentValidation.AbstractValidator<AuditQuery>
{
    public AuditQueryValidator()
    {
        RuleFor(q => q.Page).InclusiveBetween(1, PageQuery.MaxPage);
        RuleFor(q => q.PageSize).InclusiveBetween(1, 500);
        RuleFor(q => q.Client).MaximumLength(100);
    }
}
