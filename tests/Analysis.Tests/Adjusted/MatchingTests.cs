using HccOutcomes.Analysis.Adjusted;

namespace HccOutcomes.Analysis.Tests.Adjusted;

/// <summary>
/// <see cref="NearestNeighborMatching"/> against MatchIt 4.5.1's <c>nn_matchC_vec</c> sweep written directly (quadratic:
/// scan left and right from the treated subject over all subjects), on data with many tied scores, with and without a
/// caliper, for ratios 1 to 3, under both distance rules.
/// </summary>
public class MatchingTests
{
    public static TheoryData<int, int, double?, MatchingRule> Cases => new()
    {
        { 1, 1, 0.2, MatchingRule.Exact }, { 2, 1, null, MatchingRule.Exact }, { 3, 2, 0.2, MatchingRule.Exact },
        { 4, 3, 0.05, MatchingRule.Exact }, { 5, 3, null, MatchingRule.Exact },
        { 6, 1, 0.2, MatchingRule.MatchIt }, { 7, 2, 0.2, MatchingRule.MatchIt }, { 8, 3, 1.5, MatchingRule.MatchIt },
    };

    [Theory(DisplayName = "Matching equals the MatchIt sweep done by brute force, ties by input order, ratio k in rounds")]
    [MemberData(nameof(Cases))]
    public void Matching_equals_the_brute_force_sweep(int seed, int ratio, double? caliper, MatchingRule rule)
    {
        var random = new Random(seed);
        var n = 600;
        // Scores on a coarse grid over several logit units: many exact ties among treated, among controls and across
        // groups, and distances above 1 so that truncation matters.
        var logit = Enumerable.Range(0, n).Select(_ => Math.Round((random.NextDouble() * 8) - 4, 1)).ToArray();
        var treated = logit.Select(l => random.NextDouble() < 0.3 + (0.05 * l)).ToArray();
        var m = NearestNeighborMatching.Match(logit, treated, ratio, caliper, rule);
        var expected = BruteForce(logit, treated, ratio, m.Caliper, rule);
        Assert.Equal(expected.Count, m.Sets.Count);
        for (var s = 0; s < expected.Count; s++)
        {
            Assert.Equal(expected[s].Treated, m.Sets[s].Treated);
            Assert.Equal(expected[s].Controls, m.Sets[s].Controls);
        }

        Assert.Equal(treated.Count(t => t) - expected.Count, m.UnmatchedTreated);
        Assert.All(Enumerable.Range(0, n), i => Assert.Equal(m.MatchedSet[i] >= 0, m.Sets.Any(s => s.Treated == i || s.Controls.Contains(i))));
        var beyond = m.Caliper is { } w ? m.Sets.Count(s => s.Controls.Any(c => Math.Abs(logit[c] - logit[s.Treated]) > w)) : 0;
        Assert.Equal(beyond, m.SetsBeyondCaliper);
        if (rule == MatchingRule.Exact)
        {
            Assert.Equal(0, beyond);
        }
    }

    [Fact(DisplayName = "Equally distant candidates: the one before the treated subject in (score, input order) is taken, as MatchIt")]
    public void Equidistant_candidates_go_to_the_one_before()
    {
        // Order: control 1 (0.0), control 3 (0.0), treated 0 (0.5), control 2 (1.0): 3 is the nearest before.
        var m = NearestNeighborMatching.Match([0.5, 0.0, 1.0, 0.0], [true, false, false, false], 1, null, MatchingRule.Exact);
        Assert.Equal([3], Assert.Single(m.Sets).Controls);
        // A control with the treated subject's own score comes before it when it is earlier in the input.
        m = NearestNeighborMatching.Match([0.0, 0.0, 0.0], [false, true, false], 1, null, MatchingRule.Exact);
        Assert.Equal([0], Assert.Single(m.Sets).Controls);
    }

