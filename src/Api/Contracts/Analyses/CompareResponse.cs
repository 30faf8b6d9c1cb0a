using HccOutcomes.Analysis.Survival;

namespace HccOutcomes.Api.Contracts.Analyses;

/// <summary>Everything a comparative paper reports, computed from the cohort's stored records.</summary>
/// <param name="CohortId">Cohort analysed.</param>
/// <param name="Reference">Reference group of the hazard ratios.</param>
/// <param name="Settings">The options used (defaults filled in).</param>
/// <param name="Groups">Patients per group.</param>
/// <param name="Consort">Who was included, who was left out and why.</param>
/// <param name="Baseline">Table 1.</param>
/// <param name="Response">Table 2, per criteria.</param>
/// <param name="Pfs">Progression-free survival, per criteria.</param>
/// <param name="Os">Overall survival.</param>
/// <param name="Safety">Table 3.</param>
/// <param name="Subgroups">Forest-plot rows for PFS (first criteria) and OS.</param>
/// <param name="Derivation">The derivation settings and data cut-off the outcomes compared were derived under.</param>
/// <param name="Adjustment">With <c>adjustment</c>: the adjusted comparison of the two groups.</param>
public sealed record CompareResponse(
    Guid CohortId, string Reference, CompareSettings Settings, IReadOnlyList<GroupSize> Groups, Consort Consort,
    BaselineSection? Baseline, IReadOnlyList<ResponseSection>? Response, IReadOnlyList<SurvivalSection>? Pfs, SurvivalSection? Os,
    SafetySection? Safety, IReadOnlyList<SubgroupSection>? Subgroups, DerivationUsed Derivation, AdjustmentSection? Adjustment = null)
{
    /// <summary>The data analysed: the cohort's content version and lock, so a table can name the frozen data it came from.</summary>
    public CohortDataState? Data { get; init; }
}

/// <summary>The state of a cohort's data when it was analysed.</summary>
/// <param name="ContentVersion">Moves with every committed change of the cohort's records or derived outcomes.</param>
/// <param name="Locked">True when the cohort was locked (frozen data).</param>
/// <param name="LockedAt">When it was locked (UTC), if locked.</param>
public sealed record CohortDataState(string ContentVersion, bool Locked, DateTimeOffset? LockedAt);

/// <summary>The derivation conventions behind the outcomes of an analysis.</summary>
/// <param name="SettingsVersion">Version of the cohort's derivation settings.</param>
/// <param name="PfsRuleSet">asCollected, fda2018 or ema.</param>
/// <param name="DataCutoffDate">The data cut-off used; null when every record was used.</param>
/// <param name="DataCutoffSource"><c>cohort</c> (the cohort's settings), <c>request</c> (this request's override) or <c>none</c>.</param>
public sealed record DerivationUsed(int SettingsVersion, Domain.Conventions.PfsRuleSet PfsRuleSet, DateOnly? DataCutoffDate, string DataCutoffSource);

/// <summary>The adjusted comparison of the two groups (the reference group is the control).</summary>
/// <param name="Method">multivariable, iptw or matching.</param>
/// <param name="Covariates">Covariates used.</param>
/// <param name="Treated">The non-reference group.</param>
/// <param name="Control">The reference group.</param>
/// <param name="Included">Complete-case patients per group.</param>
/// <param name="Excluded">Patients left out per group for a missing covariate (complete-case analysis).</param>
/// <param name="Estimand">iptw: ATE, ATT or ATO; matching: ATT; multivariable: null.</param>
/// <param name="Model">Propensity model (null for multivariable).</param>
/// <param name="EffectiveSampleSize">Kish's ESS per group with the weights (iptw) or the matched counts (matching); null for multivariable.</param>
/// <param name="Balance">Balance before and after adjustment (null for multivariable).</param>
/// <param name="Matching">matching: pairs, unmatched treated, caliper.</param>
/// <param name="Endpoints">PFS per criteria and OS.</param>
public sealed record AdjustmentSection(
    string Method, IReadOnlyList<string> Covariates, string Treated, string Control, IReadOnlyList<GroupCount> Included,
    IReadOnlyList<GroupCount> Excluded, string? Estimand, PropensityModelView? Model, GroupPair? EffectiveSampleSize,
    IReadOnlyList<BalanceRowView>? Balance, MatchingView? Matching, IReadOnlyList<AdjustedEndpointView> Endpoints);

