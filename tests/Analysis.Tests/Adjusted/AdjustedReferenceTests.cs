using System.Text.Json;
using HccOutcomes.Analysis.Adjusted;
using HccOutcomes.Analysis.Survival;
using HccOutcomes.Analysis.Tests.Reference;

namespace HccOutcomes.Analysis.Tests.Adjusted;

/// <summary>
/// Every value of <c>tests/reference/adjusted/{adj_ovarian,adj_cgd}.json</c> (R 4.2.2, survival 3.5.3, MatchIt 4.5.1;
/// the R calls are in <c>tests/reference/regenerate.R</c>), recomputed from the CSV, to 1e−6 relative.
/// </summary>
public class AdjustedReferenceTests
{
    private const double Tol = Close.Relative;

    public static TheoryData<string> Datasets => new() { "adj_ovarian", "adj_cgd" };

    public static TheoryData<string, string> DatasetTies => new()
    {
        { "adj_ovarian", "efron" }, { "adj_ovarian", "breslow" }, { "adj_cgd", "efron" }, { "adj_cgd", "breslow" },
    };

    [Theory(DisplayName = "The propensity model is glm(treated ~ covariates, family = binomial): coefficients, SEs, z, p")]
    [MemberData(nameof(Datasets))]
    public void Propensity_model_matches_glm(string dataset)
    {
        var r = AdjustedReference.Load(dataset);
        var fit = LogisticRegression.Fit(DesignMatrix.Build(r.Covariates), r.Treated);
        var e = r.Json.GetProperty("ps_model");
        var terms = e.GetProperty("terms").EnumerateArray().Select(t => t.GetString()).ToArray();
        Assert.True(fit.Converged);
        Assert.Equal(terms, fit.Terms.Select(t => t.Term));
        for (var j = 0; j < terms.Length; j++)
        {
            Close.Equal(AdjustedReference.Nums(e, "coefficient")[j], fit.Terms[j].Coefficient!.Value, Tol, what: terms[j] + " coefficient");
            Close.Equal(AdjustedReference.Nums(e, "std_err")[j], fit.Terms[j].StdErr!.Value, Tol, what: terms[j] + " se");
            Close.Equal(AdjustedReference.Nums(e, "z")[j], fit.Terms[j].Z!.Value, Tol, what: terms[j] + " z");
            Close.Equal(AdjustedReference.Nums(e, "p")[j], fit.Terms[j].P!.Value, Tol, what: terms[j] + " p");
        }
    }

    [Theory(DisplayName = "Scores and the ATE, stabilized ATE, ATT and ATO weights of every subject, and Kish's ESS per group")]
    [MemberData(nameof(Datasets))]
    public void Scores_weights_and_effective_sample_sizes_match(string dataset)
    {
        var r = AdjustedReference.Load(dataset);
        var ps = LogisticRegression.Fit(DesignMatrix.Build(r.Covariates), r.Treated).Fitted;
        var weights = new Dictionary<string, double[]>
        {
            ["w_ate"] = PropensityWeights.Compute(ps, r.Treated, Estimand.Ate),
            ["w_ate_stab"] = PropensityWeights.Compute(ps, r.Treated, Estimand.Ate, stabilize: true),
            ["w_att"] = PropensityWeights.Compute(ps, r.Treated, Estimand.Att),
            ["w_ato"] = PropensityWeights.Compute(ps, r.Treated, Estimand.Ato),
        };
        var subjects = r.Json.GetProperty("subjects").EnumerateArray().ToArray();
        Assert.Equal(r.Ids.Length, subjects.Length);
        for (var i = 0; i < subjects.Length; i++)
        {
            Assert.Equal(r.Ids[i], subjects[i].GetProperty("id").GetString());
            Close.Equal(AdjustedReference.Num(subjects[i], "ps"), ps[i], Tol, what: $"ps {i}");
            foreach (var (key, w) in weights)
            {
                Close.Equal(AdjustedReference.Num(subjects[i], key), w[i], Tol, what: $"{key} {i}");
            }
        }

        var ess = r.Json.GetProperty("ess");
        foreach (var (key, w) in new[] { ("ATE", weights["w_ate"]), ("ATE_stabilized", weights["w_ate_stab"]), ("ATT", weights["w_att"]), ("ATO", weights["w_ato"]) })
        {
            Close.Equal(AdjustedReference.Num(ess.GetProperty(key), "treated"), KishEffectiveSampleSize.Compute(w, r.Treated, true), Tol, what: key + " ESS treated");
            Close.Equal(AdjustedReference.Num(ess.GetProperty(key), "control"), KishEffectiveSampleSize.Compute(w, r.Treated, false), Tol, what: key + " ESS control");
        }
    }

