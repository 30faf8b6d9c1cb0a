namespace HccOutcomes.Api.Figures;

/// <summary>Input of the Kaplan–Meier figure (one series per group).</summary>
/// <param name="Title">Figure title, e.g. "Progression-free survival (mRECIST)".</param>
/// <param name="XLabel">X-axis label with unit, e.g. "Time since treatment start (months)".</param>
/// <param name="YLabel">Y-axis label, e.g. "Progression-free survival (%)".</param>
/// <param name="Series">Groups, reference group first.</param>
/// <param name="RiskTableTimes">Times (months) of the number-at-risk table under the x-axis, e.g. 0, 3, 6, …</param>
/// <param name="Annotation">Text such as "HR 0.45 (95% CI 0.25–0.81); Breslow p = 0.017", or null.</param>
/// <param name="ShowConfidenceBands">Draw the pointwise CI as a lightly shaded band with dashed edges.</param>
/// <param name="ShowCensorTicks">Tick marks at censored times.</param>
/// <param name="ShowMedianLines">Dashed drop lines and labels at the medians.</param>
/// <param name="ShowRiskTable">The number-at-risk table under the axis.</param>
/// <param name="XMax">End of the time axis (curves are cut there); null: the first tick step at or after the data.</param>
/// <param name="XBreaks">Time-axis ticks; null: a regular step up to the axis end.</param>
/// <param name="TimeUnit">Unit abbreviation after the median labels, e.g. "mo".</param>
public sealed record KaplanMeierFigureModel(
    string Title, string XLabel, string YLabel, IReadOnlyList<KaplanMeierSeries> Series, IReadOnlyList<double> RiskTableTimes,
    string? Annotation, bool ShowConfidenceBands, bool ShowCensorTicks = true, bool ShowMedianLines = true, bool ShowRiskTable = true,
    double? XMax = null, IReadOnlyList<double>? XBreaks = null, string TimeUnit = "mo");

/// <summary>One group's step curve.</summary>
/// <param name="Name">Group name.</param>
/// <param name="N">Patients in the group (shown in the legend as "Name (n = N)").</param>
/// <param name="Steps">The curve after each distinct time, starting at (0, 1). Survival is a proportion 0–1.</param>
/// <param name="CensorTimes">Times of censored observations (tick marks on the curve).</param>
/// <param name="Median">Median (months), or null when not reached (then no median line).</param>
/// <param name="AtRisk">Number at risk at each of <see cref="KaplanMeierFigureModel.RiskTableTimes"/>.</param>
public sealed record KaplanMeierSeries(
    string Name, int N, IReadOnlyList<KaplanMeierStep> Steps, IReadOnlyList<double> CensorTimes, double? Median, IReadOnlyList<int> AtRisk);

/// <summary>The curve value from <paramref name="Time"/> on.</summary>
/// <param name="Time">Time (months).</param>
/// <param name="Survival">S(t), 0–1.</param>
/// <param name="Lower">Lower CI limit, or null.</param>
/// <param name="Upper">Upper CI limit, or null.</param>
public sealed record KaplanMeierStep(double Time, double Survival, double? Lower, double? Upper);

/// <summary>Input of the forest plot of subgroup hazard ratios.</summary>
/// <param name="Title">Title, e.g. "Progression-free survival by subgroup".</param>
/// <param name="ComparedGroup">The group whose hazard is in the numerator (e.g. "RT+PD1").</param>
/// <param name="ReferenceGroup">The reference group (e.g. "TACE+Sorafenib").</param>
/// <param name="Rows">Rows in display order: a header row per subgroup variable, then one row per level, plus "Overall" first.</param>
public sealed record ForestFigureModel(string Title, string ComparedGroup, string ReferenceGroup, IReadOnlyList<ForestRow> Rows);

/// <summary>One forest row.</summary>
/// <param name="Label">E.g. "Age ≥ 53" or the variable name on a header row.</param>
/// <param name="IsHeader">A variable heading (no estimate), its interaction p on the right.</param>
/// <param name="NCompared">Patients of the compared group in the level.</param>
/// <param name="NReference">Patients of the reference group in the level.</param>
/// <param name="HazardRatio">HR, or null when not estimable (then "NE" is shown).</param>
/// <param name="Lower">Lower CI limit.</param>
/// <param name="Upper">Upper CI limit.</param>
/// <param name="InteractionP">Interaction p (header rows).</param>
public sealed record ForestRow(
    string Label, bool IsHeader, int? NCompared, int? NReference, double? HazardRatio, double? Lower, double? Upper, double? InteractionP);

/// <summary>Input of the waterfall plot of best percent change.</summary>
/// <param name="Title">Title, e.g. "Best change in target lesions (mRECIST)".</param>
/// <param name="Bars">One bar per patient with a measurable best change.</param>
public sealed record WaterfallFigureModel(string Title, IReadOnlyList<WaterfallBar> Bars);

/// <summary>One patient's bar.</summary>
/// <param name="Group">Treatment group (bars may be shown per group panel or marked by group).</param>
/// <param name="BestPercentChange">Best % change of the sum of diameters from baseline (−100 … +large).</param>
/// <param name="BestOverallResponse">"CR", "PR", "SD", "PD" or "NE" (bar colour).</param>
public sealed record WaterfallBar(string Group, double BestPercentChange, string BestOverallResponse);
