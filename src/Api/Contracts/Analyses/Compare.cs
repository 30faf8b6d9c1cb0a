using FluentValidation;
using HccOutcomes.Domain.Registry;

namespace HccOutcomes.Api.Contracts.Analyses;

/// <summary>Sections of a comparison.</summary>
public enum CompareSection
{
    /// <summary>Table 1: baseline characteristics.</summary>
    Baseline,

    /// <summary>Table 2: best overall response, ORR, DCR, time to response, waterfall.</summary>
    Response,

    /// <summary>Progression-free survival per criteria.</summary>
    Pfs,

    /// <summary>Overall survival.</summary>
    Os,

    /// <summary>Table 3: treatment-related adverse events.</summary>
    Safety,

    /// <summary>Subgroup hazard ratios (forest plot) for PFS and OS.</summary>
    Subgroups,
}

/// <summary>How categorical variables are tested.</summary>
public enum CategoricalTestChoice
{
    /// <summary>Fisher's exact test when any expected count is below 5, else Pearson's chi-square.</summary>
    Auto,

    /// <summary>Always Fisher's exact test (what the reference paper did).</summary>
    Fisher,

    /// <summary>Always Pearson's chi-square (no continuity correction).</summary>
    ChiSquare,
}

/// <summary>The weighted log-rank test flagged as primary.</summary>
public enum SurvivalTestChoice
{
    /// <summary>Log-rank (w = 1).</summary>
    LogRank,

    /// <summary>Gehan–Breslow generalized Wilcoxon (w = n at risk; SPSS "Breslow").</summary>
    GehanBreslow,

    /// <summary>Tarone–Ware (w = √n).</summary>
    TaroneWare,

    /// <summary>Peto–Peto (w = S(t−)).</summary>
    PetoPeto,
}

/// <summary>
/// Compare groups of a stored cohort: everything a comparative-effectiveness paper reports (Tables 1–3,
/// survival, subgroups). Computed from the stored patient records and their derived outcomes.
/// </summary>
public class CompareRequest
{
    /// <summary>Cohort to analyse.</summary>
    public Guid? CohortId { get; set; }

    /// <summary>At least two groups; each patient is placed in every group whose filter it matches.</summary>
    public List<CompareGroup> Groups { get; set; } = [];

    /// <summary>Reference group for hazard ratios (default: the first group).</summary>
    public string? Reference { get; set; }

    /// <summary>Sections to compute (default: all).</summary>
    public List<CompareSection>? Sections { get; set; }

    /// <summary>Response criteria (default: recist11 and mrecist).</summary>
    public List<Domain.Criteria>? Criteria { get; set; }

    /// <summary>Landmark times in months for survival rates (default 3, 6, 9, 12).</summary>
    public List<double>? LandmarksMonths { get; set; }

    /// <summary>auto, fisher or chiSquare (default auto).</summary>
    public CategoricalTestChoice? CategoricalTest { get; set; }

    /// <summary>r or spss (default r). Also selects the quantile definition of medians and IQRs (R type 7 or SPSS type 6).</summary>
    public Analysis.Survival.MedianConvention? MedianConvention { get; set; }

    /// <summary>Cox ties: efron or breslow (default efron).</summary>
    public Analysis.Survival.CoxTies? Ties { get; set; }

    /// <summary>The test flagged as primary (all four are reported; default logRank).</summary>
    public SurvivalTestChoice? PrimarySurvivalTest { get; set; }

    /// <summary>
    /// Subgroups for the forest plot: a yes/no variable (<c>hbv</c>, <c>macrovascularInvasion</c>, <c>priorTace</c>…),
    /// a categorical one (<c>bclc</c>, <c>childPugh</c>, <c>ecog</c>, <c>sex</c>) or a numeric cut-off
    /// (<c>age&gt;=53</c>, <c>afp&gt;=400</c>, <c>maxTumorDiameter&lt;10</c>, <c>albumin&lt;35</c>…).
    /// </summary>
    public List<string>? Subgroups { get; set; }

    /// <summary>Confidence level (default 0.95).</summary>
    public double? ConfidenceLevel { get; set; }

    /// <summary>
    /// Data cut-off for this comparison only (ISO date, not in the future): overrides the cohort's own cut-off (its
    /// derivation settings), and the outcomes are derived again at it for this request. Omitted: the cohort's stored outcomes.
    /// </summary>
    /// <example>2021-12-31</example>
    public DateOnly? DataCutoffDate { get; set; }

    /// <summary>Adjusted comparison of exactly two groups (the reference is the control): multivariable Cox, IPTW or propensity matching.</summary>
    public AdjustmentRequest? Adjustment { get; set; }
}

