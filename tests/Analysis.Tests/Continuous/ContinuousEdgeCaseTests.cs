using HccOutcomes.Analysis.Continuous;
using HccOutcomes.Analysis.Tests.Reference;
using MathNet.Numerics.Distributions;

namespace HccOutcomes.Analysis.Tests.Continuous;

public class ContinuousEdgeCaseTests
{
    [Fact]
    public void Student_T_with_one_and_two_degrees_of_freedom_uses_exact_quantiles()
    {
        // qt(0.975, 1) = tan(0.475π); qt(0.975, 2) = 0.95 / √(2·0.975·0.025)
        var df1 = StudentTTest.FromSummary(new MeanSdSummary(2, 1.0, 2.0), new MeanSdSummary(1, 0.0, double.NaN));
        Assert.Equal(1.0, df1.DegreesOfFreedom);
        Close.Equal(Math.Tan(0.475 * Math.PI), (df1.Upper - df1.Lower) / 2 / df1.StandardError, 1e-10);
        var df2 = StudentTTest.FromSummary(new MeanSdSummary(2, 1.0, 2.0), new MeanSdSummary(2, 0.0, 1.0));
        Close.Equal(0.95 / Math.Sqrt(2 * 0.975 * 0.025), (df2.Upper - df2.Lower) / 2 / df2.StandardError, 1e-10);
        // p for df = 2 has the closed form 1 − |t|/√(2 + t²).
        Close.Equal(1 - Math.Abs(df2.T) / Math.Sqrt(2 + df2.T * df2.T), df2.PValue, 1e-12);
    }

    [Fact]
    public void Student_and_Welch_tests_agree_with_MathNet_Student_T()
    {
        var a = new MeanSdSummary(37, 54.16, 10.68);
        var b = new MeanSdSummary(41, 51.71, 9.571);
        var pooled = StudentTTest.FromSummary(a, b);
        Close.Equal(2 * StudentT.CDF(0, 1, 76, -Math.Abs(pooled.T)), pooled.PValue, 1e-9);
        var welch = WelchTTest.FromSummary(a, b);
        Close.Equal(2 * StudentT.CDF(0, 1, welch.DegreesOfFreedom, -Math.Abs(welch.T)), welch.PValue, 1e-9);
        Assert.Equal("Welch Two Sample t-test", welch.Method);
        Assert.True(pooled.Lower < pooled.MeanDifference && pooled.MeanDifference < pooled.Upper);
    }

    [Fact]
    public void Student_and_Welch_tests_reject_invalid_input_naming_the_argument()
    {
        double[] ok = [1, 2, 3];
        Assert.Equal("x", Assert.Throws<ArgumentException>(() => StudentTTest.Compute([1, double.NaN], ok)).ParamName);
        Assert.Equal("y", Assert.Throws<ArgumentException>(() => WelchTTest.Compute(ok, [])).ParamName);
        Assert.Equal("y", Assert.Throws<ArgumentException>(() => WelchTTest.Compute(ok, [4.0])).ParamName);
        Assert.Equal("x", Assert.Throws<ArgumentException>(() => StudentTTest.Compute([2, 2, 2], [2, 2])).ParamName);
        Assert.Equal("y", Assert.Throws<ArgumentException>(() => StudentTTest.FromSummary(new MeanSdSummary(5, 1, 1), new MeanSdSummary(5, 1, -1))).ParamName);
        Assert.Equal("x", Assert.Throws<ArgumentException>(() => WelchTTest.FromSummary(new MeanSdSummary(5, double.NaN, 1), new MeanSdSummary(5, 1, 1))).ParamName);
        Assert.Equal("confidenceLevel", Assert.Throws<ArgumentException>(() => StudentTTest.Compute(ok, ok, 0)).ParamName);
        Assert.Throws<ArgumentNullException>(() => StudentTTest.Compute(null!, ok));
    }

    [Fact]
    public void Mann_Whitney_no_ties_matches_the_normal_approximation()
    {
        // wilcox.test(1:3, 4:6, exact = FALSE): W = 0, z = (0 − 4.5 + 0.5)/√(9·7/12)
        var r = MannWhitneyUTest.Compute([1, 2, 3], [4, 5, 6]);
        Assert.Equal(0.0, r.W);
        var z = -4.0 / Math.Sqrt(9.0 * 7 / 12);
        Close.Equal(z, r.Z, 1e-14);
        Close.Equal(2 * Normal.CDF(0, 1, z), r.PValue, 1e-12);

        var spss = MannWhitneyUTest.Compute([1, 2, 3], [4, 5, 6], continuityCorrection: false);
        Close.Equal(2 * Normal.CDF(0, 1, -4.5 / Math.Sqrt(9.0 * 7 / 12)), spss.PValue, 1e-12);
    }