/// <summary>One endpoint compared with adjustment.</summary>
/// <param name="Endpoint">PFS or OS.</param>
/// <param name="Criteria">PFS criteria (null for OS).</param>
/// <param name="Subjects">Subjects in the adjusted analysis of this endpoint.</param>
/// <param name="Events">Events among them.</param>
/// <param name="HazardRatio">Adjusted HR of the treated against the control: robust CI (iptw), cluster-robust on pairs (matching), model-based (multivariable).</param>
/// <param name="Terms">multivariable: every term of the Cox model.</param>
/// <param name="Curves">Weighted (iptw) or matched (matching) Kaplan–Meier curves; unadjusted for multivariable.</param>
/// <param name="Rmst">RMST per group at tau and the difference treated − control.</param>
/// <param name="PhTest">cox.zph(transform = "km", terms = TRUE) of the model.</param>
/// <param name="EValue">E-value of the HR and of its CI limit nearest 1.</param>
/// <param name="Message">Why something is missing.</param>
public sealed record AdjustedEndpointView(
    string Endpoint, Domain.Criteria? Criteria, int Subjects, int Events, HazardRatioRow? HazardRatio,
    IReadOnlyList<CoxTermView>? Terms, IReadOnlyList<AdjustedCurveView> Curves, AdjustedRmstView? Rmst, PhTestView? PhTest,
    EValueView? EValue, string? Message);

/// <summary>One Cox term.</summary>
/// <param name="Term">Term.</param>
/// <param name="HazardRatio">exp(β).</param>
/// <param name="Lower">Lower CI limit.</param>
/// <param name="Upper">Upper CI limit.</param>
/// <param name="P">Wald p.</param>
public sealed record CoxTermView(string Term, double? HazardRatio, double? Lower, double? Upper, double? P);

/// <summary>A group's adjusted curve.</summary>
/// <param name="Group">Group.</param>
/// <param name="Rows">One row per distinct time.</param>
public sealed record AdjustedCurveView(string Group, IReadOnlyList<Analysis.Adjusted.WeightedKmRow> Rows);

/// <summary>RMST per group and the difference treated − control.</summary>
/// <param name="Tau">Truncation time (months).</param>
/// <param name="Groups">Per group.</param>
/// <param name="Difference">Treated − control, Wald CI and p.</param>
public sealed record AdjustedRmstView(double Tau, IReadOnlyList<GroupRmstView> Groups, RmstDifferenceView Difference);

/// <summary>A group's RMST.</summary>
/// <param name="Group">Group.</param>
/// <param name="Estimate">RMST.</param>
/// <param name="StdErr">Standard error.</param>
/// <param name="Lower">Lower limit.</param>
/// <param name="Upper">Upper limit.</param>
public sealed record GroupRmstView(string Group, double Estimate, double StdErr, double Lower, double Upper);

/// <summary>E-values (VanderWeele &amp; Ding 2017), HR converted to RR for a common outcome: RR = (1 − 0.5^√HR)/(1 − 0.5^√(1/HR)).</summary>
/// <param name="Estimate">E-value of the HR.</param>
/// <param name="ConfidenceLimit">E-value of the CI limit nearest 1 (1 when the CI includes 1).</param>
public sealed record EValueView(double Estimate, double ConfidenceLimit);

/// <summary>Options used.</summary>
/// <param name="Sections">Sections computed.</param>
/// <param name="Criteria">Response criteria.</param>
/// <param name="LandmarksMonths">Landmark times.</param>
/// <param name="CategoricalTest">auto, fisher or chiSquare.</param>
/// <param name="MedianConvention">r or spss.</param>
/// <param name="QuantileDefinition">Quantile definition of medians and IQRs of continuous variables.</param>
/// <param name="Ties">Cox ties.</param>
/// <param name="PrimarySurvivalTest">Test flagged as primary.</param>
/// <param name="ConfidenceLevel">Confidence level.</param>
/// <param name="TimeUnit">Unit of survival times.</param>
public sealed record CompareSettings(
    IReadOnlyList<CompareSection> Sections, IReadOnlyList<Domain.Criteria> Criteria, IReadOnlyList<double> LandmarksMonths,
    CategoricalTestChoice CategoricalTest, MedianConvention MedianConvention, string QuantileDefinition, CoxTies Ties,
    SurvivalTestChoice PrimarySurvivalTest, double ConfidenceLevel, string TimeUnit);

