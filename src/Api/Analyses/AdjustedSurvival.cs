using HccOutcomes.Analysis.Adjusted;
using HccOutcomes.Analysis.Survival;
using HccOutcomes.Api.Contracts.Analyses;

namespace HccOutcomes.Api.Analyses;

/// <summary>
/// The adjusted parts of POST /analyses/survival: the weighted / stratified / robust Cox model with categorical
/// covariates and its PH test, weighted Kaplan–Meier curves, stratified log-rank family, RMST.
/// </summary>
internal static class AdjustedSurvival
{
    public static SurvivalResponse Apply(SurvivalResponse response, SurvivalSample sample, SurvivalAnalysisOptions options, SurvivalAdjustment a)
    {
        var notes = new List<string>();
        var groups = sample.GroupNames;
        var level = options.ConfidenceLevel;
        var tests = response.Tests;
        if (a.Weights is not null)
        {
            tests = null;
            notes.Add("With case weights the log-rank family is null: R's survdiff has no weights. Compare the groups with the weighted Cox model.");
            notes.Add("With case weights, weightedCurve is the weighted Kaplan–Meier (robust SE, log CI); curve, medians, landmarks and follow-up are unweighted.");
        }
        else if (a.Strata is not null && groups.Count >= 2)
        {
            var logRank = StratifiedLogRankTest.Compute(a.Time, a.Event, a.Group, groups.Count, a.Strata, 0);
            var petoPeto = StratifiedLogRankTest.Compute(a.Time, a.Event, a.Group, groups.Count, a.Strata, 1);
            var none = new ChiSquareStatistic(null, logRank.Df, null);
            tests = new SurvivalTestsView(Statistic(logRank), none, none, Statistic(petoPeto));
            notes.Add("With strata, logRank and petoPeto are stratified (R survdiff(... + strata(s), rho = 0 / 1)); gehanBreslow and taroneWare are null.");
        }

        var cox = response.Cox;
        if (a.NeedsAdjustedCox && groups.Count >= 2)
        {
            cox = Cox(a, groups, options, notes);
        }

        IReadOnlyList<WeightedKmCurve>? weighted = null;
        if (a.Weights is not null || a.RmstTau is not null)
        {
            weighted = WeightedKaplanMeier.Fit(a.Time, a.Event, a.Group, groups, a.Weights, level);
        }

        var rmst = a.RmstTau is { } tau ? weighted!.ToDictionary(c => c.Group, c => RestrictedMeanSurvival.Compute(c, tau, level)) : null;
        var views = response.Groups.Select(g => g with
        {
            Rmst = rmst?.GetValueOrDefault(g.Name),
            WeightedCurve = a.Weights is null ? null : weighted!.FirstOrDefault(c => c.Group == g.Name)?.Rows,
        }).ToList();

        List<RmstDifferenceView>? differences = null;
        if (rmst is not null && rmst.TryGetValue(groups[0], out var reference))
        {
            differences = [];
            foreach (var g in groups.Skip(1).Where(rmst.ContainsKey))
            {
                var d = RestrictedMeanSurvival.Difference(rmst[g], reference, level);
                differences.Add(new RmstDifferenceView(g, groups[0], d.Estimate, d.StdErr, d.Lower, d.Upper, d.P));
            }
        }

        return response with { Groups = views, Tests = tests, Cox = cox, RmstDifferences = differences, Notes = notes };
    }

    private static ChiSquareStatistic Statistic(StratifiedTestResult t) => new(t.ChiSquare, t.Df, t.P);

    private static CoxView? Cox(SurvivalAdjustment a, IReadOnlyList<string> groups, SurvivalAnalysisOptions options, List<string> notes)
    {
        var labels = a.Group.Select(g => groups[g]).ToArray();
        var covariates = new List<ModelCovariate> { ModelCovariate.Categorical("group", labels, groups) };
        covariates.AddRange(a.Covariates);
        AdjustedCoxResult fit;
        try
        {
            fit = WeightedCoxRegression.Fit(a.Time, a.Event, DesignMatrix.Build(covariates), a.Weights, a.Strata, a.Clusters, a.Robust, options.Ties, options.ConfidenceLevel);
        }
        catch (ArgumentException e)
        {
            notes.Add($"The Cox model was not fitted: {e.Message}");
            return null;
        }

        var p = fit.Terms.Count(t => t.Coefficient is not null);
        var status = !fit.Converged ? CoxFitStatus.DidNotConverge : fit.Terms.Any(t => t.Coefficient is null) ? CoxFitStatus.Singular : CoxFitStatus.Converged;
        var terms = fit.Terms.Select(t => new CoxTerm(
            t.Term, t.Coefficient, t.StdErr, t.Z, t.P, t.HazardRatio, t.Lower, t.Upper, false, t.Coefficient is null, 0, t.RobustStdErr)).ToList();
        PhTestView? ph = null;
        if (a.PhTest && fit.Converged)
        {
            var z = ProportionalHazardsTest.Compute(fit);
            ph = new PhTestView(
                [.. z.Terms.Select(r => new PhTermView(r.Term, r.ChiSquare, r.Df, r.P))],
                new PhTermView(z.Global.Term, z.Global.ChiSquare, z.Global.Df, z.Global.P));
        }

        if (a.Weights is not null || a.Strata is not null || a.Clusters is not null || a.Robust)
        {
            notes.Add("Cox: the score test is not computed with weights, strata or a robust variance (null); the Wald test uses the robust variance when robust.");
        }

        return new CoxView(
            options.Ties, fit.Converged, status, fit.Converged ? null : "The Cox model did not converge in 20 iterations.", fit.Iterations, terms,
            new LogLikelihoodView(fit.NullLogLikelihood, fit.LogLikelihood),
            fit.LikelihoodRatio,
            fit.Wald,
            new ChiSquareStatistic(null, p, null),
            ph);
    }
}
