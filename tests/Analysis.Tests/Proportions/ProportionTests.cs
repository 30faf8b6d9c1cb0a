using HccOutcomes.Analysis.Contingency;
using HccOutcomes.Analysis.Proportions;
using HccOutcomes.Analysis.Tests.Reference;

namespace HccOutcomes.Analysis.Tests.Proportions;

public class ProportionTests
{
    [Theory]
    // Newcombe (1998) Stat Med 17:873–890, Table II, method 10 (score interval, no continuity correction), to the 4 printed decimals.
    [InlineData(56, 70, 48, 80, 0.0524, 0.3339)]
    [InlineData(9, 10, 3, 10, 0.1705, 0.8090)]
    [InlineData(6, 7, 2, 7, 0.0582, 0.8062)]
    [InlineData(5, 56, 0, 29, -0.0381, 0.1926)]
    [InlineData(0, 10, 0, 20, -0.1611, 0.2775)]
    [InlineData(10, 10, 0, 20, 0.6791, 1.0000)]
    [InlineData(10, 10, 0, 10, 0.6075, 1.0000)]
    public void Newcombe_ReproducesThePublishedTable(int x1, int n1, int x2, int n2, double lower, double upper)
    {
        var d = NewcombeDifferenceInterval.Compute(x1, n1, x2, n2);
        Assert.Equal(lower, Math.Round(d.Lower, 4), 10);
        Assert.Equal(upper, Math.Round(d.Upper, 4), 10);
        Close.Equal((double)x1 / n1 - (double)x2 / n2, d.Difference, 1e-15, absoluteAtZero: 1e-15);
    }

    [Theory]
    [InlineData(10, 0.95)]
    [InlineData(37, 0.95)]
    [InlineData(41, 0.90)]
    [InlineData(200, 0.99)]
    public void Clopper_Pearson_at_the_boundaries_has_closed_forms(int n, double level)
    {
        // x = n: lower = (α/2)^(1/n); x = 0: upper = 1 − (α/2)^(1/n). (qbeta(α/2, n, 1) and qbeta(1 − α/2, 1, n).)
        var alpha = 1 - level;
        var all = ClopperPearsonInterval.Compute(n, n, level);
        var none = ClopperPearsonInterval.Compute(0, n, level);
        Close.Equal(Math.Pow(alpha / 2, 1.0 / n), all.Lower, 1e-12);
        Assert.Equal(1.0, all.Upper);
        Assert.Equal(0.0, none.Lower);
        Close.Equal(1 - Math.Pow(alpha / 2, 1.0 / n), none.Upper, 1e-10);
    }

    [Fact]
    public void Intervals_widen_with_the_level()
    {
        ProportionInterval a = WilsonScoreInterval.Compute(12, 40, 0.90), b = WilsonScoreInterval.Compute(12, 40, 0.99);
        Assert.True(b.Lower < a.Lower && b.Upper > a.Upper);
        ProportionInterval c = ClopperPearsonInterval.Compute(12, 40, 0.90), d = ClopperPearsonInterval.Compute(12, 40, 0.99);
        Assert.True(d.Lower < c.Lower && d.Upper > c.Upper);
        Assert.True(c.Lower < 0.3 && c.Upper > 0.3);
    }

    [Fact]
    public void Invalid_counts_throw_naming_the_argument()
    {
        Assert.Equal("events", Assert.Throws<ArgumentException>(() => ClopperPearsonInterval.Compute(11, 10)).ParamName);
        Assert.Equal("events", Assert.Throws<ArgumentException>(() => WilsonScoreInterval.Compute(-1, 10)).ParamName);
        Assert.Equal("total", Assert.Throws<ArgumentException>(() => WilsonScoreInterval.Compute(0, 0)).ParamName);
        Assert.Equal("confidenceLevel", Assert.Throws<ArgumentException>(() => ClopperPearsonInterval.Compute(1, 10, 0)).ParamName);
        Assert.Equal("events2", Assert.Throws<ArgumentException>(() => NewcombeDifferenceInterval.Compute(1, 10, 6, 5)).ParamName);
        Assert.Equal("total1", Assert.Throws<ArgumentException>(() => NewcombeDifferenceInterval.Compute(0, -3, 1, 5)).ParamName);
    }

