using System.Text.Json;
using HccOutcomes.Analysis.Survival;

namespace HccOutcomes.Analysis.Tests.Survival;

/// <summary>
/// Every survival value in <c>tests/reference/survival/{aml,lung,ovarian}.json</c> (R 4.2.2, survival 3.5.3),
/// recomputed from the matching CSV. KM rows to 1e−9 relative, everything else to 1e−6.
/// In R each dataset is read with <c>d &lt;- read.csv("NAME.csv"); d$group &lt;- factor(d$group, levels = groups)</c>.
/// </summary>
public class RReferenceTests
{
    private const double KmTol = 1e-9;
    private const double Tol = 1e-6;

    public static TheoryData<string> Datasets => new() { "aml", "lung", "ovarian" };

    public static TheoryData<string, string> DatasetTransforms
    {
        get
        {
            var d = new TheoryData<string, string>();
            foreach (var ds in new[] { "aml", "lung", "ovarian" })
            {
                foreach (var t in new[] { "log", "log-log", "plain" })
                {
                    d.Add(ds, t);
                }
            }

            return d;
        }
    }

    // Each model through FitGroups; the group-only ones also through FitCategorical with the group indicators as its
    // design (one row per group).
    public static TheoryData<string, string, bool> CoxModels
    {
        get
        {
            var d = new TheoryData<string, string, bool>();
            foreach (var ds in new[] { "aml", "lung", "ovarian" })
            {
                foreach (var m in SurvivalReference.Load(ds).Json.GetProperty("cox").EnumerateObject())
                {
                    d.Add(ds, m.Name, false);
                    if (m.Name.EndsWith("_group", StringComparison.Ordinal))
                    {
                        d.Add(ds, m.Name, true);
                    }
                }
            }

            return d;
        }
    }

    /// <summary>
    /// R: <c>summary(survfit(Surv(time, event) ~ group, data = d, conf.type = TRANSFORM), censored = TRUE)</c>,
    /// every row: time, n.risk, n.event, n.censor, surv, std.err (SE of S), lower, upper.
    /// </summary>
    [Theory(DisplayName = "KM rows = summary(survfit(Surv(time, event) ~ group, conf.type = T), censored = TRUE)")]
    [MemberData(nameof(DatasetTransforms))]
    public void Kaplan_Meier_rows(string dataset, string transform)
    {
        var r = SurvivalReference.Load(dataset);
        var fit = KaplanMeier.Fit(r.Sample, SurvivalReference.Transform(transform));
        JsonElement[] expected = [.. r.Json.GetProperty("km").GetProperty(transform).EnumerateArray()];
        var actual = fit.Curves.SelectMany(c => c.Rows.Select(row => (c.Group, row))).ToList();
        Assert.Equal(expected.Length, actual.Count);
        for (var i = 0; i < expected.Length; i++)
        {
            var e = expected[i];
            (var group, var row) = actual[i];
            var at = $"{dataset} {transform} row {i} ({group}, t={row.Time})";
            Assert.Equal(e.GetProperty("group").GetString(), group);
            Approx.Equal(SurvivalReference.Num(e, "time"), row.Time, KmTol, at + " time");
            Assert.Equal(e.GetProperty("n_risk").GetInt32(), row.AtRisk);
            Assert.Equal(e.GetProperty("n_event").GetInt32(), row.Events);
            Assert.Equal(e.GetProperty("n_censor").GetInt32(), row.Censored);
            Approx.Equal(SurvivalReference.Num(e, "surv"), row.Survival, KmTol, at + " surv");
            Approx.Equal(SurvivalReference.Num(e, "std_err"), row.StdErr, KmTol, at + " std.err");
            Approx.Equal(SurvivalReference.Num(e, "lower"), row.Lower, KmTol, at + " lower");
            Approx.Equal(SurvivalReference.Num(e, "upper"), row.Upper, KmTol, at + " upper");
        }
    }

