using HccOutcomes.Analysis.Continuous;
using HccOutcomes.Api.Contracts.Analyses;
using HccOutcomes.Domain;
using HccOutcomes.Infrastructure.Analysis;

namespace HccOutcomes.Api.Analyses;

/// <summary>
/// Table 2, tumour response under one criteria: best overall response (CR, PR, SD, PD, NE) per group with its test,
/// objective response and disease control rates, time to response among responders, and the waterfall of best %
/// change per patient.
/// </summary>
internal sealed class ResponseTable(ComparisonGroups groups, CategoricalTests tests, ExclusionLog exclusions, CompareOptions options)
{
    private const double DaysPerMonth = 30.4375;

    /// <summary>The response part of Table 2 and the waterfall under <paramref name="criteria"/>.</summary>
    public ResponseSection Build(Criteria criteria)
    {
        var count = groups.Count;
        var names = groups.Names;
        string[] categories = ["CR", "PR", "SD", "PD", "NE"];
        var counts = categories.ToDictionary(c => c, _ => new int[count]);
        var n = groups.Sizes();
        var waterfall = new List<WaterfallPoint>();
        var ttr = new List<double>[count];
        for (var g = 0; g < count; g++)
        {
            ttr[g] = [];
            var missing = 0;
            var noBaseline = 0;
            foreach (var p in groups.Members[g])
            {
                var r = p.Response(criteria);
                if (r is null)
                {
                    missing++;
                    counts["NE"][g]++;
                    continue;
                }

                if (r.Source == "None")
                {
                    noBaseline++;
                }

                counts[r.BestOverallResponse][g]++;
                if (r.BestPercentChange is { } change)
                {
                    waterfall.Add(new WaterfallPoint(names[g], p.ExternalId, change, r.BestOverallResponse));
                }

                if (r.BestOverallResponse is "CR" or "PR" && r.TimeToResponseDays is { } days)
                {
                    ttr[g].Add(days / DaysPerMonth);
                }
            }

            var label = $"response ({criteria.DisplayName()})";
            if (missing > 0)
            {
                exclusions.Add(new Exclusion(names[g], label, "No derived response (counted as NE)", missing));
            }

            if (noBaseline > 0)
            {
                exclusions.Add(new Exclusion(names[g], label, "No evaluable baseline assessment or investigator response (counted as NE)", noBaseline));
            }
        }

        var rows = categories.Select(c => new CategoryRow(c, groups.Counts(counts[c], n), tests.Independence([counts[c], CategoricalTests.Subtract(n, counts[c])]))).ToList();
        var orr = CategoricalTests.Add(counts["CR"], counts["PR"]);
        var dcr = CategoricalTests.Add(orr, counts["SD"]);
        // Largest increase first; ties (common: -100 % for every complete response) in the request's group order, then
        // by patient ID, so that the same data gives the same list whatever order the rows were stored in.
        waterfall.Sort((a, b) => b.BestPercentChange.CompareTo(a.BestPercentChange) is var byChange and not 0 ? byChange
            : a.Group == b.Group ? string.CompareOrdinal(a.ExternalId, b.ExternalId)
            : names.IndexOf(a.Group).CompareTo(names.IndexOf(b.Group)));
        return new ResponseSection(criteria, rows, tests.Rate(orr, n), tests.Rate(dcr, n), TimeToResponse(ttr), waterfall);
    }

    private TimeToResponseRow TimeToResponse(List<double>[] values)
    {
        var summaries = new List<ContinuousSummary>();
        for (var g = 0; g < groups.Count; g++)
        {
            if (values[g].Count == 0)
            {
                summaries.Add(new ContinuousSummary(groups.Names[g], 0, null, null, null, null, null));
                continue;
            }

            var q = MedianInterquartileRange.Compute(values[g], options.Quantiles);
            summaries.Add(new ContinuousSummary(groups.Names[g], values[g].Count, values[g].Average(), null, q.Median, q.LowerQuartile, q.UpperQuartile));
        }

        var test = groups.Count == 2 && values[0].Count > 0 && values[1].Count > 0
            ? TestResults.Try(() =>
            {
                var u = MannWhitneyUTest.Compute(values[0], values[1]);
                return new TestResult("Mann–Whitney U (normal approximation, continuity correction)", u.W, null, u.PValue);
            })
            : TestResults.NotComputed("Needs two groups with responders.");
        return new TimeToResponseRow(summaries, test);
    }
}
