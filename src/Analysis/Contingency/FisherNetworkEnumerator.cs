using System.Diagnostics;
using System.Runtime.InteropServices;
using HccOutcomes.Analysis.Continuous.Numerics;

namespace HccOutcomes.Analysis.Contingency;

/// <summary>
/// Exact two-sided Fisher p-value for an r×c table: the total probability of all tables with the observed margins whose
/// probability is not larger than the observed one (within a tolerance). A network algorithm in the spirit of Mehta &amp;
/// Patel (1983): the columns are filled one at a time; a node is the multiset of the remaining row totals; paths that reach
/// the same node with the same past probability are merged; a node is settled without enumeration when the longest and
/// shortest completion (exact, by memoized recursion) show that all or none of its completions count; and a node reached by
/// many paths is settled by binary search in the sorted distribution of its completion probabilities (meet in the middle).
/// </summary>
internal static class FisherNetworkEnumerator
{
    /// <summary>A node's completion distribution is built only when at least this many distinct paths reach it.</summary>
    private const int FuturePastThreshold = 8;

    /// <summary>Largest completion distribution kept for one node.</summary>
    private const int FutureSizeLimit = 20_000;

    /// <summary>Largest grand total attempted (the log-factorial table has N + 1 entries).</summary>
    private const int MaxTotal = 10_000_000;

