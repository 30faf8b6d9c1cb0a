using System.Text.Json;
using HccOutcomes.Analysis.Contingency;
using HccOutcomes.Analysis.Tests.Reference;

namespace HccOutcomes.Analysis.Tests.Contingency;

/// <summary>
/// Every 2×2 and r×c value of tests/reference/tests.json (R 4.2.2 stats) to 1e-6 relative. The tables are listed row by row,
/// so each case is <c>m &lt;- matrix(c(...), nrow = rows, byrow = TRUE)</c> in R; the R call is the first argument of each case.
/// </summary>
public class ContingencyReferenceTests
{
    public static TheoryData<string, int> TwoByTwoCases() => Cases("two_by_two", t => $"m <- matrix({ReferenceJson.RVector(t.GetProperty("table").Integers())}, 2, byrow = TRUE)");

    public static TheoryData<string, int> RByCCases() => Cases("r_by_c", t => $"m <- matrix({ReferenceJson.RVector(t.GetProperty("table").Integers())}, {t.GetProperty("rows").GetInt32()}, byrow = TRUE)");

    [Fact]
    public void Reference_file_has_the_expected_sections()
    {
        using var doc = ReferenceFiles.LoadJson("tests.json");
        Assert.Equal("R 4.2.2 (stats)", doc.RootElement.GetProperty("produced_by").GetString());
        Assert.True(doc.RootElement.GetProperty("two_by_two").GetArrayLength() > 0);
        Assert.True(doc.RootElement.GetProperty("r_by_c").GetArrayLength() > 0);
    }

    [Theory]
    [MemberData(nameof(TwoByTwoCases))]
    public void Fisher_two_by_two_P_value_matches_R(string rCall, int index)
    {
        // R: fisher.test(m)$p.value
        var (table, expected) = Load("two_by_two", index);
        Close.Equal(expected.GetProperty("fisher_p").Number(), FisherExactTest.Compute(table).PValue, what: $"{rCall}; fisher.test(m)$p.value");
    }

    [Theory]
    [MemberData(nameof(TwoByTwoCases))]
    public void Fisher_conditional_odds_ratio_and_CI_match_R(string rCall, int index)
    {
        // R: fisher.test(m)$estimate and fisher.test(m)$conf.int
        var (table, expected) = Load("two_by_two", index);
        var or = ConditionalOddsRatio.Compute(table);
        Close.Equal(expected.GetProperty("fisher_odds_ratio_cmle").Number(), or.Estimate, what: $"{rCall}; fisher.test(m)$estimate");
        Close.Equal(expected.GetProperty("fisher_or_lower").Number(), or.Lower, what: $"{rCall}; fisher.test(m)$conf.int[1]");
        Close.Equal(expected.GetProperty("fisher_or_upper").Number(), or.Upper, what: $"{rCall}; fisher.test(m)$conf.int[2]");
        Assert.Equal(OddsRatioMethod.ConditionalMaximumLikelihood, or.Method);
    }

    [Theory]
    [MemberData(nameof(TwoByTwoCases))]
    public void Pearson_without_correction_matches_R(string rCall, int index)
    {
        // R: chisq.test(m, correct = FALSE)
        var (table, expected) = Load("two_by_two", index);
        var result = PearsonChiSquareTest.Compute(table, yatesCorrection: false);
        Close.Equal(expected.GetProperty("pearson_chisq").Number(), result.ChiSquare, what: $"{rCall}; chisq.test(m, correct = FALSE)$statistic");
        Close.Equal(expected.GetProperty("pearson_p").Number(), result.PValue, what: $"{rCall}; chisq.test(m, correct = FALSE)$p.value");
        Assert.Equal(1, result.DegreesOfFreedom);
        Assert.False(result.YatesCorrectionApplied);
    }

    [Theory]
    [MemberData(nameof(TwoByTwoCases))]
    public void Pearson_with_Yates_matches_R(string rCall, int index)
    {
        // R: chisq.test(m) (correct = TRUE is R's default)
        var (table, expected) = Load("two_by_two", index);
        var result = PearsonChiSquareTest.Compute(table, yatesCorrection: true);
        Close.Equal(expected.GetProperty("yates_chisq").Number(), result.ChiSquare, what: $"{rCall}; chisq.test(m)$statistic");
        Close.Equal(expected.GetProperty("yates_p").Number(), result.PValue, what: $"{rCall}; chisq.test(m)$p.value");
        Assert.True(result.YatesCorrectionApplied);
    }

    [Theory]
    [MemberData(nameof(RByCCases))]
    public void Fisher_R_by_c_matches_R(string rCall, int index)
    {
        // R: fisher.test(m)$p.value (FEXACT network algorithm in R)
        var (table, expected) = Load("r_by_c", index);
        Close.Equal(expected.GetProperty("fisher_p").Number(), FisherExactTest.Compute(table).PValue, what: $"{rCall}; fisher.test(m)$p.value");
    }

    [Theory]
    [MemberData(nameof(RByCCases))]
    public void Pearson_R_by_c_matches_R(string rCall, int index)
    {
        // R: chisq.test(m, correct = FALSE) (the correction only ever applies to 2×2)
        var (table, expected) = Load("r_by_c", index);
        var result = PearsonChiSquareTest.Compute(table, yatesCorrection: false);
        Close.Equal(expected.GetProperty("pearson_chisq").Number(), result.ChiSquare, what: $"{rCall}; chisq.test(m, correct = FALSE)$statistic");
        Close.Equal(expected.GetProperty("pearson_p").Number(), result.PValue, what: $"{rCall}; chisq.test(m, correct = FALSE)$p.value");
        Assert.Equal(expected.GetProperty("pearson_df").GetInt32(), result.DegreesOfFreedom);
    }

    private static TheoryData<string, int> Cases(string section, Func<JsonElement, string> describe)
    {
        using var doc = ReferenceFiles.LoadJson("tests.json");
        var data = new TheoryData<string, int>();
        var i = 0;
        foreach (var t in doc.RootElement.GetProperty(section).EnumerateArray())
        {
            data.Add(describe(t), i++);
        }

        return data;
    }

    private static (ContingencyTable Table, JsonElement Expected) Load(string section, int index)
    {
        var doc = ReferenceFiles.LoadJson("tests.json");
        var t = doc.RootElement.GetProperty(section)[index].Clone();
        var rows = t.TryGetProperty("rows", out var r) ? r.GetInt32() : 2;
        return (ContingencyTable.FromRowMajor(rows, t.GetProperty("table").Integers()), t);
    }
}
