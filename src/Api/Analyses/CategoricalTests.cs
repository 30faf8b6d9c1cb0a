using HccOutcomes.Analysis.Contingency;
using HccOutcomes.Analysis.Proportions;
using HccOutcomes.Api.Contracts.Analyses;

namespace HccOutcomes.Api.Analyses;

/// <summary>
/// Counts compared across groups, as Tables 1–3 report them: the test of independence of group and level (Fisher's
/// exact or Pearson's chi-square, as requested), and rates with their Clopper–Pearson intervals.
/// </summary>
internal sealed class CategoricalTests(ComparisonGroups groups, CategoricalTestChoice choice, double level)
{
    /// <summary>Test of independence of group (rows) and level (columns); <paramref name="columns"/>[level][group].</summary>
    public TestResult? Independence(int[][] columns)
    {
        var table = new int[groups.Count, columns.Length];
        for (var g = 0; g < groups.Count; g++)
        {
            for (var c = 0; c < columns.Length; c++)
            {
                table[g, c] = columns[c][g];
            }
        }

        return TestResults.Try(() =>
        {
            var policy = choice switch
            {
                CategoricalTestChoice.Fisher => TestSelectionPolicy.AlwaysFisher,
                CategoricalTestChoice.ChiSquare => TestSelectionPolicy.AlwaysChiSquare,
                _ => TestSelectionPolicy.FisherWhenAnyExpectedBelowFive,
            };
            var r = IndependenceTest.Run(ContingencyTable.Create(table), policy);
            var name = r.TestUsed == IndependenceTestKind.FisherExact ? "Fisher's exact" : "Pearson chi-square";
            return new TestResult(name, r.ChiSquare, r.DegreesOfFreedom, double.IsFinite(r.PValue) ? r.PValue : null, r.Reason);
        });
    }

    /// <summary>Each group's rate of <paramref name="events"/> out of <paramref name="n"/> with its interval, and the test of equal rates.</summary>
    public RateRow Rate(int[] events, int[] n)
    {
        var rates = new List<GroupRate>();
        for (var g = 0; g < groups.Count; g++)
        {
            if (n[g] == 0)
            {
                rates.Add(new GroupRate(groups.Names[g], 0, 0, null, null, null));
                continue;
            }

            var ci = ClopperPearsonInterval.Compute(events[g], n[g], level);
            rates.Add(new GroupRate(groups.Names[g], events[g], n[g], ci.Estimate, ci.Lower, ci.Upper));
        }

        return new RateRow(rates, Independence([events, Subtract(n, events)]));
    }

    /// <summary>Per-group sums.</summary>
    public static int[] Add(int[] a, int[] b) => a.Zip(b, (x, y) => x + y).ToArray();

    /// <summary>Per-group differences (e.g. the patients without the event).</summary>
    public static int[] Subtract(int[] a, int[] b) => a.Zip(b, (x, y) => x - y).ToArray();
}
