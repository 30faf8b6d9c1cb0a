using HccOutcomes.Api.Contracts.Analyses;
using HccOutcomes.Domain;
using HccOutcomes.Infrastructure.Analysis;

namespace HccOutcomes.Api.Analyses;

/// <summary>
/// The comparison's sections over the groups' analysis rows, one class per section of the paper: Table 1
/// (<see cref="BaselineTable"/>), Table 2 and the waterfall (<see cref="ResponseTable"/>), PFS and OS
/// (<see cref="SurvivalComparison"/>), Table 3 (<see cref="SafetyTable"/>) and the forest plot
/// (<see cref="SubgroupForest"/>). Sections may run concurrently; each records its exclusions in one shared log.
/// Sorting happens once per survival sample; every other pass is linear in the number of patients.
/// </summary>
internal sealed class CompareEngine
{
    private readonly ExclusionLog _exclusions;
    private readonly BaselineTable _baseline;
    private readonly ResponseTable _response;
    private readonly SurvivalComparison _survival;
    private readonly SafetyTable _safety;
    private readonly SubgroupForest _subgroups;
    private readonly ComparisonGroups _groups;
    private readonly CompareOptions _options;

    public CompareEngine(List<string> groupNames, IReadOnlyList<List<AnalysisPatient>> members, string reference, CompareOptions options)
    {
        var groups = new ComparisonGroups(groupNames, members, reference);
        _groups = groups;
        _options = options;
        var tests = new CategoricalTests(groups, options.CategoricalTest, options.Level);
        _exclusions = new ExclusionLog(groupNames);
        _baseline = new BaselineTable(groups, tests, options);
        _response = new ResponseTable(groups, tests, _exclusions, options);
        _survival = new SurvivalComparison(groups, _exclusions, options);
        _safety = new SafetyTable(groups, tests);
        _subgroups = new SubgroupForest(groups, options);
    }

    /// <summary>Exclusions in a stable order (sections may run concurrently).</summary>
    public IReadOnlyList<Exclusion> Exclusions => _exclusions.Ordered();

    /// <summary>Table 1.</summary>
    public BaselineSection Baseline() => _baseline.Build();

    /// <summary>Table 2 (response) and the waterfall under one criteria.</summary>
    public ResponseSection Response(Criteria criteria) => _response.Build(criteria);

    /// <summary>One survival endpoint compared across groups.</summary>
    public SurvivalSection Survival(string endpoint, Criteria? criteria, Func<AnalysisPatient, TimeToEventRow?> get) =>
        _survival.Build(endpoint, criteria, get);

    /// <summary>Table 3.</summary>
    public SafetySection Safety() => _safety.Build();

    /// <summary>The adjusted comparison (two groups), PFS per criteria and OS.</summary>
    public AdjustmentSection Adjustment(AdjustmentRequest request)
    {
        var adjusted = new AdjustedComparison(_groups, _exclusions, _options, request);
        var endpoints = _options.Criteria.Select(c => adjusted.Endpoint("PFS", c, p => p.Pfs(c))).ToList();
        endpoints.Add(adjusted.Endpoint("OS", null, p => p.Os));
        return adjusted.Build(endpoints);
    }

    /// <summary>The forest plot's rows for one endpoint.</summary>
    public SubgroupSection Subgroups(string endpoint, Criteria? criteria, Func<AnalysisPatient, TimeToEventRow?> get) =>
        _subgroups.Build(endpoint, criteria, get);
}