    public static double TwoSidedPValue(ContingencyTable table, double logTolerance, FisherExactOptions options)
    {
        if (table.Total > MaxTotal)
        {
            throw new ContingencyTableTooLargeException(
                $"The table is too large for Fisher's exact test: N = {table.Total:N0} exceeds {MaxTotal:N0} for an r×c table.");
        }

        // Drop empty rows and columns: they do not change any table probability.
        var rowIndex = Enumerable.Range(0, table.Rows).Where(i => table.RowTotals[i] > 0).ToArray();
        var columnIndex = Enumerable.Range(0, table.Columns).Where(j => table.ColumnTotals[j] > 0).ToArray();
        if (rowIndex.Length < 2 || columnIndex.Length < 2)
        {
            return 1.0; // Only one table has these margins.
        }

        // Keep the shorter dimension as rows: node keys are row-total vectors.
        var transpose = rowIndex.Length > columnIndex.Length;
        var r = transpose ? columnIndex.Length : rowIndex.Length;
        var c = transpose ? rowIndex.Length : columnIndex.Length;
        var cells = new int[r, c];
        for (var i = 0; i < rowIndex.Length; i++)
        {
            for (var j = 0; j < columnIndex.Length; j++)
            {
                var value = table[rowIndex[i], columnIndex[j]];
                if (transpose)
                {
                    cells[j, i] = value;
                }
                else
                {
                    cells[i, j] = value;
                }
            }
        }

        var rowTotals = new int[r];
        var columnTotals = new int[c];
        var total = 0;
        for (var i = 0; i < r; i++)
        {
            for (var j = 0; j < c; j++)
            {
                rowTotals[i] += cells[i, j];
                columnTotals[j] += cells[i, j];
                total += cells[i, j];
            }
        }

        var logFactorial = Probability.LogFactorialTable(total);

        // Table probability = exp(constant + score), score = −Σ log n_ij!.
        var constant = -logFactorial[total];
        foreach (var rt in rowTotals)
        {
            constant += logFactorial[rt];
        }

        foreach (var ct in columnTotals)
        {
            constant += logFactorial[ct];
        }

        double observedScore = 0;
        foreach (var n in cells)
        {
            observedScore -= logFactorial[n];
        }

        var threshold = observedScore + logTolerance;

        // Largest columns first.
        var columns = columnTotals.OrderByDescending(t => t).ToArray();
        var suffixLogFactorial = new double[c + 1];
        for (var j = c - 1; j >= 0; j--)
        {
            suffixLogFactorial[j] = suffixLogFactorial[j + 1] + logFactorial[columns[j]];
        }

        var network = new Network(logFactorial, columns, r, rowTotals.Max(), options);
        Array.Sort(rowTotals);
        var current = new Dictionary<long, Dictionary<long, PathSet>>
        {
            [network.Encode(rowTotals)] = new Dictionary<long, PathSet> { [0] = new PathSet(0.0, 1.0) },
        };

        var p = 0.0;
        Span<int> node = stackalloc int[r];
        for (var stage = 0; stage < c; stage++)
        {
            var next = new Dictionary<long, Dictionary<long, PathSet>>();
            foreach (var (key, pasts) in current)
            {
                network.Decode(key, node);
                double sumLogFactorialNode = 0;
                var remaining = 0;
                foreach (var v in node)
                {
                    sumLogFactorialNode += logFactorial[v];
                    remaining += v;
                }

                if (stage == c - 1)
                {
                    // The last column is forced.
                    var score = -sumLogFactorialNode;
                    foreach (var path in pasts.Values)
                    {
                        if (path.Past + score <= threshold)
                        {
                            p += path.Weight * Math.Exp(constant + path.Past + score);
                        }
                    }

                    continue;
                }

                var future = pasts.Count >= FuturePastThreshold ? network.GetFuture(key, stage) : null;
                if (future is not null)
                {
                    // Meet in the middle: the completions' scores are known, sorted, with cumulative weights.
                    foreach (var path in pasts.Values)
                    {
                        var below = future.WeightAtMost(threshold - path.Past);
                        if (below > 0)
                        {
                            p += path.Weight * Math.Exp(constant + path.Past + future.MaxScore) * below;
                        }
                    }

                    network.Spend(pasts.Count);
                    continue;
                }

                // log Σ over completions of exp(score) = log(N'! / (Π R'_i! Π C'_j!)).
                var logAllCompletions = logFactorial[remaining] - sumLogFactorialNode - suffixLogFactorial[stage];
                (var longest, var shortest) = network.Bounds(key, stage);
                List<Child>? children = null;
                Dictionary<long, PathSet>[]? childBuckets = null;
                foreach (var path in pasts.Values)
                {
                    if (path.Past + longest <= threshold)
                    {
                        p += path.Weight * Math.Exp(constant + path.Past + logAllCompletions);
                    }
                    else if (path.Past + shortest > threshold)
                    {
                        // No completion is as extreme as the observed table.
                    }
                    else
                    {
                        if (children is null)
                        {
                            children = network.Children(key, stage);
                            childBuckets = new Dictionary<long, PathSet>[children.Count];
                            for (var k = 0; k < children.Count; k++)
                            {
                                ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(next, children[k].Key, out _);
                                childBuckets[k] = slot ??= new Dictionary<long, PathSet>();
                            }
                        }

                        network.Spend(children.Count);
                        for (var k = 0; k < children.Count; k++)
                        {
                            var past = path.Past + children[k].Delta;
                            var bucketKey = (long)Math.Round(past * 1e9);
                            ref var entry = ref CollectionsMarshal.GetValueRefOrAddDefault(childBuckets![k], bucketKey, out var exists);
                            entry = exists ? entry with { Weight = entry.Weight + path.Weight } : new PathSet(past, path.Weight);
                        }
                    }
                }
            }

            current = next;
        }

        return Math.Min(1.0, Math.Max(0.0, p));
    }

    private readonly record struct PathSet(double Past, double Weight);

    private readonly record struct Child(long Key, double Delta);

    /// <summary>
    /// Completion scores of a node in ascending order with their weights, each weight being Σ exp(score − MaxScore)
    /// over the completions with that score.
    /// </summary>
    private sealed class Future
    {
        private readonly double[] _prefix;

        public Future(double[] scores, double[] weights, double maxScore)
        {
            Scores = scores;
            Weights = weights;
            MaxScore = maxScore;
            _prefix = new double[scores.Length];
            double sum = 0;
            for (var i = 0; i < scores.Length; i++)
            {
                sum += weights[i];
                _prefix[i] = sum;
            }
        }