    // The case run with MatchIt 4.5.1 in R (ADR 0018):
    //   d <- data.frame(t = c(1, 0, 0), x = c(0, -0.6, 0.3))
    //   matchit(t ~ x, data = d, distance = d$x, caliper = 0.1, std.caliper = FALSE)$match.matrix  # row 1 -> unit 2
    // Here the caliper is in SDs of the logit (0.1 SD = 0.0458), which both distances exceed, as 0.1 did in R.
    [Fact(DisplayName = "Under MatchIt's rule distances below 1 truncate to 0: the lower control is taken although the caliper is exceeded")]
    public void MatchIt_rule_truncates_distances()
    {
        double[] logit = [0, -0.6, 0.3];
        bool[] treated = [true, false, false];
        var m = NearestNeighborMatching.Match(logit, treated, 1, 0.1, MatchingRule.MatchIt);
        Assert.Equal([1], Assert.Single(m.Sets).Controls);
        Assert.Equal(1, m.SetsBeyondCaliper);
        m = NearestNeighborMatching.Match(logit, treated, 1, null, MatchingRule.Exact);
        Assert.Equal([2], Assert.Single(m.Sets).Controls);
        m = NearestNeighborMatching.Match(logit, treated, 1, 0.1, MatchingRule.Exact);
        Assert.Empty(m.Sets);
        Assert.Equal(1, m.UnmatchedTreated);
    }

    [Theory(DisplayName = "A treated subject without a control inside the caliper stays unmatched")]
    [InlineData(MatchingRule.Exact)]
    [InlineData(MatchingRule.MatchIt)]
    public void Treated_outside_the_caliper_stay_unmatched(MatchingRule rule)
    {
        double[] logit = [30.0, 0.0, 0.1, 0.2];
        bool[] treated = [true, false, true, false];
        var m = NearestNeighborMatching.Match(logit, treated, 1, 0.2, rule);
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

    /// <summary>
    /// MatchIt 4.5.1's <c>nn_matchC_vec</c> sweep, transcribed: all subjects in (logit, input order); per round, treated by
    /// descending logit (ties: input order); from the treated subject scan left and right over treated and taken units to the
    /// first available control; a control beyond the caliper ends that side; the left one wins ties.
    /// </summary>
    internal static List<(int Treated, List<int> Controls)> BruteForce(double[] logit, bool[] treated, int ratio, double? caliper, MatchingRule rule)
    {
        double Distance(int a, int b) => rule == MatchingRule.MatchIt ? Math.Abs(Math.Truncate(logit[a] - logit[b])) : Math.Abs(logit[a] - logit[b]);
        var all = Enumerable.Range(0, logit.Length).OrderBy(i => logit[i]).ThenBy(i => i).ToArray();
        var order = Enumerable.Range(0, logit.Length).Where(i => treated[i]).OrderByDescending(i => logit[i]).ThenBy(i => i).ToArray();
        var taken = new bool[logit.Length];
        var controls = order.ToDictionary(t => t, _ => new List<int>());
        for (var r = 0; r < ratio; r++)
        {
            foreach (var t in order)
            {
                var at = Array.IndexOf(all, t);
                int Scan(int step)
                {
                    for (var k = at + step; k >= 0 && k < all.Length; k += step)
                    {
                        var c = all[k];
                        if (treated[c] || taken[c])
                        {
                            continue;
                        }

                        return caliper is { } cal && Distance(t, c) > cal ? -1 : c;
                    }

                    return -1;
                }

                var left = Scan(-1);
                var right = Scan(+1);
                var best = left >= 0 && right >= 0 ? (Distance(t, left) <= Distance(t, right) ? left : right) : Math.Max(left, right);
                if (best >= 0)
                {
                    taken[best] = true;
                    controls[t].Add(best);
                }
            }
        }

        return [.. order.Where(t => controls[t].Count > 0).Select(t => (t, controls[t]))];
    }
}
