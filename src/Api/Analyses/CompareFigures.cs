using System.Globalization;
using HccOutcomes.Api.Contracts.Analyses;
using HccOutcomes.Api.Figures;
using HccOutcomes.Domain;

namespace HccOutcomes.Api.Analyses;

/// <summary>Turns comparison sections into the figure models of the SVG renderers.</summary>
internal static class CompareFigures
{
    /// <summary>The Kaplan–Meier figure of one endpoint, drawn as <paramref name="style"/> asks (times in its unit).</summary>
    public static KaplanMeierFigureModel KaplanMeier(SurvivalSection s, string reference, SurvivalTestChoice primary, bool bands, FigureStyle? style = null)
    {
        var axis = TimeAxis.For(s.Groups.SelectMany(g => g.Curve).Select(r => r.Time).DefaultIfEmpty(0).Max(), style);
        var series = s.Groups.Select(g =>
        {
            var steps = new List<KaplanMeierStep> { new(0, 1, 1, 1) };
            steps.AddRange(g.Curve.Where(r => r.Events > 0).Select(r => new KaplanMeierStep(axis.Of(r.Time), r.Survival, r.Lower, r.Upper)));
            var censored = g.Curve.Where(r => r.Censored > 0).Select(r => axis.Of(r.Time)).ToList();
            var atRisk = axis.Breaks.Select(t => AtRisk(g, t / axis.PerMonth)).ToList();
            return new KaplanMeierSeries(g.Name, g.N, steps, censored, g.Median.Estimate is { } m ? axis.Of(m) : null, atRisk);
        }).ToList();

        var title = s.Endpoint == "OS" ? "Overall survival" : $"Progression-free survival ({s.Criteria?.DisplayName()})";
        var test = s.Tests.FirstOrDefault(t => t.Test == primary);
        var hr = s.HazardRatios.FirstOrDefault();
        var parts = new List<string>();
        var annotation = style?.Annotation ?? FigureAnnotation.Both;
        if (hr?.HazardRatio is { } h && annotation is FigureAnnotation.Both or FigureAnnotation.Hr)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"HR {h:0.00} (95% CI {hr.Lower:0.00}–{hr.Upper:0.00}) vs {reference}"));
        }

        if (test?.P is { } p && annotation is FigureAnnotation.Both or FigureAnnotation.PrimaryTest)
        {
            parts.Add($"{TestName(primary)} p {FormatP(p)}");
        }

        return Styled(new KaplanMeierFigureModel(
            title, axis.Label, (s.Endpoint == "OS" ? "Overall survival" : "Progression-free survival") + " (%)",
            series, axis.Breaks, parts.Count > 0 ? string.Join("; ", parts) : null, bands), axis, style);
    }

    /// <summary>The adjusted (weighted or matched) curves of one endpoint, annotated with the adjusted HR.</summary>
    public static KaplanMeierFigureModel AdjustedKaplanMeier(AdjustmentSection a, AdjustedEndpointView e, bool bands, FigureStyle? style = null)
    {
        var axis = TimeAxis.For(e.Curves.SelectMany(c => c.Rows).Select(r => r.Time).DefaultIfEmpty(0).Max(), style);
        var series = e.Curves.OrderBy(c => c.Group == a.Control ? 1 : 0).Select(c =>
        {
            var steps = new List<KaplanMeierStep> { new(0, 1, 1, 1) };
            steps.AddRange(c.Rows.Where(r => r.Events > 0).Select(r => new KaplanMeierStep(axis.Of(r.Time), r.Survival, r.Lower, r.Upper)));
            var censored = c.Rows.Where(r => r.Censored > 0).Select(r => axis.Of(r.Time)).ToList();
            // Weighted numbers at risk are rounded for the table.
            var atRisk = axis.Breaks.Select(t => (int)Math.Round(c.Rows.FirstOrDefault(r => r.Time >= t / axis.PerMonth)?.AtRisk ?? 0)).ToList();
            var median = c.Rows.FirstOrDefault(r => r.Survival <= 0.5)?.Time;
            return new KaplanMeierSeries(c.Group, c.Rows.Count == 0 ? 0 : (int)Math.Round(c.Rows[0].AtRisk), steps, censored,
                median is { } m ? axis.Of(m) : null, atRisk);
        }).ToList();
        var kind = a.Method switch { "iptw" => $"IPTW ({a.Estimand})", "matching" => "propensity-matched", _ => "multivariable" };
        var title = (e.Endpoint == "OS" ? "Overall survival" : $"Progression-free survival ({e.Criteria?.DisplayName()})") + $", {kind}";
        var annotation = e.HazardRatio?.HazardRatio is { } h && style?.Annotation is null or FigureAnnotation.Both or FigureAnnotation.Hr
            ? string.Create(CultureInfo.InvariantCulture, $"Adjusted HR {h:0.00} (95% CI {e.HazardRatio.Lower:0.00}–{e.HazardRatio.Upper:0.00}) vs {a.Control}")
            : null;
        return Styled(new KaplanMeierFigureModel(title, axis.Label, (e.Endpoint == "OS" ? "Overall survival" : "Progression-free survival") + " (%)",
            series, axis.Breaks, annotation, bands), axis, style);
    }

    /// <summary>The style's switches and axis on a Kaplan–Meier model (the bands: <c>showCi</c> over the query's <c>bands</c>).</summary>
    private static KaplanMeierFigureModel Styled(KaplanMeierFigureModel model, TimeAxis axis, FigureStyle? style) => model with
    {
        Title = style?.Title ?? model.Title,
        ShowConfidenceBands = style?.ShowCi ?? model.ShowConfidenceBands,
        ShowCensorTicks = style?.ShowCensorTicks ?? true,
        ShowMedianLines = style?.ShowMedianLines ?? true,
        ShowRiskTable = style?.ShowRiskTable ?? true,
        XMax = axis.End,
        XBreaks = axis.Breaks,
        TimeUnit = axis.Abbreviation,
    };

    /// <summary>|SMD| before and after adjustment per balance row.</summary>
    public static LovePlotFigureModel LovePlot(AdjustmentSection a, FigureStyle? style = null) => new(
        style?.Title ?? "Covariate balance",
        a.Method == "matching" ? "Matched" : $"Weighted ({a.Estimand})",
        [.. (a.Balance ?? []).Select(r => new LovePlotRow(
            r.Covariate,
            r.Smd.Unadjusted is { } u ? Math.Abs(u) : null,
            (a.Method == "matching" ? r.Smd.Matched : r.Smd.Weighted) is { } v ? Math.Abs(v) : null))]);

    private static int AtRisk(SurvivalGroupSection g, double t)
    {
        // Number at risk at t: subjects whose time is ≥ t = at-risk count of the first row at or after t.
        foreach (var row in g.Curve)
        {
            if (row.Time >= t)
            {
                return row.AtRisk;
            }
        }

        return 0;
    }

    public static ForestFigureModel Forest(SubgroupSection section, IReadOnlyList<string> groups, string reference, FigureStyle? style = null)
    {
        var compared = groups.First(g => g != reference);
        var rows = new List<ForestRow>();
        string? current = null;
        foreach (var row in section.Rows)
        {
            var hr = row.HazardRatios.FirstOrDefault(h => h.Group == compared);
            int? N(string group) => row.Groups.FirstOrDefault(x => x.Group == group)?.N;
            if (row.Variable == SubgroupForest.OverallVariable)
            {
                rows.Add(new ForestRow("Overall", false, N(compared), N(reference), hr?.HazardRatio, hr?.Lower, hr?.Upper, null));
                continue;
            }

            if (row.Variable != current)
            {
                current = row.Variable;
                rows.Add(new ForestRow(row.Label, true, null, null, null, null, null, row.InteractionP));
            }

            rows.Add(new ForestRow(row.Level, false, N(compared), N(reference), hr?.HazardRatio, hr?.Lower, hr?.Upper, null));
        }

        var title = section.Endpoint == "OS" ? "Overall survival by subgroup" : $"Progression-free survival ({section.Criteria?.DisplayName()}) by subgroup";
        return new ForestFigureModel(style?.Title ?? title, compared, reference, rows);
    }

    /// <summary>Bars grouped in the request's group order (one panel each), largest increase first within a group.</summary>
    public static WaterfallFigureModel Waterfall(ResponseSection section, List<string> groups, FigureStyle? style = null) => new(
        style?.Title ?? $"Best change in target lesions ({section.Criteria.DisplayName()})",
        section.Waterfall
            .OrderBy(w => groups.IndexOf(w.Group))
            .ThenByDescending(w => w.BestPercentChange)
            .Select(w => new WaterfallBar(w.Group, w.BestPercentChange, w.BestOverallResponse))
            .ToList());

    private static string TestName(SurvivalTestChoice t) => t switch
    {
        SurvivalTestChoice.GehanBreslow => "Breslow",
        SurvivalTestChoice.TaroneWare => "Tarone–Ware",
        SurvivalTestChoice.PetoPeto => "Peto–Peto",
        _ => "log-rank",
    };

    private static string FormatP(double p) => p < 0.001 ? "< 0.001" : string.Create(CultureInfo.InvariantCulture, $"= {p:0.000}");

    /// <summary>
    /// The time axis of a Kaplan–Meier figure in the unit asked for: its breaks (the number-at-risk columns) and its
    /// end, which is always a break, so that the table reaches the end of the axis.
    /// </summary>
    /// <param name="PerMonth">Units per month (days 30.4375, weeks 30.4375 / 7, months 1, years 1/12).</param>
    /// <param name="Label">The axis label.</param>
    /// <param name="Abbreviation">After a median, e.g. "mo".</param>
    /// <param name="Breaks">Ticks and risk-table times, ascending, the last at <paramref name="End"/>.</param>
    /// <param name="End">End of the axis.</param>
    private sealed record TimeAxis(double PerMonth, string Label, string Abbreviation, IReadOnlyList<double> Breaks, double End)
    {
        private const double DaysPerMonth = 30.4375;

        /// <summary>A time in months in the axis unit.</summary>
        public double Of(double months) => months * PerMonth;

        public static TimeAxis For(double maxMonths, FigureStyle? style)
        {
            var unit = style?.TimeUnit ?? FigureTimeUnit.Months;
            var (perMonth, name, abbreviation, steps) = unit switch
            {
                FigureTimeUnit.Days => (DaysPerMonth, "days", "d", new double[] { 7, 14, 30, 60, 90, 180, 365, 730 }),
                FigureTimeUnit.Weeks => (DaysPerMonth / 7, "weeks", "wk", [2, 4, 8, 12, 26, 52, 104]),
                FigureTimeUnit.Years => (1 / 12.0, "years", "yr", [0.25, 0.5, 1, 2, 5, 10]),
                _ => (1.0, "months", "mo", [3, 6, 12, 24, 60]),
            };
            var label = $"Time since on-study ({name})";
            if (style?.XBreaks is { Count: > 0 } given)
            {
                var end = style.XMax ?? given[^1];
                List<double> breaks = [.. given];
                if (breaks[^1] < end)
                {
                    breaks.Add(end);
                }

                return new TimeAxis(perMonth, label, abbreviation, breaks, end);
            }

            var dataEnd = style?.XMax ?? Math.Max(maxMonths * perMonth, 0);
            // Months keep the standard look's steps (3 up to 24 months, 6 up to 60, then 12); the other units take the
            // smallest step giving at most 10 intervals.
            var step = unit == FigureTimeUnit.Months
                ? (dataEnd <= 24 ? 3 : dataEnd <= 60 ? 6 : 12)
                : steps.FirstOrDefault(s => dataEnd / s <= 10, steps[^1]);
            if (dataEnd / step > 40)
            {
                step = dataEnd / 40;
            }

            var axisEnd = style?.XMax ?? Math.Max(step, Math.Ceiling((dataEnd / step) - 1e-9) * step);
            var ticks = Enumerable.Range(0, (int)Math.Floor((axisEnd / step) + 1e-9) + 1).Select(i => i * step).ToList();
            if (axisEnd - ticks[^1] > 1e-9)
            {
                ticks.Add(axisEnd);
            }

            return new TimeAxis(perMonth, label, abbreviation, ticks, axisEnd);
        }
    }
}
