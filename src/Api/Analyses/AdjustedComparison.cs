using HccOutcomes.Analysis.Adjusted;
using HccOutcomes.Analysis.Survival;
using HccOutcomes.Api.Contracts.Analyses;
using HccOutcomes.Domain;
using HccOutcomes.Infrastructure.Analysis;

namespace HccOutcomes.Api.Analyses;

/// <summary>
/// The <c>adjustment</c> section of a comparison of two groups (the reference group is the control): complete-case
/// patients on the covariates; for iptw and matching the propensity model, weights or pairs, ESS and balance; per
/// endpoint the adjusted HR (robust, cluster-robust on pairs, or multivariable), the weighted or matched curves, RMST,
/// the PH test and E-values. Patients without a covariate are counted in the exclusion log, never dropped silently.
/// </summary>
internal sealed class AdjustedComparison
{
    private readonly ComparisonGroups _groups;
    private readonly CompareOptions _options;
    private readonly AdjustmentRequest _request;
    private readonly string _method;
    private readonly string _treated;
    private readonly List<AnalysisPatient> _patients = [];
    private readonly List<bool> _isTreated = [];
    private readonly List<ModelCovariate> _covariates;
    private readonly double[]? _weights;
    private readonly int[]? _matchedSet;
    private readonly AdjustmentSection _summary;

    public AdjustedComparison(ComparisonGroups groups, ExclusionLog exclusions, CompareOptions options, AdjustmentRequest request)
    {
        _groups = groups;
        _options = options;
        _request = request;
        _method = request.Method!;
        _treated = groups.Names.First(n => n != groups.Reference);
        var definitions = request.Covariates.Select(c => AdjustmentCovariates.Find(c)!).ToList();
        var included = new List<GroupCount>();
        var excluded = new List<GroupCount>();
        foreach (var name in new[] { _treated, groups.Reference })
        {
            var members = groups.Members[groups.Names.IndexOf(name)];
            var missing = 0;
            foreach (var p in members)
            {
                if (definitions.All(d => AdjustmentCovariates.Has(d, p)))
                {
                    _patients.Add(p);
                    _isTreated.Add(name == _treated);
                }
                else
                {
                    missing++;
                }
            }

            included.Add(new GroupCount(name, members.Count - missing, null));
            excluded.Add(new GroupCount(name, missing, null));
            if (missing > 0)
            {
                exclusions.Add(new Exclusion(name, "adjustment", "Missing covariate(s) for the adjusted analysis (complete case)", missing));
            }
        }

        // A categorical covariate with one level among the complete cases carries no information: it is left out.
        _covariates = [.. definitions
            .Where(d => d.Continuous || _patients.Select(p => d.Level(p)).Distinct(StringComparer.Ordinal).Count() >= 2)
            .Select(d => AdjustmentCovariates.Column(d, _patients))];
        var treated = _isTreated.ToArray();
        PropensityModelView? model = null;
        GroupPair? ess = null;
        IReadOnlyList<BalanceRowView>? balance = null;
        MatchingView? matching = null;
        string? estimand = null;
        if (_method is "iptw" or "matching" && treated.Any(t => t) && treated.Any(t => !t))
        {
            var fit = LogisticRegression.Fit(DesignMatrix.Build(_covariates), treated);
            model = new PropensityModelView(fit.Converged, fit.Iterations, [.. fit.Terms.Select(t => new PropensityTermView(t.Term, t.Coefficient, t.StdErr, t.Z, t.P))]);
            if (_method == "iptw")
            {
                estimand = request.Estimand ?? "ATE";
                var e = estimand switch { "ATT" => Estimand.Att, "ATO" => Estimand.Ato, _ => Estimand.Ate };
                var w = PropensityWeights.Compute(fit.Fitted, treated, e, e == Estimand.Ate && request.Stabilize == true);
                if (request.Trim is { } trim)
                {
                    w = PropensityWeights.Trim(w, trim.Lower ?? 0, trim.Upper ?? 100);
                }

                _weights = w;
                ess = new GroupPair(KishEffectiveSampleSize.Compute(w, treated, true), KishEffectiveSampleSize.Compute(w, treated, false));
                balance = [.. CovariateBalance.Compute(_covariates, treated, w).Select(PropensityAnalysis.View)];
            }
            else
            {
                estimand = "ATT";
                var m = NearestNeighborMatching.Match(fit.LinearPredictor, treated, 1, request.Caliper ?? 0.2, MatchingRules.Parse(request.MatchingRule));
                _matchedSet = m.MatchedSet;
                matching = MatchingView.Of(m, 1, request.MatchingRule);
                ess = new GroupPair(m.Sets.Count, m.Sets.Count);
                balance = [.. CovariateBalance.Compute(_covariates, treated, matched: [.. m.MatchedSet.Select(s => s >= 0)]).Select(PropensityAnalysis.View)];
            }
        }

        _summary = new AdjustmentSection(
            _method, [.. definitions.Select(d => d.Name)], _treated, groups.Reference, included, excluded, estimand, model, ess, balance, matching, []);
    }

    /// <summary>The section with the given endpoints.</summary>
    public AdjustmentSection Build(IReadOnlyList<AdjustedEndpointView> endpoints) => _summary with { Endpoints = endpoints };

