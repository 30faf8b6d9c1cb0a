using HccOutcomes.Analysis.Adjusted;
using HccOutcomes.Analysis.Survival;
using HccOutcomes.Analysis.Tests.Reference;

namespace HccOutcomes.Analysis.Tests.Adjusted;

/// <summary>
/// Edge behaviour of the adjusted estimators, and agreement with the R-checked unweighted estimators where the two must
/// coincide (weights all 1, one stratum).
/// </summary>
public class AdjustedEdgeCaseTests
{
    private static (double[] Time, bool[] Status, int[] Group, double[] Age) Data(int n, int seed)
    {
        var random = new Random(seed);
        var time = new double[n];
        var status = new bool[n];
        var group = new int[n];
        var age = new double[n];
        for (var i = 0; i < n; i++)
        {
            group[i] = random.Next(2);
            age[i] = Math.Round(50 + (20 * random.NextDouble()), 1);
            time[i] = Math.Round(-Math.Log(1 - random.NextDouble()) * (group[i] == 1 ? 14 : 10), 0) + 1;
            status[i] = random.NextDouble() < 0.7;
        }

        return (time, status, group, age);
    }

    [Fact(DisplayName = "With weights 1, the weighted KM survival is the R-checked Kaplan-Meier's, row for row")]
    public void Weighted_KM_with_unit_weights_is_the_Kaplan_Meier()
    {
        var (time, status, group, _) = Data(400, 1);
        var weighted = WeightedKaplanMeier.Fit(time, status, group, ["A", "B"]);
        var sample = SurvivalSample.FromLabels(time, status, [.. group.Select(g => g == 0 ? "A" : "B")], ["A", "B"]);
        var km = KaplanMeier.Fit(sample);
        for (var g = 0; g < 2; g++)
        {
            var expected = km.Curves[g].Rows;
            var actual = weighted[g].Rows;
            Assert.Equal(expected.Count, actual.Count);
            for (var k = 0; k < expected.Count; k++)
            {
                Assert.Equal(expected[k].Time, actual[k].Time);
                Assert.Equal(expected[k].AtRisk, actual[k].AtRisk);
                Close.Equal(expected[k].Survival, actual[k].Survival, 1e-12, absoluteAtZero: 1e-15);
            }
        }
    }

    [Fact(DisplayName = "Scaling every weight by a constant changes neither the weighted KM and its robust SE nor the Cox estimate and robust SE")]
    public void Uniform_weights_do_not_change_the_estimates()
    {
        var (time, status, group, age) = Data(300, 2);
        var ones = Enumerable.Repeat(1.0, time.Length).ToArray();
        var threes = Enumerable.Repeat(3.0, time.Length).ToArray();
        var a = WeightedKaplanMeier.Fit(time, status, group, ["A", "B"], ones);
        var b = WeightedKaplanMeier.Fit(time, status, group, ["A", "B"], threes);
        for (var g = 0; g < 2; g++)
        {
            for (var k = 0; k < a[g].Rows.Count; k++)
            {
                Close.Equal(a[g].Rows[k].Survival, b[g].Rows[k].Survival, 1e-12, absoluteAtZero: 1e-15);
                if (a[g].Rows[k].StdErr is { } se)
                {
                    Close.Equal(se, b[g].Rows[k].StdErr!.Value, 1e-9, absoluteAtZero: 1e-15);
                }
            }
        }

        var design = DesignMatrix.Build([ModelCovariate.Numeric("group", [.. group.Select(x => (double)x)]), ModelCovariate.Numeric("age", age)]);
        var c1 = WeightedCoxRegression.Fit(time, status, design, ones, robust: true);
        var c3 = WeightedCoxRegression.Fit(time, status, design, threes, robust: true);
        for (var j = 0; j < 2; j++)
        {
            Close.Equal(c1.Terms[j].Coefficient!.Value, c3.Terms[j].Coefficient!.Value, 1e-9);
            Close.Equal(c1.Terms[j].RobustStdErr!.Value, c3.Terms[j].RobustStdErr!.Value, 1e-9);
            Close.Equal(c1.Terms[j].StdErr!.Value / Math.Sqrt(3), c3.Terms[j].StdErr!.Value, 1e-9);
        }
    }

    [Fact(DisplayName = "Without weights or strata the Cox fit is the R-checked CoxRegression's (Efron and Breslow)")]
    public void Unweighted_Cox_is_CoxRegression()
    {
        var (time, status, group, age) = Data(500, 3);
        var sample = SurvivalSample.FromLabels(time, status, [.. group.Select(g => g == 0 ? "A" : "B")], ["A", "B"], [new Covariate("age", age)]);
        foreach (var ties in new[] { CoxTies.Efron, CoxTies.Breslow })
        {
            var expected = CoxRegression.FitGroups(sample, ["age"], ties);
            var actual = WeightedCoxRegression.Fit(time, status,
                DesignMatrix.Build([ModelCovariate.Categorical("group", [.. group.Select(g => g == 0 ? "A" : "B")], ["A", "B"]), ModelCovariate.Numeric("age", age)]), ties: ties);
            for (var j = 0; j < 2; j++)
            {
                Close.Equal(expected.Terms[j].Coefficient!.Value, actual.Terms[j].Coefficient!.Value, 1e-9);
                Close.Equal(expected.Terms[j].StdErr!.Value, actual.Terms[j].StdErr!.Value, 1e-9);
            }

            Close.Equal(expected.LogLikelihood!.Value, actual.LogLikelihood, 1e-12);
        }
    }