/// <summary>How the two groups are adjusted for baseline differences.</summary>
public sealed class AdjustmentRequest
{
    /// <summary><c>none</c>, <c>multivariable</c> (Cox on group + covariates), <c>iptw</c> (weighted, robust SE) or <c>matching</c> (1:1 caliper matching, cluster-robust SE on pairs).</summary>
    public string? Method { get; set; }

    /// <summary>Covariates (GET /analyses/compare/covariates lists them): continuous ones enter as numbers, the others as categorical.</summary>
    public List<string> Covariates { get; set; } = [];

    /// <summary>iptw: <c>ATE</c> (default), <c>ATT</c> or <c>ATO</c>.</summary>
    public string? Estimand { get; set; }

    /// <summary>iptw, ATE: stabilized weights.</summary>
    public bool? Stabilize { get; set; }

    /// <summary>iptw: truncate the weights at these percentiles of all weights.</summary>
    public WeightTrim? Trim { get; set; }

    /// <summary>matching: caliper in SDs of the logit of the score (default 0.2).</summary>
    public double? Caliper { get; set; }

    /// <summary>matching: <c>matchit</c> (default, MatchIt 4.5.1's pairs) or <c>exact</c> (real distances, the caliper holds); see POST /analyses/propensity.</summary>
    /// <example>matchit</example>
    public string? MatchingRule { get; set; }

    /// <summary>RMST truncation time in months (default: the shortest of the groups' last follow-up times).</summary>
    public double? RmstTau { get; set; }
}

/// <summary>Percentiles at which weights are truncated.</summary>
public sealed class WeightTrim
{
    /// <summary>Lower percentile, 0–50 (default 0: none).</summary>
    public double? Lower { get; set; }

    /// <summary>Upper percentile, 50–100 (default 100: none).</summary>
    public double? Upper { get; set; }
}

/// <summary>A GET /analyses/compare/covariates entry.</summary>
/// <param name="Name">Name to use in <c>adjustment.covariates</c>.</param>
/// <param name="Label">Display label.</param>
/// <param name="Type"><c>continuous</c> or <c>categorical</c>.</param>
public sealed record AdjustmentCovariateView(string Name, string Label, string Type);

/// <summary>A named group of patients.</summary>
public sealed class CompareGroup
{
    /// <summary>Group name shown in the output.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>Which patients belong to it.</summary>
    public PatientFilter Filter { get; set; } = new();
}

/// <summary>Patient filter: every given condition must hold. Patients with a missing value for a filtered attribute are left out.</summary>
public sealed class PatientFilter
{
    /// <summary>Treatment arm label (exact).</summary>
    public string? Arm { get; set; }

    /// <summary>BCLC stages (any of).</summary>
    public List<BclcStage>? BclcStages { get; set; }

    /// <summary>Child–Pugh classes (any of).</summary>
    public List<ChildPughClass>? ChildPughClasses { get; set; }

    /// <summary>Sex.</summary>
    public Sex? Sex { get; set; }

    /// <summary>Minimum age (inclusive).</summary>
    public int? AgeMin { get; set; }

    /// <summary>Maximum age (inclusive).</summary>
    public int? AgeMax { get; set; }

    /// <summary>Maximum ECOG (inclusive).</summary>
    public int? EcogMax { get; set; }

    /// <summary>Hepatitis B.</summary>
    public bool? Hbv { get; set; }

    /// <summary>Hepatitis C.</summary>
    public bool? Hcv { get; set; }

    /// <summary>Macrovascular invasion.</summary>
    public bool? MacrovascularInvasion { get; set; }

    /// <summary>Extrahepatic metastasis.</summary>
    public bool? ExtrahepaticMetastasis { get; set; }

    /// <summary>Prior TACE.</summary>
    public bool? PriorTace { get; set; }

    /// <summary>Prior systemic therapy.</summary>
    public bool? PriorSystemicTherapy { get; set; }

    /// <summary>On-study on or after.</summary>
    public DateOnly? OnStudyFrom { get; set; }

    /// <summary>On-study on or before.</summary>
    public DateOnly? OnStudyTo { get; set; }
}

