using System.Text.Json;
using HccOutcomes.Analysis.Proportions;
using HccOutcomes.Analysis.Tests.Reference;

namespace HccOutcomes.Analysis.Tests.Proportions;

/// <summary>The binomial_ci section of tests/reference/tests.json (R 4.2.2) to 1e-6 relative.</summary>
public class ProportionReferenceTests
{
    public static TheoryData<string, int> Cases()
    {
        using var doc = ReferenceFiles.LoadJson("tests.json");
        var data = new TheoryData<string, int>();
        var i = 0;
        foreach (var c in doc.RootElement.GetProperty("binomial_ci").EnumerateArray())
        {
            data.Add($"x = {c.GetProperty("x").GetInt32()}, n = {c.GetProperty("n").GetInt32()}", i++);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Clopper_Pearson_matches_binom_test(string xn, int index)
    {
        // R: binom.test(x, n)$conf.int
        var c = Load(index);
        var ci = ClopperPearsonInterval.Compute(c.GetProperty("x").GetInt32(), c.GetProperty("n").GetInt32());
        Close.Equal(c.GetProperty("clopper_pearson_lower").Number(), ci.Lower, what: $"binom.test({xn})$conf.int[1]");
        Close.Equal(c.GetProperty("clopper_pearson_upper").Number(), ci.Upper, what: $"binom.test({xn})$conf.int[2]");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Wilson_matches_prop_test_without_correction(string xn, int index)
    {
        // R: prop.test(x, n, correct = FALSE)$conf.int
        var c = Load(index);
        var ci = WilsonScoreInterval.Compute(c.GetProperty("x").GetInt32(), c.GetProperty("n").GetInt32());
        Close.Equal(c.GetProperty("wilson_lower").Number(), ci.Lower, what: $"prop.test({xn}, correct = FALSE)$conf.int[1]");
        Close.Equal(c.GetProperty("wilson_upper").Number(), ci.Upper, what: $"prop.test({xn}, correct = FALSE)$conf.int[2]");
    }

    private static JsonElement Load(int index)
    {
        using var doc = ReferenceFiles.LoadJson("tests.json");
        return doc.RootElement.GetProperty("binomial_ci")[index].Clone();
    }
}