    [Theory(DisplayName = "Balance rows per estimand: type, group means and SDs, unadjusted and weighted SMDs, weighted means")]
    [MemberData(nameof(Datasets))]
    public void Balance_matches(string dataset)
    {
        var r = AdjustedReference.Load(dataset);
        var ps = LogisticRegression.Fit(DesignMatrix.Build(r.Covariates), r.Treated).Fitted;
        foreach (var block in r.Json.GetProperty("balance").EnumerateArray())
        {
            var estimand = Enum.Parse<Estimand>(block.GetProperty("estimand").GetString()!, ignoreCase: true);
            var rows = CovariateBalance.Compute(r.Covariates, r.Treated, PropensityWeights.Compute(ps, r.Treated, estimand));
            var expected = block.GetProperty("rows").EnumerateArray().ToArray();
            Assert.Equal(expected.Length, rows.Count);
            for (var k = 0; k < expected.Length; k++)
            {
                var (e, a) = (expected[k], rows[k]);
                var at = $"{estimand} {a.Covariate}";
                Assert.Equal(e.GetProperty("covariate").GetString(), a.Covariate);
                Assert.Equal(e.GetProperty("type").GetString(), a.Type);
                Close.Equal(AdjustedReference.Num(e, "treated_mean"), a.Treated.Mean, Tol, what: at + " treated mean");
                Close.Equal(AdjustedReference.Num(e, "control_mean"), a.Control.Mean, Tol, what: at + " control mean");
                Close.Equal(AdjustedReference.Num(e, "treated_sd"), a.Treated.Sd, Tol, what: at + " treated sd");
                Close.Equal(AdjustedReference.Num(e, "control_sd"), a.Control.Sd, Tol, what: at + " control sd");
                Close.Equal(AdjustedReference.Num(e, "smd_unadjusted"), a.Smd.Unadjusted!.Value, Tol, what: at + " smd");
                NearZeroOrClose(AdjustedReference.Num(e, "smd_weighted"), a.Smd.Weighted!.Value, at + " weighted smd");
                Close.Equal(AdjustedReference.Num(e, "weighted_treated_mean"), a.WeightedTreatedMean!.Value, Tol, what: at + " weighted treated mean");
                Close.Equal(AdjustedReference.Num(e, "weighted_control_mean"), a.WeightedControlMean!.Value, Tol, what: at + " weighted control mean");
            }
        }
    }