    [Fact(DisplayName = "With one stratum the stratified log-rank and Peto-Peto tests are the R-checked unstratified ones")]
    public void One_stratum_gives_the_unstratified_tests()
    {
        var (time, status, group, _) = Data(400, 4);
        var sample = SurvivalSample.FromLabels(time, status, [.. group.Select(g => g == 0 ? "A" : "B")], ["A", "B"]);
        var family = WeightedLogRankTest.ComputeAll(sample);
        var logRank = StratifiedLogRankTest.Compute(time, status, group, 2, null, 0);
        var petoPeto = StratifiedLogRankTest.Compute(time, status, group, 2, new int[time.Length], 1);
        Close.Equal(family.LogRank.Test.ChiSquare!.Value, logRank.ChiSquare, 1e-9);
        Close.Equal(family.PetoPeto.Test.ChiSquare!.Value, petoPeto.ChiSquare, 1e-9);
    }

    [Fact(DisplayName = "Levels are in byte order (upper case before lower case before accented), the first is the reference")]
    public void Levels_are_in_byte_order()
    {
        var c = ModelCovariate.Categorical("x", ["é", "b", "B", "a", "b"]);
        Assert.Equal(["B", "a", "b", "é"], c.Levels);
        Assert.Equal(["x:a", "x:b", "x:é"], DesignMatrix.Build([c]).ColumnNames);
        Assert.Throws<ArgumentException>(() => ModelCovariate.Categorical("x", ["a", "a"]));
        Assert.Throws<ArgumentException>(() => ModelCovariate.Numeric("x", [1, double.NaN]));
    }

    [Fact(DisplayName = "Complete separation does not throw: the logistic fit reports it did not converge or gives extreme scores")]
    public void Separation_is_reported_not_thrown()
    {
        double[] x = [1, 2, 3, 4, 5, 6, 7, 8];
        bool[] y = [false, false, false, false, true, true, true, true];
        var fit = LogisticRegression.Fit(DesignMatrix.Build([ModelCovariate.Numeric("x", x)]), y);
        Assert.True(!fit.Converged || fit.Fitted.All(p => p < 1e-6 || p > 1 - 1e-6));
        Assert.All(fit.Fitted, p => Assert.InRange(p, 0, 1));
    }

    [Fact(DisplayName = "A column equal to another is redundant: null coefficient in glm and Cox, the others estimated")]
    public void Redundant_columns_are_null()
    {
        var (time, status, group, age) = Data(200, 5);
        var design = DesignMatrix.Build([ModelCovariate.Numeric("age", age), ModelCovariate.Numeric("age2", age), ModelCovariate.Numeric("g", [.. group.Select(g => (double)g)])]);
        var cox = WeightedCoxRegression.Fit(time, status, design);
        Assert.Null(cox.Terms[1].Coefficient);
        Assert.NotNull(cox.Terms[2].Coefficient);
        var glm = LogisticRegression.Fit(DesignMatrix.Build([ModelCovariate.Numeric("age", age), ModelCovariate.Numeric("age2", age)]), [.. group.Select(g => g == 1)]);
        Assert.Null(glm.Terms[2].Coefficient);
        Assert.NotNull(glm.Terms[1].StdErr);
    }

    [Fact(DisplayName = "Bad input to the weighted estimators is rejected: weight 0, no events, mismatched lengths")]
    public void Bad_input_is_rejected()
    {
        double[] time = [1, 2, 3];
        bool[] status = [true, false, true];
        var design = DesignMatrix.Build([ModelCovariate.Numeric("x", [0, 1, 0])]);
        Assert.Throws<ArgumentException>(() => WeightedCoxRegression.Fit(time, status, design, [1, 0, 1]));
        Assert.Throws<ArgumentException>(() => WeightedCoxRegression.Fit(time, [false, false, false], design));
        Assert.Throws<ArgumentException>(() => WeightedKaplanMeier.Fit(time, status, [0, 1], ["A", "B"]));
        Assert.Throws<ArgumentException>(() => WeightedKaplanMeier.Fit(time, status, [0, 1, 0], ["A", "B"], [1, -1, 1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => RestrictedMeanSurvival.Compute(WeightedKaplanMeier.Fit(time, status, [0, 0, 0], ["A"])[0], 0));
    }

    [Fact(DisplayName = "E-values: 1 at HR 1, the same for HR and 1/HR, 1 when the CI contains 1, and VanderWeele-Ding's value at HR 0.5")]
    public void E_values()
    {
        Assert.Equal(1, EValue.OfHazardRatio(1), 12);
        Assert.Equal(EValue.OfHazardRatio(0.6), EValue.OfHazardRatio(1 / 0.6), 12);
        Assert.Equal(1, EValue.OfConfidenceLimit(0.8, 1.2));
        Assert.Equal(EValue.OfHazardRatio(0.9), EValue.OfConfidenceLimit(0.4, 0.9), 12);

        // HR 0.5, common outcome: RR = (1 − 0.5^√0.5)/(1 − 0.5^√2) = 0.6200…, 1/RR = 1.6128…, E = 1/RR + √(1/RR (1/RR − 1)).
        var rr = 1 / ((1 - Math.Pow(0.5, Math.Sqrt(0.5))) / (1 - Math.Pow(0.5, Math.Sqrt(2))));
        Assert.Equal(rr + Math.Sqrt(rr * (rr - 1)), EValue.OfHazardRatio(0.5), 12);
        Assert.InRange(EValue.OfHazardRatio(0.5), 2.60, 2.62);
    }
}
