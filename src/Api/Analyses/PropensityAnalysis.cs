using System.Text.Json;
using HccOutcomes.Analysis.Adjusted;
using HccOutcomes.Api.Contracts.Analyses;
using HccOutcomes.Api.Errors;

namespace HccOutcomes.Api.Analyses;

/// <summary>
/// Runs POST /analyses/propensity on a validated request: the logistic model, the estimand's weights, Kish's ESS, the
/// balance table (weighted and, with matching, matched) and the matching.
/// </summary>
internal static class PropensityAnalysis
{
    public static PropensityResponse Run(PropensityRequest request)
    {
        var subjects = request.Subjects;
        var n = subjects.Count;
        var treated = subjects.Select(s => string.Equals(s.Group, request.Treated, StringComparison.Ordinal)).ToArray();
        var covariates = Covariates(request);
        var fit = LogisticRegression.Fit(DesignMatrix.Build(covariates), treated);

        var estimand = request.Estimand switch
        {
            "ATT" => Estimand.Att,
            "ATO" => Estimand.Ato,
            _ => Estimand.Ate,
        };
        var stabilize = estimand == Estimand.Ate && request.Stabilize == true;
        var weights = PropensityWeights.Compute(fit.Fitted, treated, estimand, stabilize);

        MatchingResult? matching = null;
        if (request.Matching is { } m)
        {
            matching = NearestNeighborMatching.Match(fit.LinearPredictor, treated, m.Ratio ?? 1, m.Caliper ?? 0.2, MatchingRules.Parse(m.Rule));
        }

        var partner = new string?[n];
        if (matching is not null)
        {
            foreach (var set in matching.Sets)
            {
                partner[set.Treated] = subjects[set.Controls[0]].Id;
                foreach (var c in set.Controls)
                {
                    partner[c] = subjects[set.Treated].Id;
                }
            }
        }

        var matched = matching?.MatchedSet.Select(s => s >= 0).ToArray();
        var balance = CovariateBalance.Compute(covariates, treated, weights, matched);
        return new PropensityResponse(
            new PropensityModelView(fit.Converged, fit.Iterations, [.. fit.Terms.Select(t => new PropensityTermView(t.Term, t.Coefficient, t.StdErr, t.Z, t.P))]),
            request.Estimand ?? "ATE",
            stabilize,
            [.. subjects.Select((s, i) => new PropensitySubjectView(s.Id!, s.Group!, fit.Fitted[i], weights[i], partner[i]))],
            new GroupPair(KishEffectiveSampleSize.Compute(weights, treated, true), KishEffectiveSampleSize.Compute(weights, treated, false)),
            [.. balance.Select(View)],
            matching is null ? null : MatchingView.Of(matching, request.Matching!.Ratio ?? 1, request.Matching.Rule));
    }

    internal static BalanceRowView View(BalanceRow r) => new(
        r.Covariate, r.Type, new MomentsView(Finite(r.Treated.Mean), Finite(r.Treated.Sd)), new MomentsView(Finite(r.Control.Mean), Finite(r.Control.Sd)),
        new AdjustedValueView(r.Smd.Unadjusted, r.Smd.Weighted, r.Smd.Matched),
        r.VarianceRatio is { } v ? new AdjustedValueView(v.Unadjusted, v.Weighted, v.Matched) : null);

    private static double? Finite(double x) => double.IsFinite(x) ? x : null;

    // Numbers → numeric covariates; strings → categorical (a covariate with one level cannot be estimated).
    private static List<ModelCovariate> Covariates(PropensityRequest request)
    {
        var list = new List<ModelCovariate>();
        for (var c = 0; c < request.Covariates.Count; c++)
        {
            var name = request.Covariates[c];
            var values = request.Subjects.Select(s => s.Covariates![name]).ToArray();
            if (values[0].Kind == JsonValueKind.String)
            {
                var labels = values.Select(v => v.Text!).ToArray();
                if (labels.Distinct(StringComparer.Ordinal).Count() < 2)
                {
                    throw RequestValidationException.For($"covariates[{c}]", $"Categorical covariate '{name}' has a single level; it cannot be estimated.");
                }

                list.Add(ModelCovariate.Categorical(name, labels));
            }
            else
            {
                list.Add(ModelCovariate.Numeric(name, [.. values.Select(v => v.Number!.Value)]));
            }
        }

        return list;
    }
}
