using HccOutcomes.Analysis.Contingency;
using HccOutcomes.Analysis.Tests.Reference;
using MathNet.Numerics.Distributions;

namespace HccOutcomes.Analysis.Tests.Contingency;

public class ContingencyEdgeCaseTests
{
    [Fact]
    public void Pearson_2x2_equals_the_closed_form()
    {
        // X² = N(ad − bc)² / (r1 r2 c1 c2) for [[10, 20], [30, 40]]; R: chisq.test(m, correct = FALSE)
        var t = ContingencyTable.TwoByTwo(10, 20, 30, 40);
        var expected = 100.0 * Math.Pow(10 * 40 - 20 * 30, 2) / (30.0 * 70 * 40 * 60);
        var r = PearsonChiSquareTest.Compute(t);
        Close.Equal(expected, r.ChiSquare, 1e-12);
        Close.Equal(1 - ChiSquared.CDF(1, expected), r.PValue, 1e-9);
    }

    [Fact]
    public void Yates_is_ignored_for_larger_tables_as_in_R()
    {
        var t = ContingencyTable.Create(new[,] { { 10, 20, 5 }, { 30, 40, 12 } });
        var corrected = PearsonChiSquareTest.Compute(t, yatesCorrection: true);
        var plain = PearsonChiSquareTest.Compute(t);
        Assert.False(corrected.YatesCorrectionApplied);
        Assert.Equal(plain.ChiSquare, corrected.ChiSquare);
        Assert.Equal(2, plain.DegreesOfFreedom);
    }

    [Fact]
    public void Yates_never_overshoots()
    {
        // |O − E| < 0.5 in every cell: R's min(0.5, |O − E|) makes X² = 0 and p = 1.
        var r = PearsonChiSquareTest.Compute(ContingencyTable.TwoByTwo(5, 5, 5, 6), yatesCorrection: true);
        Assert.True(r.ChiSquare < 1e-20);
        Close.Equal(1.0, r.PValue, 1e-12);
    }

    [Theory]
    [InlineData(0, 0, 3, 4)]
    [InlineData(0, 3, 0, 4)]
    [InlineData(0, 0, 0, 0)]
    public void Pearson_with_an_empty_row_or_column_is_NaN_as_in_R(int a, int b, int c, int d)
    {
        var r = PearsonChiSquareTest.Compute(ContingencyTable.TwoByTwo(a, b, c, d));
        Assert.True(double.IsNaN(r.ChiSquare));
        Assert.True(double.IsNaN(r.PValue));
        Assert.False(r.IsDefined);
        Assert.Equal(1.0, FisherExactTest.Compute(ContingencyTable.TwoByTwo(a, b, c, d)).PValue);
    }

