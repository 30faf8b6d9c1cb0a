using HccOutcomes.Analysis.Survival;

namespace HccOutcomes.Api.Contracts.Analyses;

/// <summary>
/// Subject-level survival data for an inline analysis. The body is read as a stream into columns, so
/// millions of subjects fit in bounded memory (about 20 bytes per subject plus 8 per covariate).
/// </summary>
public sealed class SurvivalRequest
{
    /// <summary>One entry per subject: time ≥ 0, event (true = event, false = censored), group, optional numeric covariates.</summary>
    public List<SurvivalSubject> Subjects { get; set; } = [];

    /// <summary>Group order; the first is the Cox reference. Default: order of first appearance.</summary>
    public List<string>? GroupOrder { get; set; }

    /// <summary>Numeric covariates (by name, present for every subject) added to the Cox model, in this order.</summary>
    public List<string>? Covariates { get; set; }

    /// <summary>Times at which to report survival with its CI (R <c>summary(fit, times = , extend = TRUE)</c>).</summary>
    public List<double>? Landmarks { get; set; }

    /// <summary>Confidence level in (0, 1); default 0.95.</summary>
    public double? ConfidenceLevel { get; set; }

    /// <summary>Pointwise CI transform: log (R's default), logLog or plain.</summary>
    public ConfidenceTransform? CiTransform { get; set; }

    /// <summary>Median convention: r (quantile.survfit) or spss (first S ≤ 0.5, symmetric CI).</summary>
    public MedianConvention? MedianConvention { get; set; }

    /// <summary>Cox ties: efron (R's default) or breslow (SPSS's).</summary>
    public CoxTies? Ties { get; set; }

    /// <summary>Robust (sandwich) Cox variance: <c>cox.terms[].robustStdErr</c>, and z, p and the CI use it (R <c>coxph(..., robust = TRUE)</c>). A cluster implies it.</summary>
    public bool? Robust { get; set; }

    /// <summary>Test proportional hazards: <c>cox.phTest</c>, as R <c>cox.zph(fit, transform = "km", terms = TRUE)</c>.</summary>
    public bool? PhTest { get; set; }

    /// <summary>Restricted mean survival time up to tau per group, and the differences from the first group.</summary>
    public RmstOptions? Rmst { get; set; }
}

/// <summary>RMST options.</summary>
public sealed class RmstOptions
{
    /// <summary>Truncation time τ &gt; 0.</summary>
    public double? Tau { get; set; }
}

/// <summary>One subject.</summary>
public sealed class SurvivalSubject
{
    /// <summary>Follow-up time, finite and ≥ 0.</summary>
    public double Time { get; set; }

    /// <summary>True for an event, false for censoring (0/1 also accepted).</summary>
    public bool Event { get; set; }

    /// <summary>Group label.</summary>
    public string Group { get; set; } = string.Empty;

    /// <summary>Covariates by name: a number, or a string for a categorical covariate (levels in ordinal byte order, the first the reference, Cox terms <c>covariate:level</c>).</summary>
    public Dictionary<string, CovariateValue>? Covariates { get; set; }

    /// <summary>Positive case weight (default 1). With weights the Kaplan–Meier curve is weighted (<c>weightedCurve</c>), the Cox model weighted, and the log-rank family null.</summary>
    public double? Weight { get; set; }

    /// <summary>Stratum: a separate baseline hazard per stratum in the Cox model, and stratified log-rank and Peto–Peto tests.</summary>
    public string? Stratum { get; set; }

    /// <summary>Cluster: the Cox variance is the cluster-robust sandwich.</summary>
    public string? Cluster { get; set; }
}

/// <summary>Kaplan–Meier per group, the weighted log-rank family and the Cox model, as R's survival package computes them.</summary>
/// <param name="Groups">Per group, in group order.</param>
/// <param name="Tests">Log-rank, Gehan–Breslow, Tarone–Ware, Peto–Peto (null with one group).</param>
/// <param name="Cox">Cox model on the group (and covariates); null with one group.</param>
/// <param name="FixedTimeTests">Two groups: Klein (2007) cloglog comparison of survival at each landmark.</param>
/// <param name="MedianConvention">Convention used for medians.</param>
/// <param name="CiTransform">CI transform used.</param>
/// <param name="ConfidenceLevel">Confidence level used.</param>
/// <param name="RmstDifferences">With <c>rmst</c>: each group's RMST minus the first group's, Wald CI and p (SE = √(se₁² + se₀²)).</param>
/// <param name="Notes">What the adjusted options changed (e.g. why the log-rank family is null with weights).</param>
public sealed record SurvivalResponse(
    IReadOnlyList<SurvivalGroupView> Groups, SurvivalTestsView? Tests, CoxView? Cox, IReadOnlyList<FixedTimeView> FixedTimeTests,
    MedianConvention MedianConvention, ConfidenceTransform CiTransform, double ConfidenceLevel,
    IReadOnlyList<RmstDifferenceView>? RmstDifferences = null, IReadOnlyList<string>? Notes = null);

/// <summary>An RMST difference between two groups.</summary>
/// <param name="Group">The group.</param>
/// <param name="Reference">The reference (first) group.</param>
/// <param name="Estimate">RMST(group) − RMST(reference).</param>
/// <param name="StdErr">√(se₁² + se₀²).</param>
/// <param name="Lower">Lower Wald limit.</param>
/// <param name="Upper">Upper Wald limit.</param>
/// <param name="P">Two-sided Wald p-value.</param>
public sealed record RmstDifferenceView(string Group, string Reference, double Estimate, double StdErr, double Lower, double Upper, double P);

