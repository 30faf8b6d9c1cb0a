namespace HccOutcomes.Analysis.Adjusted;

/// <summary>One matched set: a treated subject and its controls, in the order they were matched.</summary>
/// <param name="Treated">Index of the treated subject.</param>
/// <param name="Controls">Indices of its controls (1 to ratio).</param>
public sealed record MatchedSet(int Treated, IReadOnlyList<int> Controls);

/// <summary>Result of <see cref="NearestNeighborMatching"/>.</summary>
/// <param name="Sets">The matched sets, in the order the treated subjects were taken (descending score).</param>
/// <param name="Caliper">The caliper in logit units (null without a caliper).</param>
/// <param name="UnmatchedTreated">Treated subjects without any control.</param>
/// <param name="MatchedSet">Per subject, the index of its matched set in <see cref="Sets"/>, or −1 when unmatched.</param>
/// <param name="SetsBeyondCaliper">Matched sets with a control farther than the caliper (possible under <see cref="MatchingRule.MatchIt"/> only).</param>
public sealed record MatchingResult(IReadOnlyList<MatchedSet> Sets, double? Caliper, int UnmatchedTreated, int[] MatchedSet, int SetsBeyondCaliper);

/// <summary>How distances are compared in <see cref="NearestNeighborMatching"/>.</summary>
public enum MatchingRule
{
    /// <summary>
    /// As MatchIt 4.5.1's <c>nn_matchC_vec</c> computes it: every distance is truncated toward zero to whole logit
    /// units before it is compared (the C library's integer <c>abs</c> on a double), both against the caliper and
    /// between the two candidates. Below one logit unit every control passes the caliper and the lower-scored
    /// candidate wins. The pairs are MatchIt 4.5.1's.
    /// </summary>
    MatchIt,

    /// <summary>The same sweep with real distances: the caliper holds and the nearer candidate wins.</summary>
    Exact,
}

/// <summary>
/// Greedy nearest-neighbour matching without replacement on the logit of the propensity score, with a caliper, as
/// R MatchIt's <c>matchit(method = "nearest", distance = "glm", link = "linear.logit", caliper = c, std.caliper = TRUE,
/// m.order = "largest", replace = FALSE, ratio = k)</c>.
/// </summary>
/// <remarks>
/// <para>
/// ℓ is the linear predictor (logit) of the propensity model; the caliper is c × SD(ℓ) over all subjects (sample SD).
/// All subjects are ordered by (ℓ, input order), as R's stable <c>sort.list</c>. Treated subjects are taken in
/// descending ℓ (ties: input order). For each, the candidates are the nearest still-available control before it and
/// the nearest after it in that order; a candidate whose distance exceeds the caliper is dropped, and of the two the
/// one with the smaller distance is taken, the one before on a tie. A treated subject without a candidate stays
/// unmatched. With ratio k &gt; 1 matching goes in rounds, as MatchIt: round r gives every treated subject that got a
/// control in round r − 1 its r-th control, in the same order.
/// </para>
/// <para>
/// The distance is |ℓ_t − ℓ_c| under <see cref="MatchingRule.Exact"/>, and |trunc(ℓ_t − ℓ_c)| under
/// <see cref="MatchingRule.MatchIt"/>, which is what MatchIt 4.5.1 compares; its pairs can then lie outside the
/// caliper, and <see cref="MatchingResult.SetsBeyondCaliper"/> counts them.
/// </para>
/// <para>
/// Cost O(n log n): the controls are sorted once by (ℓ, input order); taken controls are deleted from two
/// path-compressed "next available to the right / to the left" forests, so each lookup of the nearest available
/// control on either side of a binary-searched position costs amortised near-constant time.
/// </para>
/// </remarks>
public static class NearestNeighborMatching
{
    /// <summary>Matches treated subjects to controls.</summary>
    /// <param name="logit">Logit of the propensity score of each subject.</param>
    /// <param name="treated">True for the treated.</param>
    /// <param name="ratio">Controls per treated subject, 1 to 5.</param>
    /// <param name="caliper">Caliper in SDs of the logit (null: none).</param>
    /// <param name="rule">How distances are compared; MatchIt 4.5.1's by default.</param>
    /// <returns>The matched sets.</returns>
    /// <exception cref="ArgumentException">Lengths differ, a non-finite logit, or a ratio outside 1–5, or a negative caliper.</exception>
    public static MatchingResult Match(double[] logit, bool[] treated, int ratio = 1, double? caliper = 0.2, MatchingRule rule = MatchingRule.MatchIt)
    {
        ArgumentNullException.ThrowIfNull(logit);
        ArgumentNullException.ThrowIfNull(treated);
        if (logit.Length != treated.Length)
        {
            throw new ArgumentException("One treatment indicator per subject is required.", nameof(treated));
        }

        if (ratio is < 1 or > 5)
        {
            throw new ArgumentException("The ratio must be between 1 and 5.", nameof(ratio));
        }

        if (caliper is { } cal && !(cal >= 0))
        {
            throw new ArgumentException("The caliper must be ≥ 0.", nameof(caliper));
        }

        var n = logit.Length;
        if (logit.Any(v => !double.IsFinite(v)))
        {
            throw new ArgumentException("Every logit must be finite.", nameof(logit));
        }

        double? width = caliper is { } c ? c * SampleSd(logit) : null;
        var truncate = rule == MatchingRule.MatchIt;

        var controls = Enumerable.Range(0, n).Where(i => !treated[i]).ToArray();
        var treatedOrder = Enumerable.Range(0, n).Where(i => treated[i]).ToArray();
        Array.Sort(controls, (a, b) => logit[a] != logit[b] ? logit[a].CompareTo(logit[b]) : a.CompareTo(b));
        Array.Sort(treatedOrder, (a, b) => logit[a] != logit[b] ? logit[b].CompareTo(logit[a]) : a.CompareTo(b));

        var m = controls.Length;
        var value = new double[m];
        for (var k = 0; k < m; k++)
        {
            value[k] = logit[controls[k]];
        }

        var available = new AvailableControls(m);
        var setOf = Enumerable.Repeat(-1, n).ToArray();
        var setControls = new List<int>[treatedOrder.Length];
        var active = new bool[treatedOrder.Length];
        Array.Fill(active, true);
        for (var round = 0; round < ratio; round++)
        {
            for (var t = 0; t < treatedOrder.Length; t++)
            {
                if (!active[t])
                {
                    continue;
                }

                var v = logit[treatedOrder[t]];
                var pos = Position(value, controls, v, treatedOrder[t]);
                var left = available.NextLeft(pos - 1);
                var right = available.NextRight(pos);
                var dl = left >= 0 ? Distance(v - value[left], truncate) : double.PositiveInfinity;
                var dr = right < m ? Distance(value[right] - v, truncate) : double.PositiveInfinity;
                if (width is { } wd)
                {
                    dl = dl > wd ? double.PositiveInfinity : dl;
                    dr = dr > wd ? double.PositiveInfinity : dr;
                }

                if (double.IsPositiveInfinity(dl) && double.IsPositiveInfinity(dr))
                {
                    active[t] = false;
                    continue;
                }

                var best = dl <= dr ? left : right;
                available.Remove(best);
                (setControls[t] ??= []).Add(controls[best]);
            }
        }

        var sets = new List<MatchedSet>();
        var unmatched = 0;
        var beyond = 0;
        for (var t = 0; t < treatedOrder.Length; t++)
        {
            if (setControls[t] is not { } cs)
            {
                unmatched++;
                continue;
            }

            var id = sets.Count;
            var ti = treatedOrder[t];
            sets.Add(new MatchedSet(ti, cs));
            setOf[ti] = id;
            foreach (var ci in cs)
            {
                setOf[ci] = id;
            }

            if (width is { } w && cs.Any(ci => Math.Abs(logit[ti] - logit[ci]) > w))
            {
                beyond++;
            }
        }

        return new MatchingResult(sets, width, unmatched, setOf, beyond);
    }

