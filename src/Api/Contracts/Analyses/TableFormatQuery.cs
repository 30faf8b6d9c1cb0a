using FluentValidation;
using HccOutcomes.Api.Manuscript;

namespace HccOutcomes.Api.Contracts.Analyses;

/// <summary>
/// How the manuscript tables print numbers (query parameters of <c>POST /analyses/compare</c>; used by the HTML and
/// Word answers, ignored by JSON and CSV).
/// </summary>
public sealed class TableFormatQuery
{
    /// <summary>Decimals of percentages in "n (%)", 0–3 (default 1: "35 (94.6)").</summary>
    public int PercentDecimals { get; set; } = 1;

    /// <summary>Decimals of means, SDs, medians, quartiles and hazard ratios, 0–4 (default 2: "54.16 ± 10.68").</summary>
    public int ValueDecimals { get; set; } = 2;

    /// <summary>Decimals of survival medians, follow-up and landmark rates, 0–4 (default 1: "17.4 (8.7–26.1)").</summary>
    public int SurvivalDecimals { get; set; } = 1;

    /// <summary>Decimals of p-values, 2–4 (default 3); a p that rounds to 0 prints as "&lt;0.001" (with 3).</summary>
    public int PDecimals { get; set; } = 3;

    internal ManuscriptFormat ToFormat() => new(PercentDecimals, ValueDecimals, SurvivalDecimals, PDecimals);
}

internal sealed class TableFormatQueryValidator : AbstractValidator<TableFormatQuery>
{
    public TableFormatQueryValidator()
    {
        RuleFor(q => q.PercentDecimals).InclusiveBetween(0, 3);
        RuleFor(q => q.ValueDecimals).InclusiveBetween(0, 4);
        RuleFor(q => q.SurvivalDecimals).InclusiveBetween(0, 4);
        RuleFor(q => q.PDecimals).InclusiveBetween(2, 4);
    }
}
