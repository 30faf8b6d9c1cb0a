using HccOutcomes.Analysis.Continuous;
using HccOutcomes.Analysis.Survival;
using HccOutcomes.Api.Contracts.Analyses;

namespace HccOutcomes.Api.Analyses;

/// <summary>The comparison options with defaults filled in.</summary>
internal sealed record CompareOptions(
    IReadOnlyList<CompareSection> Sections, IReadOnlyList<Domain.Criteria> Criteria, IReadOnlyList<double> Landmarks,
    CategoricalTestChoice CategoricalTest, MedianConvention MedianConvention, CoxTies Ties, SurvivalTestChoice PrimaryTest,
    IReadOnlyList<SubgroupVariable> Subgroups, double Level)
{
    public QuantileDefinition Quantiles => MedianConvention == MedianConvention.Spss ? QuantileDefinition.SpssType6 : QuantileDefinition.RType7;

    public static CompareOptions From(CompareRequest r) => new(
        r.Sections is { Count: > 0 } s ? s.Distinct().ToList() : Enum.GetValues<CompareSection>(),
        r.Criteria is { Count: > 0 } c ? c.Distinct().ToList() : [Domain.Criteria.Recist11, Domain.Criteria.MRecist],
        r.LandmarksMonths is { Count: > 0 } l ? l.Distinct().Order().ToList() : [3, 6, 9, 12],
        r.CategoricalTest ?? CategoricalTestChoice.Auto,
        r.MedianConvention ?? MedianConvention.R,
        r.Ties ?? CoxTies.Efron,
        r.PrimarySurvivalTest ?? SurvivalTestChoice.LogRank,
        (r.Subgroups ?? []).Select(t => SubgroupVariable.TryParse(t, out var v, out _) ? v! : throw new ArgumentException(t)).ToList(),
        r.ConfidenceLevel ?? 0.95);
}
