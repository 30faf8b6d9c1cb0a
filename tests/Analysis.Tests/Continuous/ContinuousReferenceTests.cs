using System.Text.Json;
using HccOutcomes.Analysis.Continuous;
using HccOutcomes.Analysis.Tests.Reference;

namespace HccOutcomes.Analysis.Tests.Continuous;

/// <summary>The two_sample section of tests/reference/tests.json (R 4.2.2 stats) to 1e-6 relative.</summary>
public class ContinuousReferenceTests
{
    private static JsonElement Section()
    {
        using var doc = ReferenceFiles.LoadJson("tests.json");
        return doc.RootElement.GetProperty("two_sample").Clone();
    }

    [Fact(DisplayName = "t.test(x, y, var.equal = TRUE): t, df, p")]
    public void Student_T_matches_R()
    {
        var s = Section();
        var r = StudentTTest.Compute(s.GetProperty("x").Numbers(), s.GetProperty("y").Numbers());
        var e = s.GetProperty("student_t");
        Close.Equal(e.GetProperty("t").Number(), r.T, what: "t.test(x, y, var.equal = TRUE)$statistic");
        Close.Equal(e.GetProperty("df").Number(), r.DegreesOfFreedom, what: "t.test(x, y, var.equal = TRUE)$parameter");
        Close.Equal(e.GetProperty("p").Number(), r.PValue, what: "t.test(x, y, var.equal = TRUE)$p.value");
    }

    [Fact(DisplayName = "t.test(x, y): Welch t, df, p")]
    public void Welch_T_matches_R()
    {
        var s = Section();
        var r = WelchTTest.Compute(s.GetProperty("x").Numbers(), s.GetProperty("y").Numbers());
        var e = s.GetProperty("welch_t");
        Close.Equal(e.GetProperty("t").Number(), r.T, what: "t.test(x, y)$statistic");
        Close.Equal(e.GetProperty("df").Number(), r.DegreesOfFreedom, what: "t.test(x, y)$parameter");
        Close.Equal(e.GetProperty("p").Number(), r.PValue, what: "t.test(x, y)$p.value");
    }

    [Fact(DisplayName = "t.test from summary statistics equals t.test on the raw data")]
    public void Student_and_Welch_tests_from_summary_equal_raw_data()
    {
        var s = Section();
        double[] x = s.GetProperty("x").Numbers(), y = s.GetProperty("y").Numbers();
        MeanSdSummary sx = MeanStandardDeviation.Compute(x), sy = MeanStandardDeviation.Compute(y);
        Close.Equal(s.GetProperty("student_t").GetProperty("p").Number(), StudentTTest.FromSummary(sx, sy).PValue, 1e-9);
        Close.Equal(s.GetProperty("welch_t").GetProperty("p").Number(), WelchTTest.FromSummary(sx, sy).PValue, 1e-6);
        TTestResult raw = WelchTTest.Compute(x, y), summary = WelchTTest.FromSummary(sx, sy);
        Close.Equal(raw.Lower, summary.Lower, 1e-12);
        Close.Equal(raw.Upper, summary.Upper, 1e-12);
    }

    [Fact(DisplayName = "shapiro.test(x): W and p")]
    public void Shapiro_Wilk_matches_R()
    {
        var s = Section();
        var r = ShapiroWilkTest.Compute(s.GetProperty("x").Numbers());
        var e = s.GetProperty("shapiro_wilk_x");
        Close.Equal(e.GetProperty("w").Number(), r.Statistic, what: "shapiro.test(x)$statistic");
        Close.Equal(e.GetProperty("p").Number(), r.PValue, what: "shapiro.test(x)$p.value");
    }

    [Fact(DisplayName = "wilcox.test(u, v, exact = FALSE, correct = TRUE): W and p")]
    public void Mann_Whitney_matches_R()
    {
        var s = Section();
        var r = MannWhitneyUTest.Compute(s.GetProperty("u").Numbers(), s.GetProperty("v").Numbers());
        var e = s.GetProperty("mann_whitney_uv");
        Close.Equal(e.GetProperty("w").Number(), r.W, what: "wilcox.test(u, v, exact = FALSE)$statistic");
        Close.Equal(e.GetProperty("p").Number(), r.PValue, what: "wilcox.test(u, v, exact = FALSE)$p.value");
    }

    [Theory(DisplayName = "quantile(u, c(0.25, 0.5, 0.75), type = t)")]
    [InlineData("median_iqr_u_type7", QuantileDefinition.RType7)]
    [InlineData("median_iqr_u_type6_spss", QuantileDefinition.SpssType6)]
    public void Quantiles_match_R(string key, QuantileDefinition definition)
    {
        var s = Section();
        var expected = s.GetProperty(key).Numbers(); // quantile(u, c(.25, .5, .75), type = 7 or 6)
        var r = MedianInterquartileRange.Compute(s.GetProperty("u").Numbers(), definition);
        Close.Equal(expected[0], r.LowerQuartile, what: $"quantile(u, 0.25, type = {(int)definition})");
        Close.Equal(expected[1], r.Median, what: $"quantile(u, 0.5, type = {(int)definition})");
        Close.Equal(expected[2], r.UpperQuartile, what: $"quantile(u, 0.75, type = {(int)definition})");
    }
}
