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
public sealed record MatchingResult(IReadOnlyList<MatchedSet> Sets, double? Caliper, int UnmatchedTreated, int[] MatchedSet);

/// <summary>
/// Greedy nearest-neighbour matching without replacement on the logit of the propensity score, with a caliper, as
/// R MatchIt's <c>matchit(method = "nearest", distance = "glm", link = "linear.logit", caliper = c, std.caliper = TRUE,
/// m.order = "largest", replace = FALSE, ratio = k)</c>.
/// </summary>
/// <remarks>
/// <para>
/// Distance |ℓ_t − ℓ_c| with ℓ the linear predictor (logit) of the propensity model. Caliper = c × SD(ℓ) over all
/// subjects (sample SD); a control is eligible when its distance is ≤ the caliper. Treated subjects are taken in
/// descending score order; each takes the nearest still-available eligible control or stays unmatched. With ratio
/// k &gt; 1 matching goes in rounds, as MatchIt: round r gives every treated subject that got a control in round r − 1
/// its r-th control, in the same order.
/// </para>
/// <para>
/// Ties (MatchIt's result then depends on the data order): treated subjects with equal scores are taken in input order,
/// and among equally distant controls the one earliest in the input is taken.
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
    /// <returns>The matched sets.</returns>
    /// <exception cref="ArgumentException">Lengths differ, a non-finite logit, or a ratio outside 1–5, or a negative caliper.</exception>
    public static MatchingResult Match(double[] logit, bool[] treated, int ratio = 1, double? caliper = 0.2)
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

        var controls = Enumerable.Range(0, n).Where(i => !treated[i]).ToArray();
        var treatedOrder = Enumerable.Range(0, n).Where(i => treated[i]).ToArray();
        Array.Sort(controls, (a, b) => logit[a] != logit[b] ? logit[a].CompareTo(logit[b]) : a.CompareTo(b));
        Array.Sort(treatedOrder, (a, b) => logit[a] != logit[b] ? logit[b].CompareTo(logit[a]) : a.CompareTo(b));

        var m = controls.Length;
        var value = new double[m];
        var runStart = new int[m];
        for (var k = 0; k < m; k++)
        {
            value[k] = logit[controls[k]];
            runStart[k] = k > 0 && value[k] == value[k - 1] ? runStart[k - 1] : k;
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
                var pos = LowerBound(value, v);
                var right = available.NextRight(pos);
                var left = available.NextLeft(pos - 1);
                if (left >= 0)
                {
                    left = available.NextRight(runStart[left]);
                }

                var best = -1;
                var bestDistance = double.PositiveInfinity;
                if (left >= 0)
                {
                    best = left;
                    bestDistance = v - value[left];
                }

                if (right < m)
                {
                    var dr = value[right] - v;
                    if (dr < bestDistance || (dr == bestDistance && controls[right] < controls[best]))
                    {
                        best = right;
                        bestDistance = dr;
                    }
                }

                if (best < 0 || (width is { } wd && bestDistance > wd))
                {
                    active[t] = false;
                    continue;
                }

                available.Remove(best);
                (setControls[t] ??= []).Add(controls[best]);
            }
        }

        var sets = new List<MatchedSet>();
        var unmatched = 0;
        for (var t = 0; t < treatedOrder.Length; t++)
        {
            if (setControls[t] is not { } cs)
            {
                unmatched++;
                continue;
            }

            var id = sets.Count;
            sets.Add(new MatchedSet(treatedOrder[t], cs));
            setOf[treatedOrder[t]] = id;
            foreach (var ci in cs)
            {
                setOf[ci] = id;
            }
        }

        return new MatchingResult(sets, width, unmatched, setOf);
    }

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

    // First position whose value is ≥ v.
    private static int LowerBound(double[] sorted, double v)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] < v)
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