/// <summary>Patients in a group.</summary>
/// <param name="Name">Group.</param>
/// <param name="N">Patients.</param>
public sealed record GroupSize(string Name, int N);

/// <summary>CONSORT-like counts.</summary>
/// <param name="CohortPatients">Patients in the cohort.</param>
/// <param name="InNoGroup">Patients that match no group's filter.</param>
/// <param name="InSeveralGroups">Patients that match more than one filter (counted in each).</param>
/// <param name="Exclusions">Patients of a group left out of one analysis, with the reason.</param>
public sealed record Consort(int CohortPatients, int InNoGroup, int InSeveralGroups, IReadOnlyList<Exclusion> Exclusions);

/// <summary>Patients left out of one analysis.</summary>
/// <param name="Group">Group.</param>
/// <param name="Analysis">E.g. "response (mRECIST)", "os", "baseline: albumin".</param>
/// <param name="Reason">Why.</param>
/// <param name="Count">How many.</param>
public sealed record Exclusion(string Group, string Analysis, string Reason, int Count);

/// <summary>A count and its percentage of the group.</summary>
/// <param name="Group">Group.</param>
/// <param name="N">Count.</param>
/// <param name="Percent">Percentage of the patients of the group with a known value.</param>
public sealed record GroupCount(string Group, int N, double? Percent);

/// <summary>A statistical test's result.</summary>
/// <param name="Test">Test used, e.g. "Fisher's exact", "Pearson chi-square", "Student t", "Mann–Whitney U".</param>
/// <param name="Statistic">Statistic, where the test has one.</param>
/// <param name="Df">Degrees of freedom.</param>
/// <param name="P">Two-sided p-value (null when not computable; see Note).</param>
/// <param name="Note">Why a p is missing, or how the test was chosen.</param>
public sealed record TestResult(string Test, double? Statistic, double? Df, double? P, string? Note = null);

/// <summary>Table 1.</summary>
/// <param name="Rows">One row per baseline variable.</param>
public sealed record BaselineSection(IReadOnlyList<BaselineRow> Rows);

/// <summary>One baseline variable.</summary>
/// <param name="Variable">Machine name, e.g. "albumin_lt_35".</param>
/// <param name="Label">E.g. "Albumin &lt; 35 g/L".</param>
/// <param name="Kind">categorical or continuous.</param>
/// <param name="Levels">Categorical: counts per level and group.</param>
/// <param name="Summaries">Continuous: per group.</param>
/// <param name="Presentation">Continuous: "mean ± SD" when every group passes the normality check, else "median (IQR)".</param>
/// <param name="Normality">Continuous: the normality check per group.</param>
/// <param name="Missing">Patients with no value, per group.</param>
/// <param name="Test">Between-group test.</param>
/// <param name="Smd">Two groups: standardized mean difference, first group minus second, pooled SD √((s₁² + s₂²)/2) (sample SD, or √(p(1 − p)) for a yes/no variable: the "Yes" proportion; for several levels the largest absolute level SMD).</param>
public sealed record BaselineRow(
    string Variable, string Label, string Kind, IReadOnlyList<LevelCounts>? Levels, IReadOnlyList<ContinuousSummary>? Summaries,
    string? Presentation, IReadOnlyList<NormalityCheck>? Normality, IReadOnlyList<GroupCount> Missing, TestResult? Test, double? Smd = null);

/// <summary>Counts of one level.</summary>
/// <param name="Level">Level, e.g. "Yes", "C".</param>
/// <param name="Counts">Per group.</param>
public sealed record LevelCounts(string Level, IReadOnlyList<GroupCount> Counts);

/// <summary>Continuous summary of one group.</summary>
/// <param name="Group">Group.</param>
/// <param name="N">Values.</param>
/// <param name="Mean">Mean.</param>
/// <param name="Sd">Standard deviation.</param>
/// <param name="Median">Median.</param>
/// <param name="Q1">Lower quartile.</param>
/// <param name="Q3">Upper quartile.</param>
public sealed record ContinuousSummary(string Group, int N, double? Mean, double? Sd, double? Median, double? Q1, double? Q3);

