using HccOutcomes.Analysis.Survival;

namespace HccOutcomes.Analysis.Tests.Survival;

/// <summary>Argument validation, edge cases and hand-computed examples for the survival library.</summary>
public class SurvivalEdgeCaseTests
{
    private static SurvivalSample TwoGroups(double[] t, bool[] e, string[] g) => SurvivalSample.FromLabels(t, e, g);

    // ---------------------------------------------------------------- validation

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(-1.0)]
    [InlineData(double.PositiveInfinity)]
    public void Invalid_time_throws_naming_time(double bad)
    {
        var ex = Assert.Throws<ArgumentException>(() => SurvivalSample.Create([1.0, bad], [true, false]));
        Assert.Equal("time", ex.ParamName);
    }

    [Fact]
    public void Mismatched_lengths_throw_naming_the_argument()
    {
        Assert.Equal("eventObserved", Assert.Throws<ArgumentException>(() => SurvivalSample.Create([1.0, 2.0], [true])).ParamName);
        Assert.Equal("groups", Assert.Throws<ArgumentException>(() => SurvivalSample.FromLabels([1.0, 2.0], [true, true], ["A"])).ParamName);
        Assert.Equal("groupIndex", Assert.Throws<ArgumentException>(() => SurvivalSample.Create([1.0, 2.0], [true, true], [0])).ParamName);
        Assert.Equal("covariates", Assert.Throws<ArgumentException>(() =>
            SurvivalSample.Create([1.0, 2.0], [true, true], covariates: [new Covariate("age", [1.0])])).ParamName);
    }

    [Fact]
    public void Empty_input_throws()
    {
        Assert.Equal("time", Assert.Throws<ArgumentException>(() => SurvivalSample.Create([], [])).ParamName);
    }

    [Fact]
    public void Missing_group_label_or_unlisted_level_throws()
    {
        Assert.Equal("groups", Assert.Throws<ArgumentException>(() => SurvivalSample.FromLabels([1.0, 2.0], [true, true], ["A", ""])).ParamName);
        Assert.Equal("groups", Assert.Throws<ArgumentException>(() => SurvivalSample.FromLabels([1.0, 2.0], [true, true], ["A", "C"], ["A", "B"])).ParamName);
        Assert.Equal("groupOrder", Assert.Throws<ArgumentException>(() => SurvivalSample.FromLabels([1.0, 2.0], [true, true], ["A", "A"], ["A", "B"])).ParamName);
    }

    [Fact]
    public void Non_finite_covariate_throws()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            SurvivalSample.Create([1.0, 2.0], [true, true], covariates: [new Covariate("age", [1.0, double.NaN])]));
        Assert.Equal("covariates", ex.ParamName);
    }

    [Fact]
    public void Fewer_than_two_groups_throws_where_two_are_needed()
    {
        var one = SurvivalSample.Create([1.0, 2.0, 3.0], [true, false, true]);
        Assert.Equal("sample", Assert.Throws<ArgumentException>(() => WeightedLogRankTest.ComputeAll(one)).ParamName);
        Assert.Equal("sample", Assert.Throws<ArgumentException>(() => CoxRegression.FitGroups(one)).ParamName);
        Assert.Equal("sample", Assert.Throws<ArgumentException>(() => FixedTimeSurvivalTest.Compare(one, 1.0)).ParamName);
    }

    [Fact]
    public void Unknown_covariate_throws()
    {
        var s = TwoGroups([1, 2, 3, 4], [true, true, true, true], ["A", "B", "A", "B"]);
        Assert.Equal("covariates", Assert.Throws<ArgumentException>(() => CoxRegression.FitGroups(s, ["age"])).ParamName);
    }

    [Fact]
    public void Invalid_confidence_level_throws()
    {
        var s = SurvivalSample.Create([1.0, 2.0], [true, true]);
        Assert.Equal("confidenceLevel", Assert.Throws<ArgumentException>(() => KaplanMeier.Fit(s, ConfidenceTransform.Log, 1.0)).ParamName);
    }

    // ---------------------------------------------------------------- sorting and ties

    [Fact]
    public void Sorts_by_time_with_events_before_censorings_at_ties()
    {
        var s = SurvivalSample.Create([3.0, 1.0, 2.0, 2.0, 2.0], [true, false, false, true, false]);
        Assert.Equal([1.0, 2.0, 2.0, 2.0, 3.0], s.SortedTimes.ToArray());
        Assert.Equal([1, 3, 2, 4, 0], s.SortOrder.ToArray());
    }

    /// <summary>
    /// Large inputs are sorted by a counting sort over distinct keys (few distinct times) or by an LSD radix sort
    /// (many distinct times); both must give the (time, event-first, input index) order.
    /// </summary>
    [Theory]
    [InlineData(20000, 2)]    // rounded times: few distinct keys → counting path
    [InlineData(150000, -1)]  // continuous times: > 65,536 distinct keys → radix path
    [InlineData(150000, 1)]   // 0.1-rounded times spread widely: few distinct keys, several exponents
    public void Large_input_sort_is_stable_and_events_first(int n, int digits)
    {
        var rng = new Random(42);
        var t = new double[n];
        var e = new bool[n];
        for (var i = 0; i < n; i++)
        {
            var v = -Math.Log(1 - rng.NextDouble()) * 10;
            t[i] = digits >= 0 ? Math.Round(v, digits) : v;
            e[i] = rng.NextDouble() < 0.7;
        }

        var s = SurvivalSample.Create(t, e, timeFix: false);
        var order = s.SortOrder.ToArray();
        for (var i = 1; i < n; i++)
        {
            double a = t[order[i - 1]], b = t[order[i]];
            Assert.True(a < b || (a == b && (e[order[i - 1]] || !e[order[i]])), $"position {i}");
            if (a == b && e[order[i - 1]] == e[order[i]])
            {
                Assert.True(order[i - 1] < order[i], "stable within ties");
            }
        }

        Assert.Equal(n, order.Distinct().Count());
        var sorted = s.SortedTimes.ToArray();
        for (var i = 0; i < n; i++)
        {
            Assert.Equal(t[order[i]], sorted[i]);
        }
    }

    [Fact]
    public void List_inputs_give_the_same_sample_as_arrays()
    {
        var r = SurvivalReference.Load("ovarian");
        int[] idx = [.. r.GroupLabels.Select(g => Array.IndexOf(r.Groups, g))];
        var fromArrays = SurvivalSample.Create(r.Time, r.Event, idx, r.Groups, r.Covariates);
        var fromLists = SurvivalSample.Create(
            r.Time.ToList(), r.Event.ToList(), idx.ToList(), r.Groups.ToList(),
            [.. r.Covariates.Select(c => new HccOutcomes.Analysis.Survival.Covariate(c.Name, c.Values.ToList()))]);
        Assert.Equal(fromArrays.SortOrder.ToArray(), fromLists.SortOrder.ToArray());
        var a = CoxRegression.FitGroups(fromArrays, r.CovariateNames);
        var b = CoxRegression.FitGroups(fromLists, r.CovariateNames);
        Assert.Equal(a.LogLikelihood, b.LogLikelihood);
    }

    [Fact]
    public void Many_groups_are_supported()
    {
        var k = 300;
        double[] t = [.. Enumerable.Range(0, 2 * k).Select(i => 1.0 + (i % 7))];
        bool[] e = [.. Enumerable.Range(0, 2 * k).Select(i => i % 3 != 0)];
        string[] g = [.. Enumerable.Range(0, 2 * k).Select(i => "g" + (i % k))];
        var s = SurvivalSample.FromLabels(t, e, g);
        Assert.Equal(k, s.GroupCount);
        Assert.All(s.GroupSizes, c => Assert.Equal(2, c));
        var km = KaplanMeier.Fit(s);
        Assert.Equal(k, km.Curves.Count);
        Assert.Equal(k - 1, WeightedLogRankTest.Compute(s).Test.Df);
    }

    /// <summary>R's aeqSurv: 1 and 1 + 1e−10 are one tied time (survfit shows a single row).</summary>
    [Fact]
    public void Time_fix_merges_floating_point_near_ties()
    {
        var s = SurvivalSample.Create([1.0, 1.0 + 1e-10, 2.0], [true, true, false]);
        var c = KaplanMeier.Fit(s).Curves[0];
        Assert.Equal(2, c.Rows.Count);
        Assert.Equal(2, c.Rows[0].Events);
        var raw = SurvivalSample.Create([1.0, 1.0 + 1e-10, 2.0], [true, true, false], timeFix: false);
        Assert.Equal(3, KaplanMeier.Fit(raw).Curves[0].Rows.Count);
    }

    // ---------------------------------------------------------------- Kaplan–Meier edge cases

    [Fact]
    public void No_events_gives_flat_curve_and_null_medians()
    {
        var s = SurvivalSample.Create([1.0, 2.0, 3.0], [false, false, false]);
        var c = KaplanMeier.Fit(s).Curves[0];
        Assert.All(c.Rows, r => Assert.Equal(1.0, r.Survival));
        Assert.All(c.Rows, r => Assert.Equal(0.0, r.StdErr));
        foreach (var conv in new[] { MedianConvention.R, MedianConvention.Spss })
        {
            var m = c.Median(conv);
            Assert.Null(m.Estimate);
            Assert.Null(m.Lower);
            Assert.Null(m.Upper);
        }

        // log-log CI is undefined at S = 1 (R: NA)
        Assert.All(KaplanMeier.Fit(s, ConfidenceTransform.LogLog).Curves[0].Rows, r => Assert.Null(r.Lower));
    }

    /// <summary>
    /// R: <c>summary(survfit(Surv(c(1, 2, 2, 5), c(1, 1, 1, 1)) ~ 1))</c>: S drops to 0 at t = 5, where std.err and
    /// the CI are NA.
    /// </summary>
    [Fact]
    public void Curve_reaching_zero_has_null_std_err_and_CI()
    {
        var s = SurvivalSample.Create([1.0, 2.0, 2.0, 5.0], [true, true, true, true]);
        foreach (var tr in Enum.GetValues<ConfidenceTransform>())
        {
            var last = KaplanMeier.Fit(s, tr).Curves[0].Rows[^1];
            Assert.Equal(0.0, last.Survival);
            Assert.Null(last.StdErr);
            Assert.Null(last.Lower);
            Assert.Null(last.Upper);
        }

        var r2 = KaplanMeier.Fit(s).Curves[0].Rows[1];
        Assert.Equal(3, r2.AtRisk);
        Assert.Equal(2, r2.Events);
        Assert.Equal(0.25, r2.Survival, 15);
    }

    /// <summary>R: <c>quantile(survfit(Surv(1:4, rep(1, 4)) ~ 1), 0.5)</c> = 2.5 (S = 0.5 exactly on [2, 3)).</summary>
    [Fact]
    public void R_median_takes_midpoint_of_exact_flat()
    {
        var s = SurvivalSample.Create([1.0, 2.0, 3.0, 4.0], [true, true, true, true]);
        Assert.Equal(2.5, KaplanMeier.Fit(s).Curves[0].Median().Estimate);
    }

    /// <summary>
    /// R: <c>quantile(survfit(Surv(c(1, 2, 3, 4), c(1, 1, 0, 0)) ~ 1), 0.5)</c> = 3: the curve ends on the flat at 0.5,
    /// so the midpoint of its start (2) and the last time (4).
    /// </summary>
    [Fact]
    public void R_median_flat_at_end_uses_last_time()
    {
        var s = SurvivalSample.Create([1.0, 2.0, 3.0, 4.0], [true, true, false, false]);
        Assert.Equal(3.0, KaplanMeier.Fit(s).Curves[0].Median().Estimate);
    }

    [Fact]
    public void Landmark_before_first_time_and_beyond_last_time()
    {
        var s = SurvivalSample.Create([2.0, 3.0, 4.0], [true, false, true]);
        var c = KaplanMeier.Fit(s).Curves[0];
        var before = c.SurvivalAt(1.0);
        Assert.Equal(1.0, before.Survival);
        Assert.Equal(0.0, before.StdErr);
        Assert.Equal(3, before.AtRisk);
        var beyond = c.SurvivalAt(100.0);
        Assert.Equal(c.Rows[^1].Survival, beyond.Survival);
        Assert.Equal(0, beyond.AtRisk);
        Assert.Equal("landmark", Assert.Throws<ArgumentException>(() => c.SurvivalAt(-1)).ParamName);
    }

    [Fact]
    public void With_confidence_recomputes_limits_only()
    {
        var r = SurvivalReference.Load("aml");
        var log = KaplanMeier.Fit(r.Sample).Curves[0];
        var plain = KaplanMeier.Fit(r.Sample, ConfidenceTransform.Plain).Curves[0];
        var converted = log.WithConfidence(ConfidenceTransform.Plain);
        Assert.Equal(plain.Rows, converted.Rows);
    }

    // ---------------------------------------------------------------- SPSS median

    /// <summary>
    /// Hand-computed: ten deaths at t = 1…10, no censoring. Ŝ(t_k) = 1 − k/10.
    /// SPSS median = first time with Ŝ ≤ 0.5 = 5. Greenwood: Σ_{n=10..6} 1/(n(n−1)) = 1/5 − 1/10 = 0.1, so
    /// SE(Ŝ(5)) = 0.5·√0.1 = 0.158113883. u = 4 (Ŝ = 0.6 ≥ 0.55), l = 6 (Ŝ = 0.4 ≤ 0.45),
    /// f = (0.6 − 0.4)/(6 − 4) = 0.1, SE = 1.58113883, CI = 5 ± 1.959964·1.58113883 = (1.901025, 8.098975).
    /// (The R convention gives 5.5 here: Ŝ = 0.5 exactly on [5, 6).)
    /// </summary>
    [Fact]
    public void SPSS_median_hand_computed()
    {
        var s = SurvivalSample.Create([1.0, 2, 3, 4, 5, 6, 7, 8, 9, 10], [.. Enumerable.Repeat(true, 10)]);
        var c = KaplanMeier.Fit(s).Curves[0];
        var m = c.Median(MedianConvention.Spss);
        var se = 0.5 * Math.Sqrt(0.1) / 0.1;
        var z = 1.959963984540054;
        Assert.Equal(MedianConvention.Spss, m.Convention);
        Approx.Equal(5.0, m.Estimate, 1e-12, "median");
        Approx.Equal(se, m.StdErr, 1e-12, "se");
        Approx.Equal(5.0 - (z * se), m.Lower, 1e-12, "lower");
        Approx.Equal(5.0 + (z * se), m.Upper, 1e-12, "upper");
        Approx.Equal(1.901025, m.Lower, 1e-6, "lower (printed)");
        Approx.Equal(8.098975, m.Upper, 1e-6, "upper (printed)");
        Assert.Equal(5.5, c.Median(MedianConvention.R).Estimate);
    }

    /// <summary>First event takes Ŝ from 1 to 0.5: no event time with Ŝ ≥ 0.55, so SE and CI are null.</summary>
    [Fact]
    public void SPSS_median_without_upper_bracket_has_null_se()
    {
        var s = SurvivalSample.Create([1.0, 1.0, 2.0, 3.0], [true, true, true, false]);
        var m = KaplanMeier.Fit(s).Curves[0].Median(MedianConvention.Spss);
        Assert.Equal(1.0, m.Estimate);
        Assert.Null(m.StdErr);
        Assert.Null(m.Lower);
        Assert.Null(m.Upper);
    }

    // ---------------------------------------------------------------- Klein (2007) fixed-time test

    /// <summary>
    /// Hand-computed: A = deaths at 1…10 (Ŝ(5) = 0.5, σ² = 0.1); B = deaths at 2, 4, 6, 8, 10 and censorings at the odd
    /// times (Ŝ(5) = (8/9)(6/7) = 16/21, σ² = 1/72 + 1/42 = 19/504).
    /// X² = [ln(−ln 0.5) − ln(−ln 16/21)]² / [0.1/ln²0.5 + (19/504)/ln²(16/21)] ≈ 1.2194786.
    /// </summary>
    [Fact]
    public void Klein_fixed_time_test_hand_computed_and_symmetric()
    {
        double[] t = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
        bool[] e = [.. Enumerable.Repeat(true, 10), .. Enumerable.Range(1, 10).Select(i => i % 2 == 0)];
        string[] g = [.. Enumerable.Repeat("A", 10), .. Enumerable.Repeat("B", 10)];
        var s = TwoGroups(t, e, g);
        var ab = FixedTimeSurvivalTest.Compare(s, 5.0);
        double l1 = Math.Log(0.5), l2 = Math.Log(16.0 / 21.0);
        var diff = Math.Log(-l1) - Math.Log(-l2);
        var expected = diff * diff / ((0.1 / (l1 * l1)) + (19.0 / 504.0 / (l2 * l2)));
        Approx.Equal(expected, ab.Test.ChiSquare, 1e-12, "X2");
        Approx.Equal(1.2194786, ab.Test.ChiSquare, 1e-7, "X2 printed");
        Assert.Equal(1, ab.Test.Df);
        Approx.Equal(0.5, ab.Survival1, 1e-14, "S1");
        Approx.Equal(16.0 / 21.0, ab.Survival2, 1e-14, "S2");

        var ba = FixedTimeSurvivalTest.Compare(s, 5.0, 1, 0);
        Approx.Equal(ab.Test.ChiSquare, ba.Test.ChiSquare, 1e-14, "symmetry");
        Approx.Equal(ab.Test.P, ba.Test.P, 1e-14, "symmetry p");
    }

    [Fact]
    public void Klein_test_identical_groups_gives_zero_and_undefined_before_first_event()
    {
        double[] t = [1, 2, 3, 4, 1, 2, 3, 4];
        bool[] e = [true, true, false, true, true, true, false, true];
        var s = TwoGroups(t, e, ["A", "A", "A", "A", "B", "B", "B", "B"]);
        var same = FixedTimeSurvivalTest.Compare(s, 2.5);
        Assert.Equal(0.0, same.Test.ChiSquare);
        Assert.Equal(1.0, same.Test.P);
        var early = FixedTimeSurvivalTest.Compare(s, 0.5);
        Assert.Null(early.Test.ChiSquare);
        Assert.Null(early.Test.P);
    }

    // ---------------------------------------------------------------- log-rank family

    [Fact]
    public void Log_rank_without_events_is_not_computable()
    {
        var s = TwoGroups([1, 2, 3, 4], [false, false, false, false], ["A", "B", "A", "B"]);
        var f = WeightedLogRankTest.ComputeAll(s);
        Assert.Null(f.LogRank.Test.ChiSquare);
        Assert.Null(f.PetoPeto.Test.P);
    }

    /// <summary>
    /// Without tied times the log-rank statistic equals the Cox score test (any ties option); checked for three
    /// groups, which exercises the (k−1)×(k−1) variance.
    /// </summary>
    [Fact]
    public void Three_group_log_rank_equals_Cox_score_test_without_ties()
    {
        var rng = new Random(7);
        var n = 300;
        var t = new double[n];
        var e = new bool[n];
        var g = new string[n];
        for (var i = 0; i < n; i++)
        {
            var grp = i % 3;
            g[i] = "G" + grp;
            t[i] = -Math.Log(1 - rng.NextDouble()) * (1 + (0.3 * grp));
            e[i] = rng.NextDouble() < 0.75;
        }

        var s = SurvivalSample.FromLabels(t, e, g);
        var lr = WeightedLogRankTest.Compute(s);
        var cox = CoxRegression.FitGroups(s, ties: CoxTies.Breslow);
        Assert.Equal(2, lr.Test.Df);
        Approx.Equal(cox.Score.ChiSquare, lr.Test.ChiSquare, 1e-9, "3-group log-rank vs score");
        Approx.Equal(lr.Observed.Sum(), lr.Expected.Sum(), 1e-12, "sum O = sum E");
    }

    // ---------------------------------------------------------------- Cox edge cases

    /// <summary>
    /// Monotone likelihood: group B has no events, so β_B → −∞. R warns "Loglik converged before variable 1;
    /// coefficient may be infinite"; here the term is flagged and its statistics are null.
    /// </summary>
    [Fact]
    public void Cox_flags_infinite_coefficient_when_a_group_has_no_events()
    {
        double[] t = [1, 2, 3, 4, 5, 6, 7, 8, 1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 8.5];
        bool[] e = [.. Enumerable.Repeat(true, 8), .. Enumerable.Repeat(false, 8)];
        string[] g = [.. Enumerable.Repeat("A", 8), .. Enumerable.Repeat("B", 8)];
        var fit = CoxRegression.FitGroups(TwoGroups(t, e, g));
        Assert.Equal(CoxFitStatus.InfiniteCoefficient, fit.Status);
        Assert.True(fit.Converged);
        var term = Assert.Single(fit.Terms);
        Assert.True(term.IsInfinite);
        Assert.Equal(-1, term.Direction);
        Assert.Null(term.Coefficient);
        Assert.Null(term.HazardRatio);
        Assert.Null(fit.Wald.ChiSquare);
        Assert.NotNull(fit.LikelihoodRatio.ChiSquare);
        Assert.Contains("infinite", fit.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Cox_reports_non_convergence_without_numbers()
    {
        var r = SurvivalReference.Load("ovarian"); // needs 5 iterations with covariates
        var fit = CoxRegression.FitGroups(r.Sample, r.CovariateNames, control: new CoxControl { MaxIterations = 2 });
        Assert.Equal(CoxFitStatus.DidNotConverge, fit.Status);
        Assert.False(fit.Converged);
        Assert.All(fit.Terms, t => Assert.Null(t.Coefficient));
        Assert.Null(fit.LogLikelihood);
        Assert.NotNull(fit.Message);
    }

    [Fact]
    public void Cox_without_events_reports_no_events()
    {
        var fit = CoxRegression.FitGroups(TwoGroups([1, 2, 3, 4], [false, false, false, false], ["A", "B", "A", "B"]));
        Assert.Equal(CoxFitStatus.NoEvents, fit.Status);
        Assert.All(fit.Terms, t => Assert.Null(t.Coefficient));
    }

    [Fact]
    public void Cox_flags_redundant_column_as_singular()
    {
        var r = SurvivalReference.Load("aml");
        var n = r.Time.Length;
        double[] ind = [.. r.GroupLabels.Select(x => x == "Nonmaintained" ? 1.0 : 0.0)];
        double[] twice = [.. ind.Select(x => 2 * x)];
        var fit = CoxRegression.Fit(r.Sample, [new Covariate("g", ind), new Covariate("g2", twice)]);
        Assert.Equal(CoxFitStatus.Singular, fit.Status);
        Assert.False(fit.Terms[0].IsSingular);
        Assert.True(fit.Terms[1].IsSingular);
        Assert.Null(fit.Terms[1].Coefficient);
        Assert.Equal(1, fit.LikelihoodRatio.Df);
        Assert.Equal(n, fit.Count);
    }

    /// <summary>The general-design entry point gives the same fit as the group convenience (R: <c>coxph(Surv(time, event) ~ group, data = aml)</c>).</summary>
    [Fact]
    public void Cox_general_design_matches_group_convenience()
    {
        var r = SurvivalReference.Load("lung");
        double[] ind = [.. r.GroupLabels.Select(x => x == "Female" ? 1.0 : 0.0)];
        var general = CoxRegression.Fit(r.Sample, [new Covariate("group:Female", ind), r.Covariates[0], r.Covariates[1]]);
        var groups = CoxRegression.FitGroups(r.Sample, r.CovariateNames, groupTermPrefix: "group:");
        Assert.Equal("group:Female", groups.Terms[0].Term);
        for (var j = 0; j < 3; j++)
        {
            Approx.Equal(groups.Terms[j].Coefficient, general.Terms[j].Coefficient, 1e-12, "coef " + j);
        }

        Approx.Equal(groups.LogLikelihood, general.LogLikelihood, 1e-14, "loglik");
    }
}

/// <summary>
/// <see cref="CoxRegression.FitCategorical"/> fits the model <see cref="CoxRegression.Fit"/> gives on the expanded
/// design (checked against R in <c>RReferenceTests</c>): here a treatment × ECOG interaction on the ovarian data,
/// R: <c>coxph(Surv(futime, fustat) ~ rx * ecog.ps, data = ovarian)</c> with rx and ecog.ps as factors.
/// </summary>
public class CoxCategoricalDesignTests
{
    [Theory]
    [InlineData(CoxTies.Efron)]
    [InlineData(CoxTies.Breslow)]
    public void Interaction_design_per_cell_equals_the_expanded_design(CoxTies ties)
    {
        var r = SurvivalReference.Load("ovarian");
        double[] ecog = [.. r.Covariates[Array.IndexOf(r.CovariateNames, "ecog_ps")].Values];
        double[] rx2 = [.. r.GroupLabels.Select(g => g == "rx2" ? 1.0 : 0.0)];
        double[] ecog2 = [.. ecog.Select(v => v == 2 ? 1.0 : 0.0)];
        double[] both = [.. rx2.Zip(ecog2, (a, b) => a * b)];
        string[] names = ["rx2", "ecog2", "rx2:ecog2"];
        var expanded = CoxRegression.Fit(
            r.Sample, [new Covariate(names[0], rx2), new Covariate(names[1], ecog2), new Covariate(names[2], both)], ties);

        // One group per (rx, ecog) cell, in the order the cells are listed in the design.
        int[] cell = [.. rx2.Zip(ecog2, (a, b) => (int)((2 * a) + b))];
        var sample = SurvivalSample.Create(r.Time, r.Event, cell, ["rx1:1", "rx1:2", "rx2:1", "rx2:2"]);
        double[,] design = { { 0, 0, 0 }, { 0, 1, 0 }, { 1, 0, 0 }, { 1, 1, 1 } };
        var categorical = CoxRegression.FitCategorical(sample, names, design, ties);

        Assert.Equal(CoxFitStatus.Converged, expanded.Status);
        Assert.Equal(expanded.Status, categorical.Status);
        Assert.Equal(expanded.Iterations, categorical.Iterations);
        for (var j = 0; j < names.Length; j++)
        {
            Assert.Equal(names[j], categorical.Terms[j].Term);
            Approx.Equal(expanded.Terms[j].Coefficient, categorical.Terms[j].Coefficient, 1e-9, "coef " + names[j]);
            Approx.Equal(expanded.Terms[j].StdErr, categorical.Terms[j].StdErr, 1e-9, "se " + names[j]);
        }

        Approx.Equal(expanded.LogLikelihood, categorical.LogLikelihood, 1e-12, "loglik");
        Approx.Equal(expanded.LikelihoodRatio.ChiSquare, categorical.LikelihoodRatio.ChiSquare, 1e-9, "LR");
    }

    [Fact]
    public void A_design_that_is_not_groups_by_names_is_rejected()
    {
        var r = SurvivalReference.Load("aml");
        Assert.Equal("design", Assert.Throws<ArgumentException>(() => CoxRegression.FitCategorical(r.Sample, ["x"], new double[3, 1])).ParamName);
        Assert.Equal("design", Assert.Throws<ArgumentException>(() => CoxRegression.FitCategorical(r.Sample, ["x"], new double[,] { { 0 }, { double.NaN } })).ParamName);
        Assert.Equal("names", Assert.Throws<ArgumentException>(() => CoxRegression.FitCategorical(r.Sample, ["x", "x"], new double[2, 2])).ParamName);
    }
}

/// <summary>
/// The Cox likelihood has fast paths (categorical designs, one and two covariates); each must agree with the
/// generic O(n·p²) evaluator, which the R reference tests exercise directly.
/// </summary>
public class CoxEvaluatorPathTests
{
    public static TheoryData<string, string> Designs => new()
    {
        { "lung", "group" },            // categorical (pattern) path
        { "lung", "age" },              // one continuous covariate
        { "lung", "group+age" },        // two covariates
        { "lung", "group+age+ph_ecog" },
        { "ovarian", "group+ecog_ps" }, // categorical with two columns
        { "aml", "group" },
    };

    [Theory]
    [MemberData(nameof(Designs))]
    public void Fast_paths_match_generic_evaluator(string dataset, string design)
    {
        var r = SurvivalReference.Load(dataset);
        var cols = new List<HccOutcomes.Analysis.Survival.Covariate>();
        foreach (var term in design.Split('+'))
        {
            if (term == "group")
            {
                cols.Add(new("group", [.. r.GroupLabels.Select(g => g == r.Groups[1] ? 1.0 : 0.0)]));
            }
            else
            {
                cols.Add(r.Covariates.Single(c => c.Name == term));
            }
        }

        foreach (var ties in new[] { CoxTies.Efron, CoxTies.Breslow })
        {
            var fast = CoxRegression.Fit(r.Sample, cols, ties);
            var slow = CoxRegression.Fit(r.Sample, cols, ties, control: new CoxControl { GeneralEvaluatorOnly = true });
            Assert.Equal(slow.Iterations, fast.Iterations);
            Approx.Equal(slow.LogLikelihood, fast.LogLikelihood, 1e-12, "loglik");
            Approx.Equal(slow.Score.ChiSquare, fast.Score.ChiSquare, 1e-10, "score");
            for (var j = 0; j < cols.Count; j++)
            {
                Approx.Equal(slow.Terms[j].Coefficient, fast.Terms[j].Coefficient, 1e-10, $"{design} coef {j}");
                Approx.Equal(slow.Terms[j].StdErr, fast.Terms[j].StdErr, 1e-10, $"{design} se {j}");
            }
        }
    }
}

/// <summary>The group-only convenience (categorical path, no n×p matrix) against the generic evaluator.</summary>
public class CoxGroupPathTests
{
    [Theory]
    [InlineData("aml")]
    [InlineData("lung")]
    [InlineData("ovarian")]
    [InlineData("three-groups")]
    public void Group_only_path_matches_generic_evaluator(string dataset)
    {
        SurvivalSample sample;
        string[] labels;
        string[] levels;
        if (dataset == "three-groups")
        {
            var rng = new Random(3);
            var n = 500;
            double[] t = [.. Enumerable.Range(0, n).Select(i => Math.Round(-Math.Log(1 - rng.NextDouble()) * (1 + (i % 3)), 1))];
            bool[] e = [.. Enumerable.Range(0, n).Select(_ => rng.NextDouble() < 0.7)];
            labels = [.. Enumerable.Range(0, n).Select(i => "G" + (i % 3))];
            levels = ["G2", "G0", "G1"];
            sample = SurvivalSample.FromLabels(t, e, labels, levels);
        }
        else
        {
            var r = SurvivalReference.Load(dataset);
            sample = r.Sample;
            labels = r.GroupLabels;
            levels = r.Groups;
        }

        var cols = levels.Skip(1).Select(l => new HccOutcomes.Analysis.Survival.Covariate("group" + l, [.. labels.Select(x => x == l ? 1.0 : 0.0)])).ToList();
        foreach (var ties in new[] { CoxTies.Efron, CoxTies.Breslow })
        {
            var fast = CoxRegression.FitGroups(sample, ties: ties);
            var slow = CoxRegression.Fit(sample, cols, ties, control: new CoxControl { GeneralEvaluatorOnly = true });
            Assert.Equal(slow.Iterations, fast.Iterations);
            Approx.Equal(slow.NullLogLikelihood, fast.NullLogLikelihood, 1e-12, "null loglik");
            Approx.Equal(slow.LogLikelihood, fast.LogLikelihood, 1e-12, "loglik");
            Approx.Equal(slow.Score.ChiSquare, fast.Score.ChiSquare, 1e-10, "score");
            Approx.Equal(slow.Wald.ChiSquare, fast.Wald.ChiSquare, 1e-10, "wald");
            for (var j = 0; j < cols.Count; j++)
            {
                Assert.Equal(cols[j].Name, fast.Terms[j].Term);
                Approx.Equal(slow.Terms[j].Coefficient, fast.Terms[j].Coefficient, 1e-10, $"coef {j}");
                Approx.Equal(slow.Terms[j].StdErr, fast.Terms[j].StdErr, 1e-10, $"se {j}");
            }
        }
    }
}

/// <summary>The one-call facade used by the HTTP endpoint.</summary>
public class SurvivalAnalysisFacadeTests
{
    /// <summary>
    /// R: <c>survfit(Surv(time, event) ~ group, data = lung)</c> medians, <c>survdiff</c>, and
    /// <c>coxph(Surv(time, event) ~ group + age + ph_ecog, data = lung, ties = "breslow")</c>, through one call.
    /// </summary>
    [Fact]
    public void Run_matches_the_individual_reference_values()
    {
        var r = SurvivalReference.Load("lung");
        var res = SurvivalAnalysis.Run(r.Sample, new SurvivalAnalysisOptions
        {
            Landmarks = [90, 180, 365, 730],
            Covariates = ["age", "ph_ecog"],
            Ties = CoxTies.Breslow,
        });
        Assert.Equal(["Male", "Female"], res.Groups.Select(g => g.Name));
        Assert.Equal(270.0, res.Groups[0].Median.Estimate);
        Assert.Equal(840.0, res.Groups[0].MedianFollowUp.Estimate);
        Approx.Equal(0.854014598540146, res.Groups[0].Landmarks[0].Survival, 1e-9, "S(90)");
        Approx.Equal(10.0081738056988, res.Tests!.LogRank.Test.ChiSquare, 1e-9, "log-rank");
        Assert.Equal(["group:Female", "age", "ph_ecog"], res.Cox!.Terms.Select(t => t.Term));
        Approx.Equal(-0.551889569787596, res.Cox.Terms[0].Coefficient, 1e-9, "coef");
        Assert.Equal(4, res.FixedTimeTests.Count);
        Assert.Equal("Covariates", Assert.Throws<ArgumentException>(() =>
            SurvivalAnalysis.Run(r.Sample, new SurvivalAnalysisOptions { Covariates = ["weight"] })).ParamName);
    }
}

/// <summary>The Efron moment sums (vectorised, chunked logs) against a direct loop.</summary>
public class EfronSumsTests
{
    [Theory]
    [InlineData(10.0, 0.5, 1)]
    [InlineData(10.0, 0.5, 7)]
    [InlineData(1234.5, 3.25, 100)]
    [InlineData(1e-3, 1e-4, 37)]
    [InlineData(1e250, 1e249, 50)]   // factors beyond the product-safe range
    [InlineData(1e-120, 1e-121, 50)]
    [InlineData(5e29, 1e29, 64)]     // crosses the 1e30 guard within the run
    public void Matches_direct_loop(double d0, double step, int d)
    {
        CoxEngine.EfronSums(d0, step, d, out var logSum, out var s1, out var s2, out var t0, out var t1, out var t2);
        double eLog = 0, e1 = 0, e2 = 0, f0 = 0, f1 = 0, f2 = 0;
        for (var k = 1; k <= d; k++)
        {
            var den = d0 + (k * step);
            eLog += Math.Log(den);
            e1 += 1 / den;
            e2 += k / den;
            f0 += 1 / (den * den);
            f1 += k / (den * den);
            f2 += (double)k * k / (den * den);
        }

        Approx.Equal(eLog, logSum, 1e-13, "log");
        Approx.Equal(e1, s1, 1e-13, "s1");
        Approx.Equal(e2, s2, 1e-13, "s2");
        Approx.Equal(f0, t0, 1e-13, "t0");
        Approx.Equal(f1, t1, 1e-13, "t1");
        Approx.Equal(f2, t2, 1e-13, "t2");
    }
}
