using HccOutcomes.Analysis.Adjusted;

namespace HccOutcomes.Analysis.Tests.Adjusted;

/// <summary>
/// <see cref="NearestNeighborMatching"/> against the documented greedy rule written directly (quadratic), on data with
/// many tied scores, with and without a caliper, for ratios 1 to 3.
/// </summary>
public class MatchingTests
{
    public static TheoryData<int, int, double?> Cases => new()
    {
        { 1, 1, 0.2 }, { 2, 1, null }, { 3, 2, 0.2 }, { 4, 3, 0.05 }, { 5, 3, null },
    };

    [Theory(DisplayName = "Matching equals the greedy rule done by brute force, ties by input order, ratio k in rounds")]
    [MemberData(nameof(Cases))]
    public void Matching_equals_the_brute_force_greedy_rule(int seed, int ratio, double? caliper)
    {
        var random = new Random(seed);
        var n = 600;
        // Scores on a coarse grid: many exact ties among treated, among controls and across groups.
        var logit = Enumerable.Range(0, n).Select(_ => Math.Round(random.NextDouble() * 4 - 2, 1)).ToArray();
        var treated = logit.Select(l => random.NextDouble() < 0.3 + (0.1 * l)).ToArray();
        var m = NearestNeighborMatching.Match(logit, treated, ratio, caliper);
        var expected = BruteForce(logit, treated, ratio, m.Caliper);
        Assert.Equal(expected.Count, m.Sets.Count);
        for (var s = 0; s < expected.Count; s++)
        {
            Assert.Equal(expected[s].Treated, m.Sets[s].Treated);
            Assert.Equal(expected[s].Controls, m.Sets[s].Controls);
        }

        Assert.Equal(treated.Count(t => t) - expected.Count, m.UnmatchedTreated);
        Assert.All(Enumerable.Range(0, n), i => Assert.Equal(m.MatchedSet[i] >= 0, m.Sets.Any(s => s.Treated == i || s.Controls.Contains(i))));
    }

    [Fact(DisplayName = "Equally distant controls on both sides: the one earlier in the input is taken")]
    public void Equidistant_controls_go_to_the_earlier_input_row()
    {
        double[] logit = [0.5, 0.0, 1.0, 0.0];
        bool[] treated = [true, false, false, false];
        var m = NearestNeighborMatching.Match(logit, treated, 1, null);
        Assert.Equal([1], Assert.Single(m.Sets).Controls);
        m = NearestNeighborMatching.Match([0.5, 1.0, 0.0], [true, false, false], 1, null);
        Assert.Equal([1], Assert.Single(m.Sets).Controls);
    }

    [Fact(DisplayName = "A treated subject without a control inside the caliper stays unmatched")]
    public void Treated_outside_the_caliper_stay_unmatched()
    {
        double[] logit = [3.0, 0.0, 0.1, 0.2];
        bool[] treated = [true, false, true, false];
        var m = NearestNeighborMatching.Match(logit, treated, 1, 0.2);
        var set = Assert.Single(m.Sets);
        Assert.Equal(2, set.Treated);
        Assert.Equal(1, m.UnmatchedTreated);
        Assert.Equal(-1, m.MatchedSet[0]);
    }

    [Theory(DisplayName = "A ratio outside 1-5, a negative caliper or a non-finite logit is rejected")]
    [InlineData(0, 0.2, 0.0)]
    [InlineData(6, 0.2, 0.0)]
    [InlineData(1, -0.1, 0.0)]
    [InlineData(1, 0.2, double.NaN)]
    public void Bad_arguments_are_rejected(int ratio, double caliper, double logit)
    {
        Assert.Throws<ArgumentException>(() => NearestNeighborMatching.Match([logit, 1.0], [true, false], ratio, caliper));
    }

    private static List<(int Treated, List<int> Controls)> BruteForce(double[] logit, bool[] treated, int ratio, double? caliper)
    {
        var order = Enumerable.Range(0, logit.Length).Where(i => treated[i]).OrderByDescending(i => logit[i]).ThenBy(i => i).ToArray();
        var taken = new bool[logit.Length];
        var controls = order.ToDictionary(t => t, _ => new List<int>());
        var active = order.ToHashSet();
        for (var r = 0; r < ratio; r++)
        {
            foreach (var t in order.Where(active.Contains))
            {
                var best = -1;
                for (var c = 0; c < logit.Length; c++)
                {
                    if (!treated[c] && !taken[c] && (best < 0 || Math.Abs(logit[c] - logit[t]) < Math.Abs(logit[best] - logit[t])))
                    {
                        best = c;
                    }
                }

                if (best < 0 || (caliper is { } cal && Math.Abs(logit[best] - logit[t]) > cal))
                {
                    active.Remove(t);
                    continue;
                }

                taken[best] = true;
                controls[t].Add(best);
            }
        }

        return [.. order.Where(t => controls[t].Count > 0).Select(t => (t, controls[t]))];
    }
}