        public double[] Scores { get; }

        public double[] Weights { get; }

        public double MaxScore { get; }

        /// <summary>Σ exp(score − MaxScore) over completions with score ≤ <paramref name="limit"/>.</summary>
        public double WeightAtMost(double limit)
        {
            var index = Array.BinarySearch(Scores, limit);
            var count = index >= 0 ? index + 1 : ~index;
            return count == 0 ? 0.0 : _prefix[count - 1];
        }
    }

    /// <summary>The network: node encoding, children, exact path bounds and completion distributions, with a work budget.</summary>
    private sealed class Network
    {
        private readonly double[] _logFactorial;
        private readonly int[] _columns;
        private readonly int _rows;
        private readonly long _radix;
        private readonly long _workLimit;
        private readonly TimeSpan _maxDuration;
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private long _nextClockCheck = ClockCheckInterval;
        private readonly Dictionary<long, (double, double)>?[] _boundMemo;
        private readonly Dictionary<long, Future?>?[] _futureMemo;
        private long _work;

        private const long ClockCheckInterval = 1 << 16;

        public Network(double[] logFactorial, int[] columns, int rows, int maxRowTotal, FisherExactOptions options)
        {
            _logFactorial = logFactorial;
            _columns = columns;
            _rows = rows;
            _workLimit = options.WorkLimit;
            _maxDuration = options.MaxDuration;
            _radix = maxRowTotal + 1L;
            _boundMemo = new Dictionary<long, (double, double)>?[columns.Length];
            _futureMemo = new Dictionary<long, Future?>?[columns.Length];

            // Node keys are the sorted remaining row totals in base (max row total + 1); they must fit in a long.
            if (rows * Math.Log2(_radix) > 62)
            {
                throw new ContingencyTableTooLargeException(
                    "The table is too large for Fisher's exact test: its margins are too large to enumerate exactly.");
            }
        }

        public void Spend(long amount)
        {
            _work += amount;
            if (_work > _workLimit)
            {
                throw new ContingencyTableTooLargeException(_workLimit);
            }

            if (_work >= _nextClockCheck)
            {
                _nextClockCheck = _work + ClockCheckInterval;
                if (_clock.Elapsed > _maxDuration)
                {
                    throw new ContingencyTableTooLargeException(
                        $"The table is too large for Fisher's exact test: the exact enumeration exceeded its time limit of {_maxDuration.TotalSeconds:G3} s.");
                }
            }
        }

        public long Encode(ReadOnlySpan<int> sortedAscending)
        {
            long key = 0;
            for (var i = sortedAscending.Length - 1; i >= 0; i--)
            {
                key = key * _radix + sortedAscending[i];
            }

            return key;
        }

        public void Decode(long key, Span<int> values)
        {
            for (var i = 0; i < _rows; i++)
            {
                values[i] = (int)(key % _radix);
                key /= _radix;
            }
        }

        /// <summary>Every way to fill column <paramref name="stage"/> below the node's remaining row totals.</summary>
        public List<Child> Children(long key, int stage)
        {
            var r = _rows;
            Span<int> node = stackalloc int[r];
            Decode(key, node);
            Span<int> suffixCapacity = stackalloc int[r + 1];
            suffixCapacity[r] = 0;
            for (var i = r - 1; i >= 0; i--)
            {
                suffixCapacity[i] = suffixCapacity[i + 1] + node[i];
            }

            var result = new List<Child>();
            Span<int> x = stackalloc int[r];
            Span<int> rest = stackalloc int[r];
            var columnTotal = _columns[stage];

            // Iterative enumeration of x_0..x_{r-1} with Σ x = columnTotal and 0 ≤ x_i ≤ node_i.
            var level = 0;
            Span<int> left = stackalloc int[r + 1];
            left[0] = columnTotal;
            x[0] = Math.Max(0, columnTotal - suffixCapacity[1]) - 1;
            while (level >= 0)
            {
                var upper = Math.Min(node[level], left[level]);
                if (level == r - 1)
                {
                    // The last row takes what is left (feasible by construction).
                    x[level] = left[level];
                    double delta = 0;
                    for (var i = 0; i < r; i++)
                    {
                        delta -= _logFactorial[x[i]];
                        rest[i] = node[i] - x[i];
                    }

                    rest.Sort();
                    result.Add(new Child(Encode(rest), delta));
                    level--;
                    continue;
                }

                x[level]++;
                if (x[level] > upper)
                {
                    level--;
                    continue;
                }

                left[level + 1] = left[level] - x[level];
                level++;
                if (level < r - 1)
                {
                    x[level] = Math.Max(0, left[level] - suffixCapacity[level + 1]) - 1;
                }
            }

            Spend(result.Count);
            return result;
        }