    [Fact]
    public void Comparison_of_two_groups_has_every_part()
    {
        var r = ProportionComparison.Compare([new("RT+PD1", 20, 37), new("TACE+Sorafenib", 5, 41)]);
        var table = ContingencyTable.TwoByTwo(20, 17, 5, 36);
        Assert.Equal(2, r.Groups.Count);
        Assert.Equal("RT+PD1", r.Groups[0].Name);
        Assert.Equal(ClopperPearsonInterval.Compute(20, 37), r.Groups[0].ClopperPearson);
        Assert.Equal(WilsonScoreInterval.Compute(5, 41), r.Groups[1].Wilson);
        Assert.Equal(NewcombeDifferenceInterval.Compute(20, 37, 5, 41), r.Difference);
        Assert.Equal(ConditionalOddsRatio.Compute(table), r.ConditionalOddsRatio);
        Assert.Equal(SampleOddsRatio.Compute(table), r.SampleOddsRatio);
        Assert.Equal(FisherExactTest.Compute(table).PValue, r.FisherExact!.PValue);
        Assert.Equal(PearsonChiSquareTest.Compute(table), r.PearsonChiSquare);
        Assert.Equal(PearsonChiSquareTest.Compute(table, true), r.Yates);
        Assert.Null(r.FisherExactUnavailableReason);
    }

    [Fact]
    public void Comparison_of_three_groups_tests_the_k_by_2_table()
    {
        var r = ProportionComparison.Compare([new("A", 3, 20), new("B", 9, 21), new("C", 14, 22)], 0.9);
        var table = ContingencyTable.Create(new[,] { { 3, 17 }, { 9, 12 }, { 14, 8 } });
        Assert.Null(r.Difference);
        Assert.Null(r.ConditionalOddsRatio);
        Assert.Null(r.Yates);
        Assert.Equal(2, r.PearsonChiSquare.DegreesOfFreedom);
        Assert.Equal(FisherExactTest.Compute(table).PValue, r.FisherExact!.PValue);
        Assert.Equal(0.9, r.Groups[2].Wilson.ConfidenceLevel);
    }

    [Fact]
    public void Comparison_with_no_events_gives_Fisher_one_and_undefined_chi_square()
    {
        var r = ProportionComparison.Compare([new("A", 0, 10), new("B", 0, 12)]);
        Assert.Equal(1.0, r.FisherExact!.PValue);
        Assert.False(r.PearsonChiSquare.IsDefined);
        Assert.Equal(0.0, r.ConditionalOddsRatio!.Estimate); // R: fisher.test(matrix(c(0, 10, 0, 12), 2, byrow = TRUE))$estimate
        Assert.Equal(double.PositiveInfinity, r.ConditionalOddsRatio.Upper);
    }

    [Fact]
    public void Comparison_rejects_bad_input_naming_the_field()
    {
        Assert.Equal("groups", Assert.Throws<ArgumentException>(() => ProportionComparison.Compare([new("A", 1, 2)])).ParamName);
        Assert.Equal("groups[1].Events", Assert.Throws<ArgumentException>(() => ProportionComparison.Compare([new("A", 1, 2), new("B", 5, 4)])).ParamName);
        Assert.Equal("groups[0].Total", Assert.Throws<ArgumentException>(() => ProportionComparison.Compare([new("A", 0, 0), new("B", 1, 4)])).ParamName);
        Assert.Equal("groups[1]", Assert.Throws<ArgumentException>(() => ProportionComparison.Compare([new("A", 0, 3), null!])).ParamName);
        Assert.Equal("confidenceLevel", Assert.Throws<ArgumentException>(() => ProportionComparison.Compare([new("A", 0, 3), new("B", 1, 4)], 1.5)).ParamName);
    }
}
