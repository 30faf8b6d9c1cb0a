using HccOutcomes.Analysis.Survival;
using HccOutcomes.Api.Contracts.Analyses;
using HccOutcomes.Api.Manuscript;

namespace HccOutcomes.Api.Tests.Manuscript;

/// <summary>The number formats of the manuscript tables, and the table model's choice of mean ± SD or median (IQR).</summary>
public sealed class ManuscriptFormatTests
{
    private static readonly ManuscriptFormat Default = new();

    [Theory]
    [InlineData(0.00049, 3, "<0.001")]
    [InlineData(8.999634747643875e-05, 3, "<0.001")]
    [InlineData(0.00097, 3, "0.001")]
    [InlineData(0.034, 3, "0.034")]
    [InlineData(0.0499, 3, "0.050")]
    [InlineData(1.0, 3, "1.000")]
    [InlineData(0.004, 2, "<0.01")]
    [InlineData(0.0461, 2, "0.05")]
    [InlineData(0.00004, 4, "<0.0001")]
    [InlineData(0.01234, 4, "0.0123")]
    public void P_values_print_below_the_smallest_printable_value_as_less_than(double p, int decimals, string expected) =>
        Assert.Equal(expected, (Default with { PDecimals = decimals }).P(p));

    [Fact]
    public void A_missing_p_is_a_dash() => Assert.Equal("–", Default.P(null));

    [Theory]
    [InlineData(1, "35 (94.6)")]
    [InlineData(0, "35 (95)")]
    [InlineData(2, "35 (94.59)")]
    [InlineData(3, "35 (94.595)")]
    public void Counts_are_n_and_percent_with_the_chosen_decimals(int decimals, string expected) =>
        Assert.Equal(expected, (Default with { PercentDecimals = decimals }).Count(35, 94.5945945945946));

    [Fact]
    public void Continuous_values_and_intervals()
    {
        Assert.Equal("54.16 ± 10.68", Default.MeanSd(54.162162162, 10.6764));
        Assert.Equal("54.2 ± 10.7", (Default with { ValueDecimals = 1 }).MeanSd(54.162162162, 10.6764));
        Assert.Equal("7.30 (4.75–8.65)", Default.MedianIqr(7.3, 4.75, 8.65));
        Assert.Equal("17.4 (8.7–26.1)", Default.Interval(17.4, 8.69, 26.11, Default.SurvivalDecimals));
        Assert.Equal("5.9 (3.2–8.5)", Default.Interval(5.86, 3.19, 8.53, 1));
        Assert.Equal("13.4 (12.1–NR)", Default.Interval(13.4, 12.1, null, 1));
        Assert.Equal("NR", Default.Interval(null, null, null, 1));
        // Halves round away from zero, as printed tables do.
        Assert.Equal("0.13", ManuscriptFormat.Number(0.125, 2));
    }

    [Fact]
    public void Table_1_prints_each_continuous_variable_as_its_normality_check_chose()
    {
        ContinuousSummary Summary(string group) => new(group, 10, 54.16, 10.68, 52.5, 47.25, 60.75);
        BaselineRow Row(string variable, string presentation, string test) => new(variable, variable, "continuous", null,
            [Summary("A"), Summary("B")], presentation, null, [new GroupCount("A", 0, 0), new GroupCount("B", 0, 0)], new TestResult(test, 1.0, 18, 0.2881));
        var response = new CompareResponse(Guid.NewGuid(), "B",
            new CompareSettings([CompareSection.Baseline], [], [], CategoricalTestChoice.Fisher, MedianConvention.R, "type7", CoxTies.Efron, SurvivalTestChoice.LogRank, 0.95, "months"),
            [new GroupSize("A", 10), new GroupSize("B", 10)], new Consort(20, 0, 0, []),
            new BaselineSection([Row("age", "mean ± SD", "Student t (pooled variance)"), Row("afp", "median (IQR)", "Mann–Whitney U (normal approximation, continuity correction)")]),
            null, null, null, null, null, new DerivationUsed(1, Domain.Conventions.PfsRuleSet.AsCollected, null, "none"));

        var table = Assert.Single(ManuscriptTables.Build(response, Default));
        var age = table.Rows.Single(r => r.Label == "age, mean ± SD");
        Assert.Equal(["54.16 ± 10.68", "54.16 ± 10.68", "0.288"], age.Cells.Select(c => c.Text));
        var afp = table.Rows.Single(r => r.Label == "afp, median (IQR)");
        Assert.Equal(["52.50 (47.25–60.75)", "52.50 (47.25–60.75)", "0.288"], afp.Cells.Select(c => c.Text));
        Assert.Equal(["a", "b"], new[] { age.Cells[2].Mark!, afp.Cells[2].Mark! });
        Assert.Equal([new Footnote("a", "Student's t test (pooled variance)."), new Footnote("b", "Mann–Whitney U test.")], table.Footnotes.Take(2));
    }
}