/// <summary>Normality check of one group.</summary>
/// <param name="Group">Group.</param>
/// <param name="Test">Shapiro–Wilk (n ≤ 5000) or Kolmogorov–Smirnov with Lilliefors correction.</param>
/// <param name="P">p-value.</param>
public sealed record NormalityCheck(string Group, string Test, double? P);

/// <summary>Table 2 under one criteria.</summary>
/// <param name="Criteria">recist11 or mrecist.</param>
/// <param name="Categories">CR, PR, SD, PD, NE counts per group, each with its test.</param>
/// <param name="ObjectiveResponse">ORR (CR + PR).</param>
/// <param name="DiseaseControl">DCR (CR + PR + SD).</param>
/// <param name="TimeToResponseMonths">Among responders: median (IQR) per group, Mann–Whitney test.</param>
/// <param name="Waterfall">Best % change per patient with the best overall response; largest increase first, ties in the
/// request's group order and then by externalId (ordinal).</param>
public sealed record ResponseSection(
    Domain.Criteria Criteria, IReadOnlyList<CategoryRow> Categories, RateRow ObjectiveResponse, RateRow DiseaseControl,
    TimeToResponseRow TimeToResponseMonths, IReadOnlyList<WaterfallPoint> Waterfall);

/// <summary>One response category.</summary>
/// <param name="Category">CR, PR, SD, PD or NE.</param>
/// <param name="Counts">Per group (percent of the group).</param>
/// <param name="Test">Category vs the rest, by group.</param>
public sealed record CategoryRow(string Category, IReadOnlyList<GroupCount> Counts, TestResult? Test);

/// <summary>A rate per group with its Clopper–Pearson interval, and the between-group test.</summary>
/// <param name="Groups">Per group.</param>
/// <param name="Test">Test of equal rates.</param>
public sealed record RateRow(IReadOnlyList<GroupRate> Groups, TestResult? Test);

/// <summary>A group's rate.</summary>
/// <param name="Group">Group.</param>
/// <param name="Events">Patients with the outcome.</param>
/// <param name="N">Patients.</param>
/// <param name="Rate">Events / N.</param>
/// <param name="Lower">Clopper–Pearson lower limit.</param>
/// <param name="Upper">Clopper–Pearson upper limit.</param>
public sealed record GroupRate(string Group, int Events, int N, double? Rate, double? Lower, double? Upper);

/// <summary>Time to response among responders.</summary>
/// <param name="Groups">Median (IQR) per group.</param>
/// <param name="Test">Mann–Whitney U (two groups).</param>
public sealed record TimeToResponseRow(IReadOnlyList<ContinuousSummary> Groups, TestResult? Test);

/// <summary>One waterfall bar.</summary>
/// <param name="Group">Group.</param>
/// <param name="ExternalId">Pseudonymous patient ID.</param>
/// <param name="BestPercentChange">Best % change of the sum of diameters.</param>
/// <param name="BestOverallResponse">BOR.</param>
public sealed record WaterfallPoint(string Group, string ExternalId, double BestPercentChange, string BestOverallResponse);

/// <summary>A survival endpoint compared across groups.</summary>
/// <param name="Endpoint">OS or PFS.</param>
/// <param name="Criteria">For PFS: the criteria of radiologic progression.</param>
/// <param name="Groups">Per group: n, events, median, landmark rates, follow-up, curve.</param>
/// <param name="HazardRatios">Each non-reference group against the reference (univariable Cox on the group).</param>
/// <param name="Tests">Log-rank, Gehan–Breslow, Tarone–Ware, Peto–Peto; the primary one flagged.</param>
/// <param name="CoxStatus">Cox fit status; a non-converged or infinite fit gives null HRs.</param>
/// <param name="CoxMessage">Why the HR is missing, when it is.</param>
/// <param name="MedianFollowUpTest">Whether follow-up differs between the groups: the log-rank test of the reverse
/// Kaplan–Meier curves (R: <c>survdiff(Surv(time, 1 - event) ~ group)</c>), beside each group's <c>medianFollowUp</c>;
/// null with fewer than two groups.</param>
public sealed record SurvivalSection(
    string Endpoint, Domain.Criteria? Criteria, IReadOnlyList<SurvivalGroupSection> Groups, IReadOnlyList<HazardRatioRow> HazardRatios,
    IReadOnlyList<SurvivalTestRow> Tests, CoxFitStatus? CoxStatus, string? CoxMessage, TestResult? MedianFollowUpTest = null);