    /// <summary>One endpoint (OS, or PFS under <paramref name="criteria"/>).</summary>
    public AdjustedEndpointView Endpoint(string endpoint, Criteria? criteria, Func<AnalysisPatient, TimeToEventRow?> get)
    {
        // The analysis set: complete cases with the endpoint (and matched, for matching).
        var rows = new List<int>();
        for (var i = 0; i < _patients.Count; i++)
        {
            if (get(_patients[i]) is not null && (_matchedSet is null || _matchedSet[i] >= 0))
            {
                rows.Add(i);
            }
        }

        var time = rows.Select(i => get(_patients[i])!.Months).ToArray();
        var status = rows.Select(i => !get(_patients[i])!.Censored).ToArray();
        var labels = rows.Select(i => _isTreated[i] ? _treated : _groups.Reference).ToArray();
        var events = status.Count(s => s);
        string[] order = [_groups.Reference, _treated];
        if (labels.Distinct().Count() < 2 || events == 0)
        {
            return new AdjustedEndpointView(endpoint, criteria, rows.Count, events, null, null, [], null, null, null,
                "Both groups need subjects with this endpoint, and at least one event, for an adjusted comparison.");
        }

        var weights = _weights is null ? null : rows.Select(i => _weights[i]).ToArray();
        var design = new List<ModelCovariate> { ModelCovariate.Categorical("group", labels, order) };
        if (_method == "multivariable")
        {
            design.AddRange(_covariates.Select(c => Subset(c, rows)).OfType<ModelCovariate>());
        }

        int[]? cluster = _matchedSet is null ? null : [.. rows.Select(i => _matchedSet[i])];
        AdjustedCoxResult fit;
        try
        {
            fit = WeightedCoxRegression.Fit(time, status, DesignMatrix.Build(design), weights, null, cluster, robust: weights is not null, _options.Ties, _options.Level);
        }
        catch (ArgumentException e)
        {
            return new AdjustedEndpointView(endpoint, criteria, rows.Count, events, null, null, [], null, null, null, e.Message);
        }

        var groupTerm = fit.Terms[0];
        var hr = new HazardRatioRow(_treated, _groups.Reference, groupTerm.HazardRatio, groupTerm.Lower, groupTerm.Upper, groupTerm.P);
        IReadOnlyList<CoxTermView>? terms = _method == "multivariable"
            ? [.. fit.Terms.Select(t => new CoxTermView(t.Term, t.HazardRatio, t.Lower, t.Upper, t.P))]
            : null;

        var groupIndex = labels.Select(l => l == _treated ? 1 : 0).ToArray();
        var curves = WeightedKaplanMeier.Fit(time, status, groupIndex, order, weights, _options.Level);

        // Default τ: the shortest of the groups' last follow-up times, so that both curves are defined up to it.
        var tau = _request.RmstTau ?? curves.Min(c => c.Rows[^1].Time);
        AdjustedRmstView? rmst = null;
        if (tau > 0 && curves.Count == 2)
        {
            var r0 = RestrictedMeanSurvival.Compute(curves[0], tau, _options.Level);
            var r1 = RestrictedMeanSurvival.Compute(curves[1], tau, _options.Level);
            var d = RestrictedMeanSurvival.Difference(r1, r0, _options.Level);
            rmst = new AdjustedRmstView(
                tau,
                [new GroupRmstView(order[0], r0.Estimate, r0.StdErr, r0.Lower, r0.Upper), new GroupRmstView(order[1], r1.Estimate, r1.StdErr, r1.Lower, r1.Upper)],
                new RmstDifferenceView(_treated, _groups.Reference, d.Estimate, d.StdErr, d.Lower, d.Upper, d.P));
        }

        PhTestView? ph = null;
        if (fit.Converged)
        {
            var z = ProportionalHazardsTest.Compute(fit);
            ph = new PhTestView([.. z.Terms.Select(r => new PhTermView(r.Term, r.ChiSquare, r.Df, r.P))], new PhTermView(z.Global.Term, z.Global.ChiSquare, z.Global.Df, z.Global.P));
        }

        var evalue = groupTerm is { HazardRatio: { } h, Lower: { } lo, Upper: { } up } && double.IsFinite(h) && h > 0 && lo > 0 && double.IsFinite(up)
            ? new EValueView(EValue.OfHazardRatio(h), EValue.OfConfidenceLimit(lo, up))
            : null;
        return new AdjustedEndpointView(
            endpoint, criteria, rows.Count, events, hr, terms, [.. curves.Select(c => new AdjustedCurveView(c.Group, c.Rows))], rmst, ph, evalue,
            fit.Converged ? null : "The Cox model did not converge.");
    }

    // The covariate on the endpoint's rows; null for a categorical one left with a single level there.
    private static ModelCovariate? Subset(ModelCovariate c, List<int> rows)
    {
        if (!c.IsCategorical)
        {
            return ModelCovariate.Numeric(c.Name, [.. rows.Select(i => c.Numbers![i])]);
        }

        var labels = rows.Select(i => c.Labels![i]).ToArray();
        return labels.Distinct(StringComparer.Ordinal).Count() >= 2 ? ModelCovariate.Categorical(c.Name, labels) : null;
    }
}