    [Fact]
    public void Mann_Whitney_with_ties_uses_mid_ranks_and_the_tie_correction()
    {
        double[] x = [1, 1, 2, 5], y = [2, 3, 3, 3, 6];
        var r = MannWhitneyUTest.Compute(x, y);
        // Pooled sorted: 1 1 2 2 3 3 3 5 6 → ranks 1.5 1.5 3.5 3.5 6 6 6 8 9; rank sum of x = 1.5 + 1.5 + 3.5 + 8 = 14.5
        Close.Equal(14.5 - 10, r.W, 1e-15);
        double tie = (8 - 2) + (8 - 2) + (27 - 3);
        var sigma = Math.Sqrt(20.0 / 12 * (10 - tie / (9 * 8)));
        Close.Equal(2 * Normal.CDF(0, 1, (4.5 - 10 + 0.5) / sigma), r.PValue, 1e-12);
        Assert.Equal(3, r.TieCount);

        var swapped = MannWhitneyUTest.Compute(y, x);
        Close.Equal(20 - r.W, swapped.W, 1e-15);
        Close.Equal(r.PValue, swapped.PValue, 1e-14);
        Assert.Equal(r.U, swapped.U);
    }

    [Fact]
    public void Mann_Whitney_all_tied_is_NaN_as_in_R()
    {
        var r = MannWhitneyUTest.Compute([2, 2], [2, 2, 2]);
        Assert.True(double.IsNaN(r.PValue));
        Assert.Equal("x", Assert.Throws<ArgumentException>(() => MannWhitneyUTest.Compute([], [1.0])).ParamName);
        Assert.Equal("y", Assert.Throws<ArgumentException>(() => MannWhitneyUTest.Compute([1.0], [double.PositiveInfinity])).ParamName);
    }

    [Fact]
    public void Shapiro_Wilk_for_three_values_is_exact()
    {
        // n = 3: W = 27/28 for (1, 2, 4) and p = (6/π)(asin √W − π/3) (AS R94's exact case).
        var r = ShapiroWilkTest.Compute([4, 1, 2]);
        Close.Equal(27.0 / 28.0, r.Statistic, 1e-7); // the coefficient √½ is used to 8 digits, as in R
        Close.Equal(6 / Math.PI * (Math.Asin(Math.Sqrt(r.Statistic)) - Math.PI / 3), r.PValue, 1e-7);
    }

