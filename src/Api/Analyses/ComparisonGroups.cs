using HccOutcomes.Analysis.Survival;
using HccOutcomes.Api.Contracts.Analyses;
using HccOutcomes.Infrastructure.Analysis;

namespace HccOutcomes.Api.Analyses;

/// <summary>
/// The groups being compared: their names in the request's order, their patients, and the reference group of the
/// hazard ratios; with the per-group cells that every table of the paper shares.
/// </summary>
internal sealed class ComparisonGroups(List<string> names, IReadOnlyList<List<AnalysisPatient>> members, string reference)
{
    /// <summary>Group names in the request's order.</summary>
    public List<string> Names { get; } = names;

    /// <summary>Each group's patients (a patient matching several filters is in each).</summary>
    public IReadOnlyList<List<AnalysisPatient>> Members { get; } = members;

    /// <summary>Reference group of the hazard ratios.</summary>
    public string Reference { get; } = reference;

    /// <summary>Number of groups.</summary>
    public int Count => Names.Count;

    /// <summary>Patients per group.</summary>
    public int[] Sizes() => Members.Select(m => m.Count).ToArray();

    /// <summary>The reference group first, then the others in the request's order (the order survival models are fitted in).</summary>
    public List<string> OrderWithReferenceFirst() => [Reference, .. Names.Where(n => n != Reference)];

    /// <summary>The groups that have at least one of these subjects, in <see cref="OrderWithReferenceFirst"/> order.</summary>
    public List<string> PresentWithReferenceFirst(IEnumerable<string> subjectGroups)
    {
        var present = new HashSet<string>(subjectGroups, StringComparer.Ordinal);
        return OrderWithReferenceFirst().Where(present.Contains).ToList();
    }

    /// <summary>Counts per group with their percentage of <paramref name="of"/>.</summary>
    public List<GroupCount> Counts(int[] counts, int[] of) =>
        Enumerable.Range(0, Count).Select(g => new GroupCount(Names[g], counts[g], of[g] > 0 ? 100.0 * counts[g] / of[g] : null)).ToList();

    /// <summary>Patients per group without a value, given how many have one.</summary>
    public List<GroupCount> Missing(int[] known) =>
        Enumerable.Range(0, Count).Select(g => new GroupCount(Names[g], Members[g].Count - known[g], null)).ToList();

    /// <summary>Each non-reference group against the reference, from a Cox fit on the group (all null without a fit).</summary>
    public List<HazardRatioRow> HazardRatios(CoxResult? cox) => Names
        .Where(n => n != Reference)
        .Select(n =>
        {
            var term = cox?.Terms.FirstOrDefault(t => t.Term == "group:" + n);
            return new HazardRatioRow(n, Reference, term?.HazardRatio, term?.Lower, term?.Upper, term?.P);
        })
        .ToList();
}