/// <summary>One group's survival.</summary>
/// <param name="Name">Group.</param>
/// <param name="N">Patients.</param>
/// <param name="Events">Events.</param>
/// <param name="Median">Median (months) with CI; null members when not reached.</param>
/// <param name="Landmarks">Survival at the landmark months.</param>
/// <param name="MedianFollowUp">Median follow-up (reverse Kaplan–Meier), months.</param>
/// <param name="Curve">Kaplan–Meier rows.</param>
public sealed record SurvivalGroupSection(
    string Name, int N, int Events, EstimateView Median, IReadOnlyList<LandmarkEstimate> Landmarks, EstimateView MedianFollowUp,
    IReadOnlyList<KaplanMeierRow> Curve);

/// <summary>A hazard ratio.</summary>
/// <param name="Group">Compared group.</param>
/// <param name="Reference">Reference group.</param>
/// <param name="HazardRatio">HR.</param>
/// <param name="Lower">Lower CI limit.</param>
/// <param name="Upper">Upper CI limit.</param>
/// <param name="P">Wald p.</param>
public sealed record HazardRatioRow(string Group, string Reference, double? HazardRatio, double? Lower, double? Upper, double? P);

/// <summary>One weighted log-rank test.</summary>
/// <param name="Test">logRank, gehanBreslow, taroneWare or petoPeto.</param>
/// <param name="ChiSquare">Statistic.</param>
/// <param name="Df">Degrees of freedom.</param>
/// <param name="P">p-value.</param>
/// <param name="Primary">The test chosen as primary.</param>
public sealed record SurvivalTestRow(SurvivalTestChoice Test, double? ChiSquare, int Df, double? P, bool Primary);

/// <summary>Table 3.</summary>
/// <param name="Rows">Per CTCAE term: treatment-related any grade and grade ≥ 3.</param>
/// <param name="AnyGrade3PlusTreatmentRelated">Patients with any grade ≥ 3 TRAE.</param>
/// <param name="TreatmentRelatedDeaths">Patients with a grade 5 TRAE.</param>
public sealed record SafetySection(IReadOnlyList<SafetyRow> Rows, RateRow AnyGrade3PlusTreatmentRelated, IReadOnlyList<GroupCount> TreatmentRelatedDeaths);

/// <summary>One CTCAE term.</summary>
/// <param name="Term">CTCAE term.</param>
/// <param name="AnyGrade">Patients with a treatment-related event of the term, per group.</param>
/// <param name="AnyGradeTest">Test of any grade.</param>
/// <param name="Grade3Plus">Patients with grade ≥ 3, per group.</param>
/// <param name="Grade3PlusTest">Test of grade ≥ 3.</param>
public sealed record SafetyRow(string Term, IReadOnlyList<GroupCount> AnyGrade, TestResult? AnyGradeTest, IReadOnlyList<GroupCount> Grade3Plus, TestResult? Grade3PlusTest);

/// <summary>Forest-plot rows of one endpoint.</summary>
/// <param name="Endpoint">OS or PFS.</param>
/// <param name="Criteria">For PFS: criteria.</param>
/// <param name="Rows">The overall row, then per variable its levels.</param>
public sealed record SubgroupSection(string Endpoint, Domain.Criteria? Criteria, IReadOnlyList<SubgroupRow> Rows);

/// <summary>One subgroup level (or the overall row).</summary>
/// <param name="Variable">Subgroup definition, e.g. "age&gt;=53" ("overall" for the first row).</param>
/// <param name="Label">Variable label.</param>
/// <param name="Level">Level, e.g. "≥ 53 years".</param>
/// <param name="Groups">Per group: n, events, median.</param>
/// <param name="HazardRatios">Each non-reference group against the reference within the level.</param>
/// <param name="InteractionP">Likelihood-ratio test of group × subgroup in a Cox model (same on every level row of a variable).</param>
public sealed record SubgroupRow(
    string Variable, string Label, string Level, IReadOnlyList<SubgroupGroup> Groups, IReadOnlyList<HazardRatioRow> HazardRatios, double? InteractionP);

/// <summary>A group within a subgroup level.</summary>
/// <param name="Group">Group.</param>
/// <param name="N">Patients.</param>
/// <param name="Events">Events.</param>
/// <param name="Median">Median (months), null when not reached.</param>
public sealed record SubgroupGroup(string Group, int N, int Events, double? Median);
