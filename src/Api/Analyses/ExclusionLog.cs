using HccOutcomes.Api.Contracts.Analyses;

namespace HccOutcomes.Api.Analyses;

/// <summary>The CONSORT record of patients left out of an analysis, written by sections that may run concurrently.</summary>
internal sealed class ExclusionLog(List<string> groupNames)
{
    private readonly List<Exclusion> _exclusions = [];

    /// <summary>Records patients of one group left out of one analysis.</summary>
    public void Add(Exclusion exclusion)
    {
        lock (_exclusions)
        {
            _exclusions.Add(exclusion);
        }
    }

    /// <summary>The exclusions by analysis, then in the request's group order, whatever order the sections finished in.</summary>
    public IReadOnlyList<Exclusion> Ordered()
    {
        lock (_exclusions)
        {
            return _exclusions.OrderBy(e => e.Analysis, StringComparer.Ordinal).ThenBy(e => groupNames.IndexOf(e.Group)).ToList();
        }
    }
}
