using FluentValidation;
using HccOutcomes.Domain.Registry;

namespace HccOutcomes.Api.Contracts;

/// <summary>Creates or replaces a cohort.</summary>
/// <example>{ "name": "Li 2022 retrospective series", "description": "RT+anti-PD1 vs TACE+sorafenib, 2019–2021" }</example>
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
public sealed record CohortResponse(
    Guid Id,
    string Name,
    string? Description,
    bool IsSynthetic,
    int PatientCount,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    internal static CohortResponse From(Cohort cohort, int patientCount) => new(
        cohort.Id, cohort.Name, cohort.Description, cohort.IsSynthetic, patientCount, cohort.CreatedAt, cohort.UpdatedAt);
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
        RuleFor(q => q.Page).GreaterThanOrEqualTo(1);
        RuleFor(q => q.PageSize).InclusiveBetween(1, 500);
    }
}
