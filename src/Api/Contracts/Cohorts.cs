using FluentValidation;
using HccOutcomes.Domain.Registry;

namespace HccOutcomes.Api.Contracts;

/// <summary>Creates or replaces a cohort.</summary>
public sealed class CohortRequest
{
    /// <summary>Short unique name, 1–200 characters.</summary>
    /// <example>Li 2022 retrospective series</example>
    public string Name { get; set; } = string.Empty;

    /// <summary>Source, inclusion criteria, data cut-off (at most 4000 characters).</summary>
    /// <example>Advanced HCC treated 2019–2021; data cut-off 2021-12-31.</example>
    public string? Description { get; set; }

    /// <summary>True for generated data that does not describe real patients.</summary>
    public bool IsSynthetic { get; set; }
}

/// <summary>A stored cohort.</summary>
/// <param name="Id">Identifier used in URLs.</param>
/// <param name="Name">Short unique name.</param>
/// <param name="Description">Free-text description.</param>
/// <param name="IsSynthetic">True for generated data.</param>
/// <param name="PatientCount">Number of patients stored in the cohort.</param>
/// <param name="CreatedAt">When the cohort was created (UTC).</param>
/// <param name="UpdatedAt">When the cohort was last changed (UTC).</param>
/// <param name="Lock">The lock, when a data manager has frozen the cohort's data; null while it takes writes.</param>
public sealed record CohortResponse(
    Guid Id,
    string Name,
    string? Description,
    bool IsSynthetic,
    int PatientCount,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    CohortLockView? Lock)
{
    internal static CohortResponse From(Cohort cohort, int patientCount) => new(
        cohort.Id, cohort.Name, cohort.Description, cohort.IsSynthetic, patientCount, cohort.CreatedAt, cohort.UpdatedAt,
        CohortLockView.Of(cohort));
}

/// <summary>The values a cohort's patients have, per filterable attribute, with counts.</summary>
/// <param name="Patients">Patients counted (a submitter's own site only).</param>
/// <param name="Arms">Treatment-group labels, as compare filters must name them (exactly).</param>
/// <param name="Sites">Site codes.</param>
/// <param name="BclcStages">BCLC stages.</param>
/// <param name="ChildPughClasses">Child–Pugh classes.</param>
/// <param name="Sexes">Sexes.</param>
public sealed record CohortFacets(
    int Patients, IReadOnlyList<FacetCount> Arms, IReadOnlyList<FacetCount> Sites, IReadOnlyList<FacetCount> BclcStages,
    IReadOnlyList<FacetCount> ChildPughClasses, IReadOnlyList<FacetCount> Sexes);

/// <summary>One value and how many patients have it.</summary>
/// <param name="Value">The value; null for patients without one.</param>
/// <param name="Count">Patients.</param>
public sealed record FacetCount(string? Value, int Count);

/// <summary>A cohort's lock.</summary>
/// <param name="LockedAt">When it was locked (UTC).</param>
/// <param name="LockedBy">The client that locked it.</param>
/// <param name="Reason">Why.</param>
public sealed record CohortLockView(DateTimeOffset LockedAt, string? LockedBy, string? Reason)
{
    internal static CohortLockView? Of(Cohort cohort) =>
        cohort.LockedAt is { } at ? new CohortLockView(at, cohort.LockedBy, cohort.LockReason) : null;
}

/// <summary>Locks or unlocks a cohort.</summary>
public sealed class CohortLockRequest
{
    /// <summary>Why (required, 1–1000 characters); kept with the lock and in the audit trail.</summary>
    /// <example>Database lock for the primary analysis</example>
    public string Reason { get; set; } = string.Empty;
}

internal sealed class CohortLockRequestValidator : AbstractValidator<CohortLockRequest>
{
    public CohortLockRequestValidator() => RuleFor(r => r.Reason).NotEmpty().MaximumLength(1000);
}

internal sealed class CohortRequestValidator : AbstractValidator<CohortRequest>
{
    public CohortRequestValidator()
    {
        RuleFor(c => c.Name).NotEmpty().MaximumLength(200);
        RuleFor(c => c.Description).MaximumLength(4000);
    }
}

internal sealed class PageQueryValidator : AbstractValidator<PageQuery>
{
    public PageQueryValidator()
    {
        // Past page 1,000,000 (500 million rows at the largest page size) no list has anything to show, and the offset
        // stays far inside PostgreSQL's range.
        RuleFor(q => q.Page).InclusiveBetween(1, PageQuery.MaxPage);
        RuleFor(q => q.PageSize).InclusiveBetween(1, 500);
    }
}
