using System.Globalization;
using HccOutcomes.Api.Contracts.Analyses;
using HccOutcomes.Api.Figures;
using HccOutcomes.Domain;

namespace HccOutcomes.Api.Analyses;

/// <summary>Turns comparison sections into the figure models of the SVG renderers.</summary>
internal static class CompareFigures
{
    public static KaplanMeierFigureModel KaplanMeier(SurvivalSection s, string reference, SurvivalTestChoice primary, bool bands)
    {
        var maxTime = s.Groups.SelectMany(g => g.Curve).Select(r => r.Time).DefaultIfEmpty(0).Max();
        var step = maxTime <= 24 ? 3 : maxTime <= 60 ? 6 : 12;
        var riskTimes = Enumerable.Range(0, (int)Math.Floor(maxTime / step) + 1).Select(i => (double)(i * step)).ToList();
        var series = s.Groups.Select(g =>
        {
            var steps = new List<KaplanMeierStep> { new(0, 1, 1, 1) };
            steps.AddRange(g.Curve.Where(r => r.Events > 0).Select(r => new KaplanMeierStep(r.Time, r.Survival, r.Lower, r.Upper)));
            var censored = g.Curve.Where(r => r.Censored > 0).Select(r => r.Time).ToList();
            var atRisk = riskTimes.Select(t => AtRisk(g, t)).ToList();
            return new KaplanMeierSeries(g.Name, g.N, steps, censored, g.Median.Estimate, atRisk);
        }).ToList();

        var title = s.Endpoint == "OS" ? "Overall survival" : $"Progression-free survival ({s.Criteria?.DisplayName()})";
        var test = s.Tests.FirstOrDefault(t => t.Test == primary);
        var hr = s.HazardRatios.FirstOrDefault();
        var parts = new List<string>();
        if (hr?.HazardRatio is { } h)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"HR {h:0.00} (95% CI {hr.Lower:0.00}–{hr.Upper:0.00}) vs {reference}"));
        }

        if (test?.P is { } p)
        {
            parts.Add($"{TestName(primary)} p {FormatP(p)}");
        }

        return new KaplanMeierFigureModel(
            title, "Time since on-study (months)", (s.Endpoint == "OS" ? "Overall survival" : "Progression-free survival") + " (%)",
            series, riskTimes, parts.Count > 0 ? string.Join("; ", parts) : null, bands);
    }

    /// <summary>The adjusted (weighted or matched) curves of one endpoint, annotated with the adjusted HR.</summary>
    public static KaplanMeierFigureModel AdjustedKaplanMeier(AdjustmentSection a, AdjustedEndpointView e, bool bands)
    {
        var maxTime = e.Curves.SelectMany(c => c.Rows).Select(r => r.Time).DefaultIfEmpty(0).Max();
        var step = maxTime <= 24 ? 3 : maxTime <= 60 ? 6 : 12;
        var riskTimes = Enumerable.Range(0, (int)Math.Floor(maxTime / step) + 1).Select(i => (double)(i * step)).ToList();
        var series = e.Curves.OrderBy(c => c.Group == a.Control ? 1 : 0).Select(c =>
        {
            var steps = new List<KaplanMeierStep> { new(0, 1, 1, 1) };
            steps.AddRange(c.Rows.Where(r => r.Events > 0).Select(r => new KaplanMeierStep(r.Time, r.Survival, r.Lower, r.Upper)));
            var censored = c.Rows.Where(r => r.Censored > 0).Select(r => r.Time).ToList();
            // Weighted numbers at risk are rounded for the table.
            var atRisk = riskTimes.Select(t => (int)Math.Round(c.Rows.FirstOrDefault(r => r.Time >= t)?.AtRisk ?? 0)).ToList();
            var median = c.Rows.FirstOrDefault(r => r.Survival <= 0.5)?.Time;
            return new KaplanMeierSeries(c.Group, c.Rows.Count == 0 ? 0 : (int)Math.Round(c.Rows[0].AtRisk), steps, censored, median, atRisk);
        }).ToList();
        var kind = a.Method switch { "iptw" => $"IPTW ({a.Estimand})", "matching" => "propensity-matched", _ => "multivariable" };
        var title = (e.Endpoint == "OS" ? "Overall survival" : $"Progression-free survival ({e.Criteria?.DisplayName()})") + $", {kind}";
        var annotation = e.HazardRatio?.HazardRatio is { } h
            ? string.Create(CultureInfo.InvariantCulture, $"Adjusted HR {h:0.00} (95% CI {e.HazardRatio.Lower:0.00}–{e.HazardRatio.Upper:0.00}) vs {a.Control}")
            : null;
        return new KaplanMeierFigureModel(title, "Time since on-study (months)", (e.Endpoint == "OS" ? "Overall survival" : "Progression-free survival") + " (%)",
            series, riskTimes, annotation, bands);
    }

    /// <summary>|SMD| before and after adjustment per balance row.</summary>
    public static LovePlotFigureModel LovePlot(AdjustmentSection a) => new(
        "Covariate balance",
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

    public static ForestFigureModel Forest(SubgroupSection section, IReadOnlyList<string> groups, string reference)
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
        return new ForestFigureModel(title, compared, reference, rows);
    }

    /// <summary>Bars grouped in the request's group order (one panel each), largest increase first within a group.</summary>
    public static WaterfallFigureModel Waterfall(ResponseSection section, List<string> groups) => new(
        $"Best change in target lesions ({section.Criteria.DisplayName()})",
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
}