    /// <summary>R: <c>quantile(survfit(Surv(time, event) ~ group, data = d, conf.type = TRANSFORM), probs = 0.5)</c>.</summary>
    [Theory(DisplayName = "Median = quantile(survfit(Surv(time, event) ~ group, conf.type = T), 0.5)")]
    [MemberData(nameof(DatasetTransforms))]
    public void Medians(string dataset, string transform)
    {
        var r = SurvivalReference.Load(dataset);
        var fit = KaplanMeier.Fit(r.Sample, SurvivalReference.Transform(transform));
        foreach (var e in r.Json.GetProperty("median").GetProperty(transform).EnumerateArray())
        {
            var g = e.GetProperty("group").GetString()!;
            var m = fit[g].Median(MedianConvention.R);
            var at = $"{dataset} {transform} {g}";
            Approx.Equal(SurvivalReference.Num(e, "median"), m.Estimate, Tol, at + " median");
            Approx.Equal(SurvivalReference.Num(e, "lower"), m.Lower, Tol, at + " lower");
            Approx.Equal(SurvivalReference.Num(e, "upper"), m.Upper, Tol, at + " upper");
            Assert.Equal(MedianConvention.R, m.Convention);
        }
    }

    /// <summary>R: <c>summary(survfit(Surv(time, event) ~ group, data = d, conf.type = T), times = LANDMARKS, extend = TRUE)</c>.</summary>
    [Theory(DisplayName = "Landmarks = summary(survfit(...), times = t, extend = TRUE)")]
    [MemberData(nameof(DatasetTransforms))]
    public void Landmarks(string dataset, string transform)
    {
        var r = SurvivalReference.Load(dataset);
        var fit = KaplanMeier.Fit(r.Sample, SurvivalReference.Transform(transform));
        var count = 0;
        foreach (var e in r.Json.GetProperty("landmarks").GetProperty(transform).EnumerateArray())
        {
            var g = e.GetProperty("group").GetString()!;
            var t = e.GetProperty("time").GetDouble();
            var l = fit[g].SurvivalAt(t);
            var at = $"{dataset} {transform} {g} t={t}";
            Approx.Equal(SurvivalReference.Num(e, "surv"), l.Survival, Tol, at + " surv");
            Approx.Equal(SurvivalReference.Num(e, "std_err"), l.StdErr, Tol, at + " std.err");
            Approx.Equal(SurvivalReference.Num(e, "lower"), l.Lower, Tol, at + " lower");
            Approx.Equal(SurvivalReference.Num(e, "upper"), l.Upper, Tol, at + " upper");
            count++;
        }

        Assert.True(count > 0);
    }

    /// <summary>R: <c>quantile(survfit(Surv(time, 1 - event) ~ group, data = d), probs = 0.5)</c> (reverse KM, log CI).</summary>
    [Theory(DisplayName = "Median follow-up = quantile(survfit(Surv(time, 1 - event) ~ group), 0.5)")]
    [MemberData(nameof(Datasets))]
    public void Median_follow_up_reverse_KM(string dataset)
    {
        var r = SurvivalReference.Load(dataset);
        var fu = MedianFollowUp.Estimate(r.Sample);
        foreach (var e in r.Json.GetProperty("median_followup_reverse_km").EnumerateArray())
        {
            var g = e.GetProperty("group").GetString()!;
            var m = fu[Array.IndexOf(r.Groups, g)];
            var at = $"{dataset} follow-up {g}";
            Approx.Equal(SurvivalReference.Num(e, "median"), m.Estimate, Tol, at + " median");
            Approx.Equal(SurvivalReference.Num(e, "lower"), m.Lower, Tol, at + " lower");
            Approx.Equal(SurvivalReference.Num(e, "upper"), m.Upper, Tol, at + " upper");
        }
    }