    // MatchIt 4.5.1 passes the double difference to C's int abs(): truncation toward zero, then the magnitude.
    private static double Distance(double difference, bool truncate) =>
        truncate ? Math.Abs(Math.Truncate(difference)) : Math.Abs(difference);

    private static double SampleSd(double[] x)
    {
        if (x.Length < 2)
        {
            return 0;
        }

        var mean = x.Average();
        var ss = x.Sum(v => (v - mean) * (v - mean));
        return Math.Sqrt(ss / (x.Length - 1));
    }

    // Number of controls before subject i (logit v) in the (logit, input order) order of all subjects.
    private static int Position(double[] value, int[] controls, double v, int i)
    {
        int lo = 0, hi = value.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (value[mid] < v || (value[mid] == v && controls[mid] < i))
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    /// <summary>
    /// The still-available positions 0…m−1 of the sorted controls, as two union-find forests with path compression:
    /// NextRight(k) is the first available position ≥ k (m when none), NextLeft(k) the last available ≤ k (−1 when none).
    /// </summary>
    private sealed class AvailableControls
    {
        private readonly int[] _right; // _right[k] = k when available, else a larger position; _right[m] = m
        private readonly int[] _left;  // shifted by one: _left[k + 1] = k + 1 when k available; _left[0] = 0

        public AvailableControls(int m)
        {
            _right = new int[m + 1];
            _left = new int[m + 1];
            for (var k = 0; k <= m; k++)
            {
                _right[k] = k;
                _left[k] = k;
            }
        }

        public int NextRight(int k) => Find(_right, k);

        public int NextLeft(int k) => Find(_left, k + 1) - 1;

        public void Remove(int k)
        {
            _right[k] = k + 1;
            _left[k + 1] = k;
        }

        private static int Find(int[] parent, int k)
        {
            var root = k;
            while (parent[root] != root)
            {
                root = parent[root];
            }

            while (parent[k] != root)
            {
                (parent[k], k) = (root, parent[k]);
            }

            return root;
        }
    }
}