internal sealed class CompareRequestValidator : AbstractValidator<CompareRequest>
{
    public CompareRequestValidator(TimeProvider clock)
    {
        RuleFor(r => r.CohortId).NotNull();
        RuleFor(r => r.DataCutoffDate)
            .Must(d => d is not { } date || date <= DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime))
            .WithMessage(r => $"dataCutoffDate {Patients.Dates.Iso(r.DataCutoffDate)} is in the future.");
        RuleFor(r => r.Groups).Must(g => g.Count >= 2).WithMessage("At least two groups are needed.");
        RuleForEach(r => r.Groups).ChildRules(g =>
        {
            g.RuleFor(x => x.Name).NotEmpty().MaximumLength(100);
            g.RuleFor(x => x.Filter).NotNull();
            g.RuleFor(x => x.Filter.AgeMax).GreaterThanOrEqualTo(x => x.Filter.AgeMin)
                .When(x => x.Filter?.AgeMin is not null && x.Filter.AgeMax is not null).OverridePropertyName("filter.ageMax");
        });
        RuleFor(r => r.Groups).Must(g => g.Select(x => x.Name).Distinct(StringComparer.Ordinal).Count() == g.Count)
            .WithMessage("Group names must be unique.");
        RuleFor(r => r.Reference).Must((r, reference) => r.Groups.Any(g => g.Name == reference))
            .When(r => r.Reference is not null).WithMessage(r => $"reference '{r.Reference}' is not one of the group names.");
        RuleForEach(r => r.LandmarksMonths).GreaterThanOrEqualTo(0).LessThanOrEqualTo(600);
        RuleFor(r => r.ConfidenceLevel).ExclusiveBetween(0, 1);
        RuleFor(r => r.Adjustment!.Method).Must(m => m is null or "none" or "multivariable" or "iptw" or "matching")
            .When(r => r.Adjustment is not null).OverridePropertyName("adjustment.method")
            .WithMessage("The method must be none, multivariable, iptw or matching.");
        RuleFor(r => r.Groups).Must(g => g.Count == 2).When(r => r.Adjustment is { Method: not (null or "none") })
            .WithMessage("An adjusted comparison needs exactly two groups.");
        RuleFor(r => r.Adjustment!.Covariates).NotEmpty().When(r => r.Adjustment is { Method: not (null or "none") })
            .OverridePropertyName("adjustment.covariates").WithMessage("At least one covariate is needed.");
        RuleFor(r => r.Adjustment!.Covariates).Custom((list, context) =>
        {
            for (var i = 0; i < list.Count; i++)
            {
                if (global::HccOutcomes.Api.Analyses.AdjustmentCovariates.Find(list[i]) is null)
                {
                    context.AddFailure(new FluentValidation.Results.ValidationFailure($"adjustment.covariates[{i}]",
                        $"Unknown covariate '{list[i]}'. GET /api/v1/analyses/compare/covariates lists them."));
                }
                else if (list.Take(i).Any(c => string.Equals(c, list[i], StringComparison.OrdinalIgnoreCase)))
                {
                    context.AddFailure(new FluentValidation.Results.ValidationFailure($"adjustment.covariates[{i}]", $"Covariate '{list[i]}' is listed twice."));
                }
            }
        }).When(r => r.Adjustment is not null);
        RuleFor(r => r.Adjustment!.Estimand).Must(e => e is null or "ATE" or "ATT" or "ATO").When(r => r.Adjustment is not null)
            .OverridePropertyName("adjustment.estimand").WithMessage("The estimand must be ATE, ATT or ATO.");
        RuleFor(r => r.Adjustment!.Stabilize).Must(s => s != true).When(r => r.Adjustment is { Estimand: "ATT" or "ATO" })
            .OverridePropertyName("adjustment.stabilize").WithMessage("Stabilization applies to ATE weights only.");
        RuleFor(r => r.Adjustment!.Trim!.Lower).InclusiveBetween(0, 50).When(r => r.Adjustment?.Trim is not null)
            .OverridePropertyName("adjustment.trim.lower");
        RuleFor(r => r.Adjustment!.Trim!.Upper).InclusiveBetween(50, 100).When(r => r.Adjustment?.Trim is not null)
            .OverridePropertyName("adjustment.trim.upper");
        RuleFor(r => r.Adjustment!.Caliper).GreaterThan(0).When(r => r.Adjustment is not null).OverridePropertyName("adjustment.caliper");
        RuleFor(r => r.Adjustment!.MatchingRule).Must(MatchingRules.IsValid).When(r => r.Adjustment is not null)
            .OverridePropertyName("adjustment.matchingRule").WithMessage(MatchingRules.Message);
        RuleFor(r => r.Adjustment!.RmstTau).GreaterThan(0).When(r => r.Adjustment is not null).OverridePropertyName("adjustment.rmstTau");
        RuleForEach(r => r.Subgroups).Must(s => global::HccOutcomes.Api.Analyses.SubgroupVariable.TryParse(s, out var _, out var _))
            .WithMessage((_, s) => global::HccOutcomes.Api.Analyses.SubgroupVariable.TryParse(s, out var _, out var error) ? string.Empty : error);
    }
}