    [Theory(DisplayName = "Matching: the caliper is 0.2 SD of the logit and the pairs are MatchIt's, exactly")]
    [MemberData(nameof(Datasets))]
    public void Matching_reproduces_MatchIt(string dataset)
    {
        var r = AdjustedReference.Load(dataset);
        var logit = LogisticRegression.Fit(DesignMatrix.Build(r.Covariates), r.Treated).LinearPredictor;
        var m = NearestNeighborMatching.Match(logit, r.Treated, 1, 0.2);
        Close.Equal(AdjustedReference.Num(r.Json.GetProperty("matching"), "caliper_logit"), m.Caliper!.Value, Tol, what: "caliper");
        var expected = r.Json.GetProperty("matching").GetProperty("pairs").EnumerateArray()
            .Select(p => (p.GetProperty("treated").GetString()!, p.GetProperty("control").GetString()!)).Order().ToArray();
        var actual = m.Sets.Select(s => (r.Ids[s.Treated], r.Ids[Assert.Single(s.Controls)])).Order().ToArray();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, actual);
        Assert.Equal(r.Treated.Count(t => t) - expected.Length, m.UnmatchedTreated);
    }

    // MatchIt 4.5.1 compares truncated distances, so its pairs can lie beyond the caliper (ADR 0018). With real distances
    // the caliper holds: checked against the direct quadratic sweep.
    [Theory(DisplayName = "Matching with real distances: the caliper holds, pairs as the direct sweep")]
    [MemberData(nameof(Datasets))]
    public void Exact_matching_keeps_the_caliper(string dataset)
    {
        var r = AdjustedReference.Load(dataset);
        var logit = LogisticRegression.Fit(DesignMatrix.Build(r.Covariates), r.Treated).LinearPredictor;
        var m = NearestNeighborMatching.Match(logit, r.Treated, 1, 0.2, MatchingRule.Exact);
        var expected = MatchingTests.BruteForce(logit, r.Treated, 1, m.Caliper, MatchingRule.Exact);
        Assert.NotEmpty(expected);
        Assert.Equal(expected.Select(e => (e.Treated, Assert.Single(e.Controls))), m.Sets.Select(s => (s.Treated, Assert.Single(s.Controls))));
        Assert.Equal(0, m.SetsBeyondCaliper);
        Assert.All(m.Sets, s => Assert.True(Math.Abs(logit[s.Treated] - logit[s.Controls[0]]) <= m.Caliper!.Value));
    }

    [Theory(DisplayName = "Matched balance on our matched subjects: matched means and SMDs as R")]
    [MemberData(nameof(Datasets))]
    public void Matched_balance_matches(string dataset)
    {
        var r = AdjustedReference.Load(dataset);
        var pair = MatchedSets(r);
        var rows = CovariateBalance.Compute(r.Covariates, r.Treated, matched: [.. pair.Select(p => p >= 0)]);
        var expected = r.Json.GetProperty("balance_matched").EnumerateArray().ToArray();
        Assert.Equal(expected.Length, rows.Count);
        for (var k = 0; k < expected.Length; k++)
        {
            var (e, a) = (expected[k], rows[k]);
            Assert.Equal(e.GetProperty("covariate").GetString(), a.Covariate);
            Close.Equal(AdjustedReference.Num(e, "treated_mean"), a.MatchedTreatedMean!.Value, Tol, what: a.Covariate + " matched treated mean");
            Close.Equal(AdjustedReference.Num(e, "control_mean"), a.MatchedControlMean!.Value, Tol, what: a.Covariate + " matched control mean");
            NearZeroOrClose(AdjustedReference.Num(e, "smd_matched"), a.Smd.Matched!.Value, a.Covariate + " matched smd");
        }
    }

    [Theory(DisplayName = "Weighted KM with ATE weights = summary(survfit(..., weights = w_ate), censored = TRUE), robust SE")]
    [MemberData(nameof(Datasets))]
    public void Weighted_Kaplan_Meier_rows_match(string dataset)
    {
        var r = AdjustedReference.Load(dataset);
        var curves = WeightedKaplanMeier.Fit(r.Time, r.Status, r.GroupIndex, [r.ControlLabel, r.TreatedLabel], AteWeights(r));
        var actual = curves.SelectMany(c => c.Rows.Select(row => (c.Group, row))).ToArray();
        var expected = r.Json.GetProperty("weighted_km").EnumerateArray().ToArray();
        Assert.Equal(expected.Length, actual.Length);
        for (var k = 0; k < expected.Length; k++)
        {
            var (e, (group, row)) = (expected[k], actual[k]);
            var at = $"{group} t={row.Time}";
            Assert.Equal(e.GetProperty("group").GetString(), group);
            Close.Equal(AdjustedReference.Num(e, "time"), row.Time, Tol, what: at);
            Close.Equal(AdjustedReference.Num(e, "n_risk"), row.AtRisk, Tol, what: at + " n.risk");
            Close.Equal(AdjustedReference.Num(e, "n_event"), row.Events, Tol, what: at + " n.event");
            Close.Equal(AdjustedReference.Num(e, "surv"), row.Survival, Tol, what: at + " surv");
            Close.Equal(AdjustedReference.Num(e, "std_err"), row.StdErr!.Value, Tol, what: at + " std.err");
            Close.Equal(AdjustedReference.Num(e, "lower"), row.Lower!.Value, Tol, what: at + " lower");
            Close.Equal(AdjustedReference.Num(e, "upper"), row.Upper!.Value, Tol, what: at + " upper");
        }
    }

    [Theory(DisplayName = "IPTW Cox = coxph(Surv ~ group, weights = w_ate, robust = TRUE): coef, naive and robust SE, z, p, CI")]
    [MemberData(nameof(DatasetTies))]
    public void Iptw_Cox_with_robust_variance_matches(string dataset, string ties)
    {
        var r = AdjustedReference.Load(dataset);
        var fit = WeightedCoxRegression.Fit(r.Time, r.Status, DesignMatrix.Build([r.Group]), AteWeights(r), robust: true, ties: Ties(ties));
        Single(r.Json.GetProperty("cox").GetProperty("iptw_" + ties), fit, robust: true);
    }

    [Theory(DisplayName = "Stratified Cox = coxph(Surv ~ group + strata(stratum)): coef, SE, z, p, CI and the log-likelihoods")]
    [MemberData(nameof(DatasetTies))]
    public void Stratified_Cox_matches(string dataset, string ties)
    {
        var r = AdjustedReference.Load(dataset);
        var fit = WeightedCoxRegression.Fit(r.Time, r.Status, DesignMatrix.Build([r.Group]), strata: AdjustedReference.Codes(r.Stratum), ties: Ties(ties));
        var e = r.Json.GetProperty("cox").GetProperty("stratified_" + ties);
        Single(e, fit, robust: false);
        var loglik = AdjustedReference.Nums(e, "loglik");
        Close.Equal(loglik[0], fit.NullLogLikelihood, Tol, what: "loglik(0)");
        Close.Equal(loglik[1], fit.LogLikelihood, Tol, what: "loglik");
    }

    [Theory(DisplayName = "Matched Cox = coxph(Surv ~ group, data = matched, cluster = pair): coef, naive and cluster SE, z, p, CI")]
    [MemberData(nameof(DatasetTies))]
    public void Matched_Cox_with_cluster_variance_matches(string dataset, string ties)
    {
        var r = AdjustedReference.Load(dataset);
        var pair = MatchedSets(r);
        var rows = Enumerable.Range(0, r.Ids.Length).Where(i => pair[i] >= 0).ToArray();
        var group = ModelCovariate.Categorical("group", [.. rows.Select(i => r.GroupLabels[i])], [r.ControlLabel, r.TreatedLabel]);
        var fit = WeightedCoxRegression.Fit(
            [.. rows.Select(i => r.Time[i])], [.. rows.Select(i => r.Status[i])], DesignMatrix.Build([group]),
            cluster: [.. rows.Select(i => pair[i])], ties: Ties(ties));
        Single(r.Json.GetProperty("cox").GetProperty("matched_cluster_" + ties), fit, robust: true);
    }

    [Theory(DisplayName = "Multivariable Cox = coxph(Surv ~ group + covariates) with cox.zph(transform = \"km\", terms = TRUE)")]
    [MemberData(nameof(DatasetTies))]
    public void Multivariable_Cox_and_PH_test_match(string dataset, string ties)
    {
        var r = AdjustedReference.Load(dataset);
        var fit = WeightedCoxRegression.Fit(r.Time, r.Status, DesignMatrix.Build([r.Group, .. r.Covariates]), ties: Ties(ties));
        var e = r.Json.GetProperty("cox").GetProperty("multivariable_" + ties);
        var terms = e.GetProperty("terms").EnumerateArray().Select(t => t.GetString()).ToArray();
        Assert.True(fit.Converged);
        Assert.Equal(terms, fit.Terms.Select(t => t.Term));
        for (var j = 0; j < terms.Length; j++)
        {
            var t = fit.Terms[j];
            Close.Equal(AdjustedReference.Nums(e, "coef")[j], t.Coefficient!.Value, Tol, what: terms[j] + " coef");
            Close.Equal(AdjustedReference.Nums(e, "se")[j], t.StdErr!.Value, Tol, what: terms[j] + " se");
            Close.Equal(AdjustedReference.Nums(e, "p")[j], t.P!.Value, Tol, what: terms[j] + " p");
            Close.Equal(AdjustedReference.Nums(e, "hr")[j], t.HazardRatio!.Value, Tol, what: terms[j] + " hr");
            Close.Equal(AdjustedReference.Nums(e, "lower")[j], t.Lower!.Value, Tol, what: terms[j] + " lower");
            Close.Equal(AdjustedReference.Nums(e, "upper")[j], t.Upper!.Value, Tol, what: terms[j] + " upper");
        }

        var loglik = AdjustedReference.Nums(e, "loglik");
        Close.Equal(loglik[0], fit.NullLogLikelihood, Tol, what: "loglik(0)");
        Close.Equal(loglik[1], fit.LogLikelihood, Tol, what: "loglik");

        var ph = ProportionalHazardsTest.Compute(fit);
        var z = e.GetProperty("ph_test");
        var names = z.GetProperty("terms").EnumerateArray().Select(t => t.GetString()).ToArray();
        PhTestRow[] rows = [.. ph.Terms, ph.Global];
        Assert.Equal(names, rows.Select(x => x.Term));
        for (var k = 0; k < names.Length; k++)
        {
            Close.Equal(AdjustedReference.Nums(z, "chisq")[k], rows[k].ChiSquare, Tol, what: names[k] + " chisq");
            Assert.Equal((int)AdjustedReference.Nums(z, "df")[k], rows[k].Df);
            Close.Equal(AdjustedReference.Nums(z, "p")[k], rows[k].P, Tol, what: names[k] + " p");
        }
    }

    [Theory(DisplayName = "Stratified log-rank and Peto-Peto = survdiff(Surv ~ group + strata(stratum), rho = 0 / 1)")]
    [MemberData(nameof(Datasets))]
    public void Stratified_tests_match(string dataset)
    {
        var r = AdjustedReference.Load(dataset);
        var tests = r.Json.GetProperty("stratified_tests");
        foreach (var (key, rho) in new[] { ("logrank", 0.0), ("peto_peto", 1.0) })
        {
            var t = StratifiedLogRankTest.Compute(r.Time, r.Status, r.GroupIndex, 2, AdjustedReference.Codes(r.Stratum), rho);
            Close.Equal(AdjustedReference.Num(tests.GetProperty(key), "chisq"), t.ChiSquare, Tol, what: key + " chisq");
            Close.Equal(AdjustedReference.Num(tests.GetProperty(key), "p"), t.P, Tol, what: key + " p");
            Assert.Equal(1, t.Df);
        }
    }

    [Theory(DisplayName = "RMST = summary(survfit(Surv ~ group), rmean = tau)$table, and the treated − control difference with a Wald CI")]
    [MemberData(nameof(Datasets))]
    public void Rmst_matches(string dataset)
    {
        var r = AdjustedReference.Load(dataset);
        var e = r.Json.GetProperty("rmst");
        var tau = AdjustedReference.Num(e, "tau");
        var curves = WeightedKaplanMeier.Fit(r.Time, r.Status, r.GroupIndex, [r.ControlLabel, r.TreatedLabel]);
        var rmst = curves.Select(c => RestrictedMeanSurvival.Compute(c, tau)).ToArray();
        var groups = e.GetProperty("groups").EnumerateArray().ToArray();
        for (var g = 0; g < 2; g++)
        {
            Assert.Equal(groups[g].GetProperty("group").GetString(), curves[g].Group);
            Close.Equal(AdjustedReference.Num(groups[g], "estimate"), rmst[g].Estimate, Tol, what: curves[g].Group + " rmean");
            Close.Equal(AdjustedReference.Num(groups[g], "std_err"), rmst[g].StdErr, Tol, what: curves[g].Group + " se");
        }

        var d = RestrictedMeanSurvival.Difference(rmst[1], rmst[0]);
        var de = e.GetProperty("difference");
        Close.Equal(AdjustedReference.Num(de, "estimate"), d.Estimate, Tol, what: "difference");
        Close.Equal(AdjustedReference.Num(de, "std_err"), d.StdErr, Tol, what: "difference se");
        Close.Equal(AdjustedReference.Num(de, "lower"), d.Lower, Tol, what: "difference lower");
        Close.Equal(AdjustedReference.Num(de, "upper"), d.Upper, Tol, what: "difference upper");
        Close.Equal(AdjustedReference.Num(de, "p"), d.P, Tol, what: "difference p");
    }

    [Theory(DisplayName = "Weights + strata + cluster together = coxph(Surv ~ group + covariates + strata(stratum), weights = w_ate, cluster = cl), with cox.zph")]
    [MemberData(nameof(DatasetTies))]
    public void Weighted_stratified_clustered_Cox_and_PH_test_match(string dataset, string ties)
    {
        var r = AdjustedReference.Load(dataset);
        var e = ReferenceFiles.LoadJson("adjusted", "weighted_stratified_cluster.json").RootElement.GetProperty(dataset).GetProperty(ties);
        var stratum = r.Json.GetProperty("stratum_from").GetString();
        var covariates = r.Covariates.Where(c => c.Name != stratum).ToList();
        var cluster = Enumerable.Range(0, r.Ids.Length).Select(i => i / 3).ToArray();
        var fit = WeightedCoxRegression.Fit(r.Time, r.Status, DesignMatrix.Build([r.Group, .. covariates]), AteWeights(r),
            AdjustedReference.Codes(r.Stratum), cluster, ties: Ties(ties));
        var coef = AdjustedReference.Nums(e, "coef");
        Assert.Equal(coef.Length, fit.Terms.Count);
        for (var j = 0; j < coef.Length; j++)
        {
            var t = fit.Terms[j];
            Close.Equal(coef[j], t.Coefficient!.Value, Tol, what: t.Term + " coef");
            Close.Equal(AdjustedReference.Nums(e, "se")[j], t.StdErr!.Value, Tol, what: t.Term + " se");
            Close.Equal(AdjustedReference.Nums(e, "robust_se")[j], t.RobustStdErr!.Value, Tol, what: t.Term + " robust se");
            Close.Equal(AdjustedReference.Nums(e, "p")[j], t.P!.Value, Tol, what: t.Term + " p");
        }

        Close.Equal(AdjustedReference.Nums(e, "loglik")[1], fit.LogLikelihood, Tol, what: "loglik");
        var ph = ProportionalHazardsTest.Compute(fit);
        var z = e.GetProperty("ph_test");
        PhTestRow[] rows = [.. ph.Terms, ph.Global];
        Assert.Equal(z.GetProperty("terms").EnumerateArray().Select(t => t.GetString()), rows.Select(x => x.Term));
        for (var k = 0; k < rows.Length; k++)
        {
            Close.Equal(AdjustedReference.Nums(z, "chisq")[k], rows[k].ChiSquare, Tol, what: rows[k].Term + " zph chisq");
        }
    }

    private static CoxTies Ties(string ties) => ties == "efron" ? CoxTies.Efron : CoxTies.Breslow;

    private static double[] AteWeights(AdjustedReference r) =>
        PropensityWeights.Compute(LogisticRegression.Fit(DesignMatrix.Build(r.Covariates), r.Treated).Fitted, r.Treated, Estimand.Ate);

    // Matched set of each subject from our own matching (−1 when unmatched), so the chain runs from the CSV alone.
    private static int[] MatchedSets(AdjustedReference r) =>
        NearestNeighborMatching.Match(LogisticRegression.Fit(DesignMatrix.Build(r.Covariates), r.Treated).LinearPredictor, r.Treated).MatchedSet;

    // R's rounding noise around an exact 0 (e.g. the ATO weighted SMD, 0 by construction) is compared absolutely.
    private static void NearZeroOrClose(double expected, double actual, string what)
    {
        if (Math.Abs(expected) < 1e-12)
        {
            Assert.True(Math.Abs(actual) < 1e-12, $"{what}: expected ≈ 0 ({expected:R}), got {actual:R}");
        }
        else
        {
            Close.Equal(expected, actual, Tol, what: what);
        }
    }

    private static void Single(JsonElement e, AdjustedCoxResult fit, bool robust)
    {
        var t = Assert.Single(fit.Terms);
        Assert.True(fit.Converged);
        Close.Equal(AdjustedReference.Num(e, "coef"), t.Coefficient!.Value, Tol, what: "coef");
        Close.Equal(AdjustedReference.Num(e, "se"), t.StdErr!.Value, Tol, what: "se");
        if (robust)
        {
            Close.Equal(AdjustedReference.Num(e, "robust_se"), t.RobustStdErr!.Value, Tol, what: "robust se");
        }
        else
        {
            Assert.Null(t.RobustStdErr);
        }

        Close.Equal(AdjustedReference.Num(e, "z"), t.Z!.Value, Tol, what: "z");
        Close.Equal(AdjustedReference.Num(e, "p"), t.P!.Value, Tol, what: "p");
        Close.Equal(AdjustedReference.Num(e, "hr"), t.HazardRatio!.Value, Tol, what: "hr");
        Close.Equal(AdjustedReference.Num(e, "lower"), t.Lower!.Value, Tol, what: "lower");
        Close.Equal(AdjustedReference.Num(e, "upper"), t.Upper!.Value, Tol, what: "upper");
    }
}
