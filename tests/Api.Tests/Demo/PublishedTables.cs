using System.Text.Json;
using HccOutcomes.Api.Tests.Infrastructure;

namespace HccOutcomes.Api.Tests.Demo;

/// <summary>
/// The reference paper's published numbers (tests/reference/paper/published-tables.json). A missing file fails the test.
/// </summary>
public static class PublishedTables
{
    private static readonly Lazy<JsonDocument> Document = new(Load);

    /// <summary>Root element of published-tables.json.</summary>
    public static JsonElement Root => Document.Value.RootElement;

    /// <summary>Arm label of group "a" or "b" (e.g. "RT+PD1").</summary>
    public static string Arm(string key) => Root.GetProperty("arms").GetProperty(key.ToUpperInvariant()).GetProperty("label").GetString()!;

    /// <summary>Number of decimals printed for a published number (54.16 → 2, 9.571 → 3).</summary>
    public static int Decimals(JsonElement number)
    {
        var text = number.GetRawText();
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? 0 : text.Length - dot - 1;
    }

    private static JsonDocument Load() => JsonDocument.Parse(File.ReadAllText(ReferenceFiles.PathOf("paper/published-tables.json")));
}

/// <summary>Small estimators for checking the demo cohort's stored outcomes (the analysis module has the full ones).</summary>
public static class DemoStatistics
{
    /// <summary>SPSS (R type 6) sample quantile.</summary>
    public static double QuantileType6(IReadOnlyList<double> values, double p)
    {
        var v = values.Order().ToArray();
        var h = (v.Length + 1) * p;
        var lo = (int)Math.Floor(h);
        if (lo < 1)
        {
            return v[0];
        }

        return lo >= v.Length ? v[^1] : v[lo - 1] + ((h - lo) * (v[lo] - v[lo - 1]));
    }

    /// <summary>R type 7 sample quantile (PostgreSQL percentile_cont).</summary>
    public static double QuantileType7(IReadOnlyList<double> values, double p)
    {
        var v = values.Order().ToArray();
        var h = (v.Length - 1) * p;
        var lo = (int)Math.Floor(h);
        return lo + 1 >= v.Length ? v[^1] : v[lo] + ((h - lo) * (v[lo + 1] - v[lo]));
    }

    /// <summary>Kaplan–Meier steps (time, survival after the events at that time).</summary>
    public static List<(double Time, double Survival)> KaplanMeier(IReadOnlyList<(double Time, bool Event)> data)
    {
        var steps = new List<(double, double)>();
        var s = 1.0;
        foreach (var t in data.Where(d => d.Event).Select(d => d.Time).Distinct().Order())
        {
            var atRisk = data.Count(d => d.Time >= t);
            var events = data.Count(d => d.Event && d.Time == t);
            s *= (atRisk - events) / (double)atRisk;
            steps.Add((t, s));
        }

        return steps;
    }

    /// <summary>S(t) of the Kaplan–Meier curve.</summary>
    public static double SurvivalAt(List<(double Time, double Survival)> curve, double t) =>
        curve.LastOrDefault(step => step.Time <= t) is { Time: > 0 } step ? step.Survival : 1.0;

    /// <summary>Smallest time with S ≤ 0.5, or null.</summary>
    public static double? Median(List<(double Time, double Survival)> curve) =>
        curve.FirstOrDefault(step => step.Survival <= 0.5) is { Time: > 0 } step ? step.Time : null;
}