    /// <summary>
    /// R: <c>survdiff(Surv(time, 1 - event) ~ group, data = d)</c>: the log-rank test of the reverse Kaplan–Meier curves
    /// (does follow-up differ between groups), with observed and expected censorings.
    /// </summary>
    [Theory(DisplayName = "Follow-up test = survdiff(Surv(time, 1 - event) ~ group)")]
    [MemberData(nameof(Datasets))]
    public void Median_follow_up_log_rank(string dataset)
    {
        var r = SurvivalReference.Load(dataset);
        var test = MedianFollowUp.Compare(r.Sample);
        var e = r.Json.GetProperty("median_followup_logrank");
        Approx.Equal(SurvivalReference.Num(e, "chisq"), test.Test.ChiSquare, Tol, $"{dataset} follow-up chisq");
        Assert.Equal(e.GetProperty("df").GetInt32(), test.Test.Df);
        Approx.Equal(SurvivalReference.Num(e, "p"), test.Test.P, Tol, $"{dataset} follow-up p");
        var observed = e.GetProperty("observed").EnumerateArray().Select(x => x.GetDouble()).ToArray();
        var expected = e.GetProperty("expected").EnumerateArray().Select(x => x.GetDouble()).ToArray();
        for (var g = 0; g < observed.Length; g++)
        {
            Approx.Equal(observed[g], test.Observed[g], Tol, $"{dataset} follow-up observed[{g}]");
            Approx.Equal(expected[g], test.Expected[g], Tol, $"{dataset} follow-up expected[{g}]");
        }

        // Through the one-call analysis too, which the comparison uses.
        Approx.Equal(SurvivalReference.Num(e, "p"), SurvivalAnalysis.Run(r.Sample).FollowUpTest!.Test.P, Tol, $"{dataset} follow-up p (Run)");
    }

    /// <summary>
    /// R: <c>survdiff(Surv(time, event) ~ group, data = d, rho = 0)</c> (log-rank, with observed/expected) and
    /// <c>rho = 1</c> (Peto–Peto); Gehan–Breslow (w = n) and Tarone–Ware (w = √n) from the weighted log-rank formula
    /// with survdiff's hypergeometric variance.
    /// </summary>
    [Theory(DisplayName = "Tests = survdiff(Surv(time, event) ~ group, rho = 0 / 1) + Gehan-Breslow + Tarone-Ware")]
    [MemberData(nameof(Datasets))]
    public void Weighted_log_rank_family(string dataset)
    {
        var r = SurvivalReference.Load(dataset);
        var all = WeightedLogRankTest.ComputeAll(r.Sample);
        var tests = r.Json.GetProperty("tests");
        (string Key, LogRankTestResult Result)[] pairs =
        [
            ("logrank", all.LogRank), ("peto_peto", all.PetoPeto), ("gehan_breslow", all.GehanBreslow), ("tarone_ware", all.TaroneWare),
        ];
        foreach ((var key, var result) in pairs)
        {
            var e = tests.GetProperty(key);
            Approx.Equal(SurvivalReference.Num(e, "chisq"), result.Test.ChiSquare, Tol, $"{dataset} {key} chisq");
            Assert.Equal(e.GetProperty("df").GetInt32(), result.Test.Df);
            Approx.Equal(SurvivalReference.Num(e, "p"), result.Test.P, Tol, $"{dataset} {key} p");
        }

        var lr = tests.GetProperty("logrank");
        double[] obs = [.. lr.GetProperty("observed").EnumerateArray().Select(x => x.GetDouble())];
        double[] exp = [.. lr.GetProperty("expected").EnumerateArray().Select(x => x.GetDouble())];
        for (var g = 0; g < obs.Length; g++)
        {
            Approx.Equal(obs[g], all.LogRank.Observed[g], Tol, $"{dataset} observed[{g}]");
            Approx.Equal(exp[g], all.LogRank.Expected[g], Tol, $"{dataset} expected[{g}]");
        }
    }

