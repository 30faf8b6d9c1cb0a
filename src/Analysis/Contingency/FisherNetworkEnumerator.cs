using HccOutcomes.Analysis.Continuous.Numerics;

namespace HccOutcomes.Analysis.Contingency;

/// <summary>
/// Exact two-sided Fisher p-value for an r×c table: the total probability of all tables with the observed
/// margins whose probability is not larger than the observed one. Network algorithm in the spirit of
/// Mehta &amp; Patel (1983): columns are filled one at a time; a node is the multiset of remaining row
/// totals; paths reaching the same node with the same past probability are merged; a node is settled
/// without enumeration when bounds on the probability of every completion show that all (or none) of its
/// completions count.
/// </summary>
internal static class FisherNetworkEnumerator
{
    /// <summary>A node's completion distribution is built only when at least this many paths reach it.</summary>
    private const int FuturePastThreshold = 8;

    public static double TwoSidedPValue(ContingencyTable table, double logTolerance, long workLimit)
    {
        // Drop empty rows and columns: they do not change any table probability.
        var rowIndex = Enumerable.Range(0, table.Rows).Where(i => table.RowTotals[i] > 0).ToArray();
        var columnIndex = Enumerable.Range(0, table.Columns).Where(j => table.ColumnTotals[j] > 0).ToArray();
        if (rowIndex.Length < 2 || columnIndex.Length < 2)
        {
            return 1.0; // Only one table has these margins.
        }

        // Keep the shorter dimension as rows: node keys are row-total vectors.
        bool transpose = rowIndex.Length > columnIndex.Length;
        int r = transpose ? columnIndex.Length : rowIndex.Length;
        int c = transpose ? rowIndex.Length : columnIndex.Length;
        var cells = new int[r, c];
        for (int i = 0; i < rowIndex.Length; i++)
        {
            for (int j = 0; j < columnIndex.Length; j++)
            {
                int value = table[rowIndex[i], columnIndex[j]];
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
        int total = 0;
        for (int i = 0; i < r; i++)
        {
            for (int j = 0; j < c; j++)
            {
                rowTotals[i] += cells[i, j];
                columnTotals[j] += cells[i, j];
                total += cells[i, j];
            }
        }

        double[] logFactorial = Probability.LogFactorialTable(total);

        // Table probability = exp(constant + score), score = −Σ log n_ij!.
        double constant = -logFactorial[total];
        foreach (int rt in rowTotals)
        {
            constant += logFactorial[rt];
        }

        foreach (int ct in columnTotals)
        {
            constant += logFactorial[ct];
        }

        double observedScore = 0;
        foreach (int n in cells)
        {
            observedScore -= logFactorial[n];
        }

        double threshold = observedScore + logTolerance;

        // Largest columns first.
        int[] columns = columnTotals.OrderByDescending(t => t).ToArray();
        var suffixLogFactorial = new double[c + 1];
        for (int j = c - 1; j >= 0; j--)
        {
            suffixLogFactorial[j] = suffixLogFactorial[j + 1] + logFactorial[columns[j]];
        }

        var search = new Search(logFactorial, columns, workLimit);
        var start = (int[])rowTotals.Clone();
        Array.Sort(start);
        var current = new Dictionary<int[], Dictionary<long, PathSet>>(KeyComparer.Instance)
        {
            [start] = new Dictionary<long, PathSet> { [0] = new PathSet(0.0, 1.0) },
        };

        double p = 0.0;
        for (int stage = 0; stage < c; stage++)
        {
            var next = new Dictionary<int[], Dictionary<long, PathSet>>(KeyComparer.Instance);
            foreach (var (node, pasts) in current)
            {
                double sumLogFactorialNode = 0;
                int remaining = 0;
                foreach (int v in node)
                {
                    sumLogFactorialNode += logFactorial[v];
                    remaining += v;
                }

                if (stage == c - 1)
                {
                    // The last column is forced.
                    double score = -sumLogFactorialNode;
                    foreach (PathSet path in pasts.Values)
                    {
                        if (path.Past + score <= threshold)
                        {
                            p += path.Weight * Math.Exp(constant + path.Past + score);
                        }
                    }

                    continue;
                }

                Future? future = pasts.Count >= FuturePastThreshold ? search.GetFuture(node, stage) : null;
                if (future is not null)
                {
                    // Meet in the middle: the completions' scores are known, sorted, with cumulative weights.
                    foreach (PathSet path in pasts.Values)
                    {
                        double below = future.WeightAtMost(threshold - path.Past);
                        if (below > 0)
                        {
                            p += path.Weight * Math.Exp(constant + path.Past + future.MaxScore) * below;
                        }
                    }

                    search.Spend(pasts.Count);
                    continue;
                }

                // log Σ over completions of exp(score) = log(N'! / (Π R'_i! Π C'_j!)).
                double logAllCompletions = logFactorial[remaining] - sumLogFactorialNode - suffixLogFactorial[stage];
                (double upper, double lower) = search.Bounds(node, stage);
                List<(int[] Key, double Delta)>? children = null;
                foreach (PathSet path in pasts.Values)
                {
                    if (path.Past + upper <= threshold)
                    {
                        p += path.Weight * Math.Exp(constant + path.Past + logAllCompletions);
                    }
                    else if (path.Past + lower > threshold)
                    {
                        // No completion is as extreme as the observed table.
                    }
                    else
                    {
                        children ??= search.Children(node, columns[stage]);
                        search.Spend(children.Count);
                        foreach (var (key, delta) in children)
                        {
                            if (!next.TryGetValue(key, out var bucket))
                            {
                                bucket = new Dictionary<long, PathSet>();
                                next[key] = bucket;
                            }

                            double past = path.Past + delta;
                            long bucketKey = (long)Math.Round(past * 1e9);
                            if (bucket.TryGetValue(bucketKey, out PathSet existing))
                            {
                                bucket[bucketKey] = existing with { Weight = existing.Weight + path.Weight };
                            }
                            else
                            {
                                bucket[bucketKey] = new PathSet(past, path.Weight);
                            }
                        }
                    }
                }
            }

            current = next;
        }

        return Math.Min(1.0, Math.Max(0.0, p));
    }

    private readonly record struct PathSet(double Past, double Weight);

    /// <summary>
    /// Completion scores of a node in ascending order with their weights, each weight being Σ exp(score − MaxScore)
    /// over the completions with that score.
    /// </summary>
    private sealed class Future
    {
        private readonly double[] prefix;

        public Future(double[] scores, double[] weights, double maxScore)
        {
            Scores = scores;
            Weights = weights;
            MaxScore = maxScore;
            prefix = new double[scores.Length];
            double sum = 0;
            for (int i = 0; i < scores.Length; i++)
            {
                sum += weights[i];
                prefix[i] = sum;
            }
        }

        public double[] Scores { get; }

        public double[] Weights { get; }

        public double MaxScore { get; }

        /// <summary>Σ exp(score − MaxScore) over completions with score ≤ <paramref name="limit"/>.</summary>
        public double WeightAtMost(double limit)
        {
            int index = Array.BinarySearch(Scores, limit);
            int count = index >= 0 ? index + 1 : ~index;
            return count == 0 ? 0.0 : prefix[count - 1];
        }
    }

    private sealed class Search(double[] logFactorial, int[] columns, long workLimit)
    {
        private readonly Dictionary<int[], (double, double)>?[] boundMemo = new Dictionary<int[], (double, double)>?[columns.Length];
        private readonly Dictionary<int[], Future?>?[] futureMemo = new Dictionary<int[], Future?>?[columns.Length];
        private long work;

        /// <summary>Largest completion-score distribution kept for one node.</summary>
        public const int FutureSizeLimit = 20_000;

        public void Spend(long amount)
        {
            work += amount;
            if (work > workLimit)
            {
                throw new ContingencyTableTooLargeException(workLimit);
            }
        }

        /// <summary>All ways to fill one column with total <paramref name="columnTotal"/> below the remaining row totals.</summary>
        public List<(int[] Key, double Delta)> Children(int[] node, int columnTotal)
        {
            var result = new List<(int[], double)>();
            int r = node.Length;
            var suffixCapacity = new int[r + 1];
            for (int i = r - 1; i >= 0; i--)
            {
                suffixCapacity[i] = suffixCapacity[i + 1] + node[i];
            }

            var x = new int[r];
            void Fill(int i, int left, double delta)
            {
                if (i == r - 1)
                {
                    x[i] = left;
                    var key = new int[r];
                    for (int k = 0; k < r; k++)
                    {
                        key[k] = node[k] - x[k];
                    }

                    Array.Sort(key);
                    result.Add((key, delta - logFactorial[left]));
                    Spend(1);
                    return;
                }

                int from = Math.Max(0, left - suffixCapacity[i + 1]);
                int to = Math.Min(node[i], left);
                for (int v = from; v <= to; v++)
                {
                    x[i] = v;
                    Fill(i + 1, left - v, delta - logFactorial[v]);
                }
            }

            Fill(0, columnTotal, 0.0);
            return result;
        }

        /// <summary>
        /// The distribution of completion scores of a node (every distinct score with its total weight), or null when it
        /// would have more than <see cref="FutureSizeLimit"/> entries. Memoized; built from the children's distributions.
        /// </summary>
        public Future? GetFuture(int[] node, int stage)
        {
            if (stage == columns.Length - 1)
            {
                double forced = 0;
                foreach (int v in node)
                {
                    forced -= logFactorial[v];
                }

                return new Future([forced], [1.0], forced);
            }

            Dictionary<int[], Future?> memo = futureMemo[stage] ??= new Dictionary<int[], Future?>(KeyComparer.Instance);
            if (memo.TryGetValue(node, out Future? known))
            {
                return known;
            }

            List<(int[] Key, double Delta)> children = Children(node, columns[stage]);
            var parts = new List<(Future Future, double Delta)>(children.Count);
            long size = 0;
            double maxScore = double.NegativeInfinity;
            foreach (var (child, delta) in children)
            {
                Future? f = GetFuture(child, stage + 1);
                size += f?.Scores.Length ?? long.MaxValue / 4;
                if (f is null || size > FutureSizeLimit)
                {
                    memo[node] = null;
                    return null;
                }

                parts.Add((f, delta));
                maxScore = Math.Max(maxScore, delta + f.MaxScore);
            }

            var scores = new double[size];
            var weights = new double[size];
            int k = 0;
            foreach (var (f, delta) in parts)
            {
                double scale = Math.Exp(delta + f.MaxScore - maxScore);
                for (int i = 0; i < f.Scores.Length; i++, k++)
                {
                    scores[k] = f.Scores[i] + delta;
                    weights[k] = f.Weights[i] * scale;
                }
            }

            Spend(size);
            Array.Sort(scores, weights);

            // Merge equal scores (to 1e-9 on the log scale).
            int m = 0;
            for (int i = 0; i < scores.Length; i++)
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
            memo[node] = result;
            return result;
        }

        /// <summary>
        /// The largest and the smallest score (−Σ log n_ij!) over all completions of the node from column
        /// <paramref name="stage"/> on: the longest and shortest paths of the network, by memoized recursion.
        /// </summary>
        public (double Max, double Min) Bounds(int[] node, int stage)
        {
            if (stage == columns.Length - 1)
            {
                double forced = 0;
                foreach (int v in node)
                {
                    forced -= logFactorial[v];
                }

                return (forced, forced);
            }

            Dictionary<int[], (double, double)> memo = boundMemo[stage] ??= new Dictionary<int[], (double, double)>(KeyComparer.Instance);
            if (memo.TryGetValue(node, out var known))
            {
                return known;
            }

            double max = double.NegativeInfinity, min = double.PositiveInfinity;
            foreach (var (child, delta) in Children(node, columns[stage]))
            {
                var (childMax, childMin) = Bounds(child, stage + 1);
                max = Math.Max(max, delta + childMax);
                min = Math.Min(min, delta + childMin);
            }

            memo[node] = (max, min);
            return (max, min);
        }
    }

    private sealed class KeyComparer : IEqualityComparer<int[]>
    {
        public static readonly KeyComparer Instance = new();

        public bool Equals(int[]? x, int[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(int[] obj)
        {
            var hash = new HashCode();
            foreach (int v in obj)
            {
                hash.Add(v);
            }

            return hash.ToHashCode();
        }
    }
}