        /// <summary>The largest and smallest score (−Σ log n_ij!) over all completions: longest and shortest paths.</summary>
        public (double Max, double Min) Bounds(long key, int stage)
        {
            if (stage == _columns.Length - 1)
            {
                var forced = ForcedScore(key);
                return (forced, forced);
            }

            var memo = _boundMemo[stage] ??= [];
            if (memo.TryGetValue(key, out var known))
            {
                return known;
            }

            double max = double.NegativeInfinity, min = double.PositiveInfinity;
            foreach (var child in Children(key, stage))
            {
                var (childMax, childMin) = Bounds(child.Key, stage + 1);
                max = Math.Max(max, child.Delta + childMax);
                min = Math.Min(min, child.Delta + childMin);
            }

            memo[key] = (max, min);
            return (max, min);
        }

        /// <summary>
        /// The distribution of completion scores of a node, or null when it would have more than
        /// <see cref="FutureSizeLimit"/> entries. Memoized; built from the children's distributions.
        /// </summary>
        public Future? GetFuture(long key, int stage)
        {
            if (stage == _columns.Length - 1)
            {
                var forced = ForcedScore(key);
                return new Future([forced], [1.0], forced);
            }

            var memo = _futureMemo[stage] ??= [];
            if (memo.TryGetValue(key, out var known))
            {
                return known;
            }

            var children = Children(key, stage);
            var parts = new List<(Future Future, double Delta)>(children.Count);
            long size = 0;
            var maxScore = double.NegativeInfinity;
            foreach (var child in children)
            {
                var f = GetFuture(child.Key, stage + 1);
                if (f is null || (size += f.Scores.Length) > FutureSizeLimit)
                {
                    memo[key] = null;
                    return null;
                }

                parts.Add((f, child.Delta));
                maxScore = Math.Max(maxScore, child.Delta + f.MaxScore);
            }

            var scores = new double[size];
            var weights = new double[size];
            var k = 0;
            foreach (var (f, delta) in parts)
            {
                var scale = Math.Exp(delta + f.MaxScore - maxScore);
                for (var i = 0; i < f.Scores.Length; i++, k++)
                {
                    scores[k] = f.Scores[i] + delta;
                    weights[k] = f.Weights[i] * scale;
                }
            }

            Spend(4 * size);
            Array.Sort(scores, weights);

            // Merge equal scores (to 1e-9 on the log scale).
            var m = 0;
            for (var i = 0; i < scores.Length; i++)
            {
                if (m > 0 && scores[i] - scores[m - 1] <= 1e-9)
                {
                    weights[m - 1] += weights[i];
                }
                else
                {
                    scores[m] = scores[i];
                    weights[m] = weights[i];
                    m++;
                }
            }

            var result = new Future(scores[..m], weights[..m], maxScore);
            memo[key] = result;
            return result;
        }

        private double ForcedScore(long key)
        {
            double score = 0;
            for (var i = 0; i < _rows; i++)
            {
                score -= _logFactorial[(int)(key % _radix)];
                key /= _radix;
            }

            return score;
        }
    }
}
