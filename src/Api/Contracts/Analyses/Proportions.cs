using FluentValidation;
using HccOutcomes.Analysis.Contingency;
using HccOutcomes.Analysis.Proportions;

namespace HccOutcomes.Api.Contracts.Analyses;

/// <summary>Groups with an event count each, e.g. responders out of evaluable patients.</summary>
public sealed class ProportionsRequest
{
    /// <summary>At least two groups.</summary>
    public List<ProportionGroupInput> Groups { get; set; } = [];

    /// <summary>Confidence level in (0, 1); default 0.95.</summary>
    public double? ConfidenceLevel { get; set; }
}

/// <summary>One group.</summary>
public sealed class ProportionGroupInput
{
    /// <summary>Group name.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>Events, 0 ≤ events ≤ total.</summary>
    public int? Events { get; set; }

    /// <summary>Total, ≥ 1.</summary>
    public int? Total { get; set; }
}

/// <summary>Rates with intervals, the two-group difference and odds ratio, and the tests of independence.</summary>
/// <param name="Groups">Per group: rate with Clopper–Pearson and Wilson intervals.</param>
/// <param name="Difference">Two groups: first minus second, Newcombe hybrid score interval.</param>
/// <param name="OddsRatio">Two groups: conditional MLE (R fisher.test) and sample (Woolf) odds ratios.</param>
/// <param name="Tests">Fisher exact, Pearson chi-square, and Yates-corrected chi-square for 2×2.</param>
public sealed record ProportionsResponse(
    IReadOnlyList<GroupProportion> Groups,
    ProportionDifference? Difference,
    OddsRatios? OddsRatio,
    ProportionTests Tests);

/// <summary>Both odds ratios of a 2×2 table (first group's odds over the second's).</summary>
/// <param name="ConditionalMle">R <c>fisher.test</c> estimate with its exact interval.</param>
/// <param name="Sample">ad/bc with the Woolf (Wald) interval.</param>
public sealed record OddsRatios(OddsRatioEstimate? ConditionalMle, OddsRatioEstimate? Sample);

/// <summary>Tests of independence of group and event.</summary>
/// <param name="FisherExact">Two-sided Fisher exact (null with a reason when the table is too large to enumerate).</param>
/// <param name="FisherExactUnavailableReason">Why Fisher was not computed.</param>
/// <param name="PearsonChiSquare">Pearson chi-square without correction (R <c>chisq.test(correct = FALSE)</c>).</param>
/// <param name="Yates">2×2 only: with Yates' continuity correction (R <c>chisq.test()</c> default).</param>
public sealed record ProportionTests(
    ChiSquareView? PearsonChiSquare, FisherView? FisherExact, string? FisherExactUnavailableReason, ChiSquareView? Yates);

/// <summary>A chi-square test.</summary>
/// <param name="ChiSquare">Statistic (null when undefined).</param>
/// <param name="Df">Degrees of freedom.</param>
/// <param name="P">p-value (null when undefined).</param>
public sealed record ChiSquareView(double ChiSquare, int Df, double P)
{
    internal static ChiSquareView? From(ChiSquareTestResult? r) => r is null ? null : new(r.ChiSquare, r.DegreesOfFreedom, r.PValue);
}

/// <summary>Fisher's exact test.</summary>
/// <param name="P">Two-sided p-value.</param>
/// <param name="Method">Algorithm used.</param>
public sealed record FisherView(double P, string Method);

internal sealed class ProportionsRequestValidator : AbstractValidator<ProportionsRequest>
{
    public ProportionsRequestValidator()
    {
        RuleFor(r => r.Groups).Must(g => g.Count >= 2).WithMessage("At least two groups are needed.");
        RuleFor(r => r.ConfidenceLevel).ExclusiveBetween(0, 1);
        RuleForEach(r => r.Groups).ChildRules(g =>
        {
            g.RuleFor(x => x.Name).NotEmpty();
            g.RuleFor(x => x.Total).NotNull().GreaterThanOrEqualTo(1);
            g.RuleFor(x => x.Events).NotNull().GreaterThanOrEqualTo(0);
            g.RuleFor(x => x.Events).LessThanOrEqualTo(x => x.Total)
                .WithMessage(x => $"events ({x.Events}) exceed total ({x.Total}).")
                .When(x => x.Total is not null);
        });
        // The tables are counted in 32-bit integers: the totals together must fit.
        RuleFor(r => r.Groups).Must(g => g.Sum(x => (long)(x.Total ?? 0)) <= int.MaxValue)
            .WithMessage($"The totals of all groups together must not exceed {int.MaxValue}.");
        RuleFor(r => r.Groups).Must(g => g.Select(x => x.Name).Distinct(StringComparer.Ordinal).Count() == g.Count)
            .WithMessage("Group names must be unique.");
    }
}
