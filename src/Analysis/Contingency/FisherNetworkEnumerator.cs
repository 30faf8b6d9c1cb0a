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

    private sealed class Search(double[] logFactorial, int[] columns, long workLimit)
    {
        private long work;

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
        /// Bounds on the score of any completion of the node: an upper bound on the maximum and a lower
        /// bound on the minimum, each the tighter of two relaxations (drop the row constraints or drop the
        /// column constraints; each relaxed problem is separable and solved exactly by a greedy rule).
        /// </summary>
        public (double Upper, double Lower) Bounds(int[] node, int stage)
        {
            int remainingColumns = columns.Length - stage;
            var columnCaps = new int[remainingColumns];
            Array.Copy(columns, stage, columnCaps, 0, remainingColumns);
            Array.Sort(columnCaps);
            var rowCaps = (int[])node.Clone(); // node is sorted ascending

            double upperByColumns = 0, lowerByColumns = 0;
            for (int j = stage; j < columns.Length; j++)
            {
                upperByColumns += MostEven(columns[j], rowCaps);
                lowerByColumns += MostConcentrated(columns[j], rowCaps);
            }

            double upperByRows = 0, lowerByRows = 0;
            foreach (int rowTotal in node)
            {
                upperByRows += MostEven(rowTotal, columnCaps);
                lowerByRows += MostConcentrated(rowTotal, columnCaps);
            }

            Spend(node.Length * remainingColumns);
            return (Math.Min(upperByColumns, upperByRows), Math.Max(lowerByColumns, lowerByRows));
        }

        /// <summary>max of −Σ log x_i! subject to Σ x_i = total, 0 ≤ x_i ≤ caps_i (caps sorted ascending).</summary>
        private double MostEven(int total, int[] ascendingCaps)
        {
            double score = 0;
            int left = total;
            int m = ascendingCaps.Length;
            for (int idx = 0; idx < m; idx++)
            {
                int cap = ascendingCaps[idx];
                int others = m - idx;
                if ((long)cap * others <= left)
                {
                    score -= logFactorial[cap];
                    left -= cap;
                    continue;
                }

                int q = left / others, extra = left % others;
                score -= extra * logFactorial[q + 1] + (others - extra) * logFactorial[q];
                return score;
            }

            return score;
        }

        /// <summary>min of −Σ log x_i! subject to Σ x_i = total, 0 ≤ x_i ≤ caps_i (caps sorted ascending).</summary>
        private double MostConcentrated(int total, int[] ascendingCaps)
        {
            double score = 0;
            int left = total;
            for (int idx = ascendingCaps.Length - 1; idx >= 0 && left > 0; idx--)
            {
                int take = Math.Min(ascendingCaps[idx], left);
                score -= logFactorial[take];
                left -= take;
            }

            return score;
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