    [Fact]
    public void Expected_counts_are_row_times_column_over_n()
    {
        var t = ContingencyTable.Create(new[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        var e = t.ExpectedCounts();
        Close.Equal(6.0 * 5 / 21, e[0, 0], 1e-15);
        Close.Equal(15.0 * 9 / 21, e[1, 2], 1e-15);
        Close.Equal(6.0 * 5 / 21, t.MinimumExpectedCount(), 1e-15);
        Assert.Equal([6, 15], t.RowTotals);
        Assert.Equal([5, 7, 9], t.ColumnTotals);
        Assert.Equal(21, t.Total);
    }

    [Fact]
    public void Table_rejects_negative_counts_naming_the_argument()
    {
        Assert.Equal("counts", Assert.Throws<ArgumentException>(() => ContingencyTable.Create(new[,] { { 1, -2 }, { 3, 4 } })).ParamName);
        Assert.Equal("c", Assert.Throws<ArgumentException>(() => ContingencyTable.TwoByTwo(1, 2, -3, 4)).ParamName);
    }

    [Fact]
    public void Table_rejects_bad_shapes_naming_the_argument()
    {
        Assert.Equal("counts", Assert.Throws<ArgumentException>(() => ContingencyTable.Create(new[,] { { 1, 2, 3 } })).ParamName);
        Assert.Equal("counts", Assert.Throws<ArgumentException>(() => ContingencyTable.Create(new int[0, 0])).ParamName);
        Assert.Equal("counts", Assert.Throws<ArgumentException>(() => ContingencyTable.FromRowMajor(2, [1, 2, 3, 4, 5])).ParamName);
        Assert.Equal("rows", Assert.Throws<ArgumentException>(() => ContingencyTable.FromRowMajor(1, [1, 2])).ParamName);
        Assert.Throws<ArgumentNullException>(() => ContingencyTable.Create(null!));
    }

    [Fact]
    public void Odds_ratios_reject_non_two_by_two_tables_and_bad_levels()
    {
        var big = ContingencyTable.Create(new[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        Assert.Equal("table", Assert.Throws<ArgumentException>(() => ConditionalOddsRatio.Compute(big)).ParamName);
        Assert.Equal("table", Assert.Throws<ArgumentException>(() => SampleOddsRatio.Compute(big)).ParamName);
        var t = ContingencyTable.TwoByTwo(1, 2, 3, 4);
        Assert.Equal("confidenceLevel", Assert.Throws<ArgumentException>(() => ConditionalOddsRatio.Compute(t, 1.0)).ParamName);
        Assert.Equal("confidenceLevel", Assert.Throws<ArgumentException>(() => SampleOddsRatio.Compute(t, double.NaN)).ParamName);
    }

    [Fact]
    public void Sample_odds_ratio_is_the_Wald_interval()
    {
        // OR = ad/(bc), SE(log OR) = √(1/a + 1/b + 1/c + 1/d), CI = exp(log OR ± 1.959964·SE)
        var or = SampleOddsRatio.Compute(ContingencyTable.TwoByTwo(20, 17, 5, 36));
        var se = Math.Sqrt(1 / 20.0 + 1 / 17.0 + 1 / 5.0 + 1 / 36.0);
        Close.Equal(720.0 / 85.0, or.Estimate, 1e-14);
        Close.Equal(720.0 / 85.0 * Math.Exp(-1.959963984540054 * se), or.Lower, 1e-12);
        Close.Equal(720.0 / 85.0 * Math.Exp(1.959963984540054 * se), or.Upper, 1e-12);
        Assert.Equal(OddsRatioMethod.SampleWald, or.Method);
        Assert.False(or.ZeroCellCorrectionApplied);
    }

    [Fact]
    public void Sample_odds_ratio_with_a_zero_cell()
    {
        var corrected = SampleOddsRatio.Compute(ContingencyTable.TwoByTwo(0, 37, 22, 19));
        Assert.True(corrected.ZeroCellCorrectionApplied);
        Close.Equal(0.5 * 19.5 / (37.5 * 22.5), corrected.Estimate, 1e-14);
        var raw = SampleOddsRatio.Compute(ContingencyTable.TwoByTwo(0, 37, 22, 19), zeroCellCorrection: false);
        Assert.Equal(0.0, raw.Estimate);
        Assert.Equal(0.0, raw.Lower);
        Assert.Equal(double.PositiveInfinity, raw.Upper);
    }

    [Fact]
    public void Automatic_choice_uses_Fisher_when_an_expected_count_is_below_five()
    {
        var t = ContingencyTable.TwoByTwo(3, 7, 12, 5); // expected counts 5.56, 4.44, 9.44, 7.56
        var r = IndependenceTest.Run(t, TestSelectionPolicy.FisherWhenAnyExpectedBelowFive);
        Assert.Equal(IndependenceTestKind.FisherExact, r.TestUsed);
        Assert.Equal(FisherExactTest.Compute(t).PValue, r.PValue);
        Assert.Null(r.ChiSquare);
        Close.Equal(10.0 * 12 / 27, r.MinimumExpectedCount, 1e-15);
    }

    [Fact]
    public void Automatic_choice_uses_Pearson_when_all_expected_counts_are_at_least_five()
    {
        var t = ContingencyTable.TwoByTwo(26, 11, 19, 22);
        var r = IndependenceTest.Run(t, TestSelectionPolicy.FisherWhenAnyExpectedBelowFive);
        Assert.Equal(IndependenceTestKind.PearsonChiSquare, r.TestUsed);
        Assert.Equal(PearsonChiSquareTest.Compute(t).PValue, r.PValue);
        Assert.Equal(1, r.DegreesOfFreedom);

        var yates = IndependenceTest.Run(t, TestSelectionPolicy.FisherWhenAnyExpectedBelowFive, yatesForTwoByTwo: true);
        Assert.Equal(IndependenceTestKind.PearsonChiSquareYates, yates.TestUsed);
        Assert.Equal(PearsonChiSquareTest.Compute(t, true).PValue, yates.PValue);
    }

    [Fact]
    public void Fixed_policies_always_use_their_test()
    {
        var t = ContingencyTable.TwoByTwo(26, 11, 19, 22);
        Assert.Equal(IndependenceTestKind.FisherExact, IndependenceTest.Run(t, TestSelectionPolicy.AlwaysFisher).TestUsed);
        var small = ContingencyTable.TwoByTwo(1, 0, 0, 1);
        var chi = IndependenceTest.Run(small, TestSelectionPolicy.AlwaysChiSquare);
        Assert.Equal(IndependenceTestKind.PearsonChiSquare, chi.TestUsed);
        Assert.NotNull(chi.ChiSquare);
    }

    [Fact]
    public void Automatic_choice_with_an_empty_column_is_Fisher()
    {
        var t = ContingencyTable.Create(new[,] { { 0, 20, 6, 11 }, { 0, 5, 14, 22 } });
        var r = IndependenceTest.Run(t, TestSelectionPolicy.FisherWhenAnyExpectedBelowFive);
        Assert.Equal(IndependenceTestKind.FisherExact, r.TestUsed);
        Assert.Equal(0.0, r.MinimumExpectedCount);
    }

    [Fact]
    public void Automatic_choice_rejects_a_bad_threshold()
    {
        var t = ContingencyTable.TwoByTwo(1, 2, 3, 4);
        Assert.Equal("expectedThreshold", Assert.Throws<ArgumentException>(() => IndependenceTest.Run(t, TestSelectionPolicy.AlwaysFisher, expectedThreshold: double.NaN)).ParamName);
        Assert.Equal("policy", Assert.Throws<ArgumentException>(() => IndependenceTest.Run(t, (TestSelectionPolicy)42)).ParamName);
    }
}