/// <summary>One group's survival.</summary>
/// <param name="Name">Group.</param>
/// <param name="N">Subjects.</param>
/// <param name="Events">Events.</param>
/// <param name="Median">Median survival (null members when not reached).</param>
/// <param name="MedianFollowUp">Median follow-up by reverse Kaplan–Meier.</param>
/// <param name="Landmarks">Survival at the landmark times.</param>
/// <param name="Curve">One row per distinct time, event or censoring (R <c>summary(fit, censored = TRUE)</c>); stdErr is the SE of S.</param>
/// <param name="Rmst">With <c>rmst</c>: the restricted mean survival time (R <c>summary(survfit(...), rmean = tau)$table</c>), weighted when weights are given.</param>
/// <param name="WeightedCurve">With weights: the weighted product-limit curve (weighted atRisk and events, robust infinitesimal-jackknife SE, log CI), as R <c>survfit(..., weights = w)</c>.</param>
public sealed record SurvivalGroupView(
    string Name, int N, int Events, EstimateView Median, EstimateView MedianFollowUp, IReadOnlyList<LandmarkEstimate> Landmarks,
    IReadOnlyList<KaplanMeierRow> Curve, HccOutcomes.Analysis.Adjusted.RmstEstimate? Rmst = null,
    IReadOnlyList<HccOutcomes.Analysis.Adjusted.WeightedKmRow>? WeightedCurve = null);

/// <summary>An estimate with its confidence interval (null members when not estimable).</summary>
/// <param name="Estimate">Point estimate.</param>
/// <param name="Lower">Lower limit.</param>
/// <param name="Upper">Upper limit.</param>
/// <param name="StdErr">Standard error, where the convention defines one (SPSS median).</param>
public sealed record EstimateView(double? Estimate, double? Lower, double? Upper, double? StdErr = null)
{
    internal static EstimateView From(SurvivalQuantile q) => new(q.Estimate, q.Lower, q.Upper, q.StdErr);
}

/// <summary>The four weighted log-rank tests.</summary>
/// <param name="LogRank">w = 1 (R survdiff rho = 0).</param>
/// <param name="GehanBreslow">w = n at risk (SPSS "Breslow").</param>
/// <param name="TaroneWare">w = √n.</param>
/// <param name="PetoPeto">w = pooled S(t−) (R survdiff rho = 1).</param>
public sealed record SurvivalTestsView(ChiSquareStatistic LogRank, ChiSquareStatistic GehanBreslow, ChiSquareStatistic TaroneWare, ChiSquareStatistic PetoPeto);

/// <summary>A Cox proportional-hazards fit.</summary>
/// <param name="Ties">efron or breslow.</param>
/// <param name="Converged">True when the fit converged (possibly with an infinite coefficient, flagged on the term).</param>
/// <param name="Status">converged, infiniteCoefficient, singular, didNotConverge or noEvents.</param>
/// <param name="Message">Why a fit is not usable as is.</param>
/// <param name="Iterations">Newton–Raphson iterations.</param>
/// <param name="Terms">Coefficients: <c>group:&lt;name&gt;</c> per non-reference group, then covariates.</param>
/// <param name="LogLikelihood">Null and final partial log-likelihood.</param>
/// <param name="LikelihoodRatio">Likelihood-ratio test.</param>
/// <param name="Wald">Wald test.</param>
/// <param name="Score">Score (log-rank) test.</param>
/// <param name="PhTest">With <c>phTest</c>: cox.zph(transform = "km", terms = TRUE) per term and global.</param>
public sealed record CoxView(
    CoxTies Ties, bool Converged, CoxFitStatus Status, string? Message, int Iterations, IReadOnlyList<CoxTerm> Terms,
    LogLikelihoodView LogLikelihood, ChiSquareStatistic LikelihoodRatio, ChiSquareStatistic Wald, ChiSquareStatistic Score,
    PhTestView? PhTest = null)
{
    internal static CoxView From(CoxResult c) => new(
        c.Ties, c.Converged, c.Status, c.Message, c.Iterations, c.Terms, new LogLikelihoodView(c.NullLogLikelihood, c.LogLikelihood),
        c.LikelihoodRatio, c.Wald, c.Score);
}

/// <summary>Partial log-likelihoods.</summary>
/// <param name="Null">At β = 0.</param>
/// <param name="Model">At the estimate.</param>
public sealed record LogLikelihoodView(double Null, double? Model);

/// <summary>Klein (2007) test of equal survival at a fixed time.</summary>
/// <param name="Time">Time.</param>
/// <param name="Group1">First group.</param>
/// <param name="Group2">Second group.</param>
/// <param name="Survival1">S(t) of the first group.</param>
/// <param name="Survival2">S(t) of the second group.</param>
/// <param name="Test">Chi-square (1 df) and p.</param>
public sealed record FixedTimeView(double Time, string Group1, string Group2, double Survival1, double Survival2, ChiSquareStatistic Test);

/// <summary>The proportional-hazards test.</summary>
/// <param name="Terms">Per term (a categorical covariate is one term; the group is the term <c>group</c>).</param>
/// <param name="Global">All terms together.</param>
public sealed record PhTestView(IReadOnlyList<PhTermView> Terms, PhTermView Global);

/// <summary>One term's test.</summary>
/// <param name="Term">Term.</param>
/// <param name="ChiSquare">Score statistic.</param>
/// <param name="Df">Degrees of freedom.</param>
/// <param name="P">p-value.</param>
public sealed record PhTermView(string Term, double ChiSquare, int Df, double P);