    [Fact]
    public void Shapiro_Wilk_is_location_and_scale_invariant()
    {
        double[] x = [79, 41, 47, 50, 44, 44, 62, 53, 56, 78, 58, 83, 79, 58, 74, 59, 45, 51, 54, 65];
        var a = ShapiroWilkTest.Compute(x);
        var b = ShapiroWilkTest.Compute(x.Select(v => 1000 - 0.01 * v).ToArray());
        Close.Equal(a.Statistic, b.Statistic, 1e-9);
        Close.Equal(a.PValue, b.PValue, 1e-7);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(7)]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(60)]
    [InlineData(5000)]
    public void Shapiro_Wilk_on_normal_scores_is_near_one_and_on_a_skewed_sample_rejects(int n)
    {
        var normal = Enumerable.Range(1, n).Select(i => Normal.InvCDF(0, 1, (i - 0.375) / (n + 0.25))).ToArray();
        var r = ShapiroWilkTest.Compute(normal);
        Assert.InRange(r.Statistic, 0.95, 1.0);
        Assert.InRange(r.PValue, 0.5, 1.0);
        if (n >= 12)
        {
            var skewed = Enumerable.Range(1, n).Select(i => Math.Exp(2 * Normal.InvCDF(0, 1, (i - 0.5) / n))).ToArray();
            Assert.True(ShapiroWilkTest.Compute(skewed).PValue < 0.01);
        }
    }

    [Fact]
    public void Shapiro_Wilk_rejects_invalid_samples()
    {
        Assert.Equal("values", Assert.Throws<ArgumentException>(() => ShapiroWilkTest.Compute([1, 2])).ParamName);
        Assert.Equal("values", Assert.Throws<ArgumentException>(() => ShapiroWilkTest.Compute([3, 3, 3, 3])).ParamName);
        Assert.Equal("values", Assert.Throws<ArgumentException>(() => ShapiroWilkTest.Compute(new double[5001].Select((_, i) => (double)i).ToArray())).ParamName);
        Assert.Equal("values", Assert.Throws<ArgumentException>(() => ShapiroWilkTest.Compute([1, 2, double.NaN])).ParamName);
    }

    [Fact]
    public void Lilliefors_statistic_is_the_largest_ecdf_distance()
    {
        double[] x = [2.1, 3.3, 4.75, 5.5, 6.2, 6.2, 7.3, 7.3, 8.65, 9.9, 12.1, 15];
        var r = LillieforsTest.Compute(x);
        double mean = x.Average(), sd = Math.Sqrt(x.Sum(v => (v - mean) * (v - mean)) / (x.Length - 1));
        double d = 0;
        for (var i = 0; i < x.Length; i++)
        {
            var p = Normal.CDF(mean, sd, x[i]);
            d = Math.Max(d, Math.Max((i + 1.0) / x.Length - p, p - (double)i / x.Length));
        }

        Close.Equal(d, r.Statistic, 1e-12);
        var shifted = LillieforsTest.Compute(x.Select(v => 3 * v - 7).ToArray());
        Close.Equal(r.Statistic, shifted.Statistic, 1e-10);
    }

    [Fact]
    public void Lilliefors_P_value_regions()
    {
        // Normal scores: D tiny, Stephens' KK ≤ 0.302, so p = 1 (nortest).
        var normal = Enumerable.Range(1, 40).Select(i => Normal.InvCDF(0, 1, (i - 0.5) / 40)).ToArray();
        Assert.Equal(1.0, LillieforsTest.Compute(normal).PValue);

        // A clearly skewed sample: the Dallal–Wilkinson formula, p well below 0.1.
        var skewed = Enumerable.Range(1, 150).Select(i => -Math.Log(1 - (i - 0.5) / 150)).ToArray();
        var r = LillieforsTest.Compute(skewed);
        Assert.InRange(r.PValue, 0.0, 0.01);

        // p decreases as the sample becomes less normal.
        double Skewness(double power) => LillieforsTest.Compute(normal.Select(v => Math.Exp(power * v)).ToArray()).PValue;
        Assert.True(Skewness(0.3) >= Skewness(0.8));
        Assert.True(Skewness(0.8) >= Skewness(1.5));
    }

    [Fact]
    public void Lilliefors_rejects_invalid_samples()
    {
        Assert.Equal("values", Assert.Throws<ArgumentException>(() => LillieforsTest.Compute([1, 2, 3, 4])).ParamName);
        Assert.Equal("values", Assert.Throws<ArgumentException>(() => LillieforsTest.Compute([5, 5, 5, 5, 5])).ParamName);
    }

    [Theory]
    // R: quantile(c(3, 1, 2), p, type = 6|7)
    [InlineData(0.0, QuantileDefinition.SpssType6, 1.0)]
    [InlineData(0.1, QuantileDefinition.SpssType6, 1.0)]
    [InlineData(0.25, QuantileDefinition.SpssType6, 1.0)]
    [InlineData(0.5, QuantileDefinition.SpssType6, 2.0)]
    [InlineData(0.8, QuantileDefinition.SpssType6, 3.0)]
    [InlineData(1.0, QuantileDefinition.SpssType6, 3.0)]
    [InlineData(0.6, QuantileDefinition.SpssType6, 2.4)]
    [InlineData(0.0, QuantileDefinition.RType7, 1.0)]
    [InlineData(0.25, QuantileDefinition.RType7, 1.5)]
    [InlineData(0.9, QuantileDefinition.RType7, 2.8)]
    [InlineData(1.0, QuantileDefinition.RType7, 3.0)]
    public void Quantiles_OfASmallSample(double p, QuantileDefinition definition, double expected)
    {
        Close.Equal(expected, SampleQuantile.Compute([3, 1, 2], p, definition), 1e-14);
    }

    [Fact]
    public void Quantiles_edge_cases()
    {
        Assert.Equal(7.0, SampleQuantile.Compute([7.0], 0.3, QuantileDefinition.SpssType6));
        Assert.Equal(7.0, SampleQuantile.Compute([7.0], 0.3, QuantileDefinition.RType7));
        Assert.Equal([1.5, 2.0, 2.5], SampleQuantile.Compute([1, 2, 3], [0.25, 0.5, 0.75], QuantileDefinition.RType7));
        Assert.Equal("probability", Assert.Throws<ArgumentException>(() => SampleQuantile.Compute([1, 2], 1.5, QuantileDefinition.RType7)).ParamName);
        Assert.Equal("values", Assert.Throws<ArgumentException>(() => SampleQuantile.Compute([], 0.5, QuantileDefinition.RType7)).ParamName);
        Assert.Equal("definition", Assert.Throws<ArgumentException>(() => SampleQuantile.Compute([1, 2], 0.5, (QuantileDefinition)5)).ParamName);
        var s = MedianInterquartileRange.Compute([4, 1, 3, 2], QuantileDefinition.SpssType6);
        Assert.Equal("Hyndman-Fan type 6 (SPSS)", s.DefinitionName);
        Close.Equal(1.25, s.LowerQuartile, 1e-15);
        Close.Equal(3.75, s.UpperQuartile, 1e-15);
        Close.Equal(2.5, s.InterquartileRange, 1e-15);
    }

    [Fact]
    public void Mean_SD_basics()
    {
        var s = MeanStandardDeviation.Compute([2, 4, 4, 4, 5, 5, 7, 9]);
        Assert.Equal(8, s.Count);
        Close.Equal(5.0, s.Mean, 1e-15);
        Close.Equal(Math.Sqrt(32.0 / 7), s.StandardDeviation, 1e-15);
        Assert.True(double.IsNaN(MeanStandardDeviation.Compute([3.0]).StandardDeviation));
        Assert.Equal("values", Assert.Throws<ArgumentException>(() => MeanStandardDeviation.Compute([])).ParamName);
    }
}