    /// <summary>
    /// R: <c>summary(coxph(Surv(time, event) ~ group [+ covariates], data = d, ties = TIES))</c>: coef, se, z, p,
    /// exp(coef) with 95% CI, loglik, iterations, likelihood-ratio, Wald and score tests. R's summary prints the Wald
    /// statistic rounded to 2 decimals (<c>round(wald.test, 2)</c>), so that one is compared after rounding. The group-only
    /// models are also fitted through <see cref="CoxRegression.FitCategorical"/> (the forest plot's interaction tests use it).
    /// </summary>
    [Theory(DisplayName = "Cox = summary(coxph(Surv(time, event) ~ group [+ covariates], ties = T))")]
    [MemberData(nameof(CoxModels))]
    public void Cox(string dataset, string model, bool categoricalDesign)
    {
        var r = SurvivalReference.Load(dataset);
        var e = r.Json.GetProperty("cox").GetProperty(model);
        var ties = model.StartsWith("efron", StringComparison.Ordinal) ? CoxTies.Efron : CoxTies.Breslow;
        var covs = model.EndsWith("_multi", StringComparison.Ordinal) ? r.CovariateNames : null;
        CoxResult fit;
        if (categoricalDesign)
        {
            var k = r.Sample.GroupCount;
            var design = new double[k, k - 1];
            for (var g = 1; g < k; g++)
            {
                design[g, g - 1] = 1.0;
            }

            fit = CoxRegression.FitCategorical(r.Sample, [.. r.Sample.GroupNames.Skip(1).Select(n => "group" + n)], design, ties);
        }
        else
        {
            fit = CoxRegression.FitGroups(r.Sample, covs, ties);
        }

        var at = $"{dataset} {model}{(categoricalDesign ? " (categorical design)" : "")}";
        Assert.Equal(CoxFitStatus.Converged, fit.Status);
        Assert.True(fit.Converged);
        Assert.Equal(e.GetProperty("iterations").GetInt32(), fit.Iterations);
        string[] terms = [.. e.GetProperty("terms").EnumerateArray().Select(x => x.GetString()!)];
        Assert.Equal(terms, fit.Terms.Select(t => t.Term));
        for (var j = 0; j < terms.Length; j++)
        {
            var t = fit.Terms[j];
            var tat = $"{at} {t.Term}";
            Approx.Equal(e.GetProperty("coef")[j].GetDouble(), t.Coefficient, Tol, tat + " coef");
            Approx.Equal(e.GetProperty("se")[j].GetDouble(), t.StdErr, Tol, tat + " se");
            Approx.Equal(e.GetProperty("z")[j].GetDouble(), t.Z, Tol, tat + " z");
            Approx.Equal(e.GetProperty("p")[j].GetDouble(), t.P, Tol, tat + " p");
            Approx.Equal(e.GetProperty("hr")[j].GetDouble(), t.HazardRatio, Tol, tat + " hr");
            Approx.Equal(e.GetProperty("lower")[j].GetDouble(), t.Lower, Tol, tat + " lower");
            Approx.Equal(e.GetProperty("upper")[j].GetDouble(), t.Upper, Tol, tat + " upper");
        }

        Approx.Equal(e.GetProperty("loglik")[0].GetDouble(), fit.NullLogLikelihood, Tol, at + " loglik null");
        Approx.Equal(e.GetProperty("loglik")[1].GetDouble(), fit.LogLikelihood, Tol, at + " loglik model");

        void Check(string key, ChiSquareStatistic test, bool rounded)
        {
            var x = e.GetProperty(key);
            var chi = rounded && test.ChiSquare is { } c ? Math.Round(c, 2, MidpointRounding.ToEven) : test.ChiSquare;
            Approx.Equal(SurvivalReference.Num(x, "chisq"), chi, Tol, $"{at} {key} chisq");
            Assert.Equal(x.GetProperty("df").GetInt32(), test.Df);
            Approx.Equal(SurvivalReference.Num(x, "p"), test.P, Tol, $"{at} {key} p");
        }

        Check("lr", fit.LikelihoodRatio, rounded: false);
        Check("wald", fit.Wald, rounded: true);
        Check("score", fit.Score, rounded: false);
    }
}
