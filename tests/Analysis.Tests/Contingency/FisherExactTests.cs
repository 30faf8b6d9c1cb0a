using System.Diagnostics;
using HccOutcomes.Analysis.Contingency;
using HccOutcomes.Analysis.Tests.Reference;
using MathNet.Numerics;

namespace HccOutcomes.Analysis.Tests.Contingency;

public class FisherExactTests
{
    [Fact]
    public void Tea_tasting_is_the_textbook_value()
    {
        // R: fisher.test(matrix(c(3, 1, 1, 3), 2))$p.value = 34/70 = 0.4857143 (Fisher 1935, Agresti 2002 §3.5.2)
        Close.Equal(34.0 / 70.0, FisherExactTest.Compute(ContingencyTable.TwoByTwo(3, 1, 1, 3)).PValue, 1e-12);
    }

    [Theory]
    [InlineData(1, 0, 0, 1, 1.0)]
    [InlineData(2, 0, 0, 2, 1.0 / 3.0)]
    [InlineData(0, 0, 0, 0, 1.0)]
    [InlineData(0, 0, 3, 4, 1.0)]
    [InlineData(10, 0, 0, 0, 1.0)]
    [InlineData(0, 5, 0, 7, 1.0)]
    public void Tiny_and_degenerate_two_by_two(int a, int b, int c, int d, double expected)
    {
        Close.Equal(expected, FisherExactTest.Compute(ContingencyTable.TwoByTwo(a, b, c, d)).PValue, 1e-12);
    }

    [Fact]
    public void All_in_one_cell_odds_ratio_is_like_R()
    {
        // R: fisher.test(matrix(c(10, 0, 0, 0), 2)) gives p = 1, estimate 0, conf.int [0, Inf] (x is both lo and hi; lo is tested first).
        var or = ConditionalOddsRatio.Compute(ContingencyTable.TwoByTwo(10, 0, 0, 0));
        Assert.Equal(0.0, or.Estimate);
        Assert.Equal(0.0, or.Lower);
        Assert.Equal(double.PositiveInfinity, or.Upper);
    }

    [Fact]
    public void Odds_ratio_is_infinite_when_the_cell_is_at_its_maximum()
    {
        var or = ConditionalOddsRatio.Compute(ContingencyTable.TwoByTwo(10, 0, 2, 8));
        Assert.Equal(double.PositiveInfinity, or.Estimate);
        Assert.Equal(double.PositiveInfinity, or.Upper);
        Assert.True(or.Lower > 1);
    }

    [Fact]
    public void Conditional_odds_ratio_is_one_for_a_balanced_table()
    {
        var or = ConditionalOddsRatio.Compute(ContingencyTable.TwoByTwo(5, 5, 5, 5));
        Close.Equal(1.0, or.Estimate, 1e-12);
        Assert.True(or.Lower < 1 && or.Upper > 1);
        Close.Equal(1.0, or.Lower * or.Upper, 1e-3); // symmetric on the log scale
    }

    [Fact]
    public void R_by_C_matches_brute_force_enumeration_on_random_tables()
    {
        var random = new Random(20240611);
        for (var trial = 0; trial < 150; trial++)
        {
            int rows = random.Next(2, 5), columns = random.Next(2, 5);
            if (rows * columns > 12)
            {
                columns = 3;
            }

            var counts = new int[rows, columns];
            for (var i = 0; i < rows; i++)
            {
                for (var j = 0; j < columns; j++)
                {
                    counts[i, j] = random.Next(0, 7);
                }
            }

            var table = ContingencyTable.Create(counts);
            var expected = BruteForcePValue(counts);
            var actual = FisherExactTest.Compute(table).PValue;
            Close.Equal(expected, actual, 1e-9, what: $"trial {trial}: {Describe(counts)}");
        }
    }

    [Fact]
    public void R_by_C_equals_two_by_two_when_extra_columns_are_empty()
    {
        var twoByTwo = ContingencyTable.TwoByTwo(7, 2, 3, 9);
        var padded = ContingencyTable.Create(new[,] { { 7, 0, 2 }, { 3, 0, 9 } });
        Close.Equal(FisherExactTest.Compute(twoByTwo).PValue, FisherExactTest.Compute(padded).PValue, 1e-9);
    }

    [Fact]
    public void R_by_C_is_invariant_to_transposition_and_permutation()
    {
        var t = ContingencyTable.Create(new[,] { { 3, 5, 9, 1 }, { 7, 2, 1, 4 }, { 4, 4, 0, 6 } });
        var transposed = ContingencyTable.Create(new[,] { { 3, 7, 4 }, { 5, 2, 4 }, { 9, 1, 0 }, { 1, 4, 6 } });
        var permuted = ContingencyTable.Create(new[,] { { 4, 0, 4, 6 }, { 3, 9, 5, 1 }, { 7, 1, 2, 4 } });
        var p = FisherExactTest.Compute(t).PValue;
        Close.Equal(p, FisherExactTest.Compute(transposed).PValue, 1e-9);
        Close.Equal(p, FisherExactTest.Compute(permuted).PValue, 1e-9);
    }

    [Fact]
    public void R_by_C_with_only_one_non_empty_row_is_one()
    {
        var t = ContingencyTable.Create(new[,] { { 0, 0, 0 }, { 4, 5, 6 }, { 0, 0, 0 } });
        Assert.Equal(1.0, FisherExactTest.Compute(t).PValue);
    }

    [Fact]
    public void R_by_C_moderately_large_tables_finish_quickly()
    {
        var tables = new[]
        {
            new[,] { { 20, 15, 30, 12, 8, 25, 40, 10 }, { 35, 10, 22, 18, 14, 30, 25, 6 } },
            new[,] { { 12, 8, 15, 9 }, { 6, 14, 10, 11 }, { 9, 10, 7, 13 } },
            new[,] { { 5, 3, 8, 2 }, { 4, 9, 1, 6 }, { 7, 2, 5, 4 }, { 3, 6, 4, 8 } },
            new[,] { { 2, 3, 1, 4, 2 }, { 3, 1, 2, 2, 4 }, { 1, 4, 3, 1, 2 }, { 4, 2, 2, 3, 1 }, { 2, 2, 4, 1, 3 } },
        };
        foreach (var counts in tables)
        {
            var watch = Stopwatch.StartNew();
            var p = FisherExactTest.Compute(ContingencyTable.Create(counts)).PValue;
            watch.Stop();
            Assert.InRange(p, 0.0, 1.0);
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"{Describe(counts)} took {watch.Elapsed}");
        }
    }

    [Fact]
    public void R_by_C_beyond_the_work_limit_throws_a_specific_exception()
    {
        var t = ContingencyTable.Create(new[,] { { 12, 8, 15, 9 }, { 6, 14, 10, 11 }, { 9, 10, 7, 13 } });
        var e = Assert.Throws<ContingencyTableTooLargeException>(() => FisherExactTest.Compute(t, new FisherExactOptions { WorkLimit = 1_000 }));
        Assert.Equal(1_000, e.WorkLimit);
    }

    [Fact]
    public void R_by_C_with_a_huge_total_throws_before_allocating()
    {
        var t = ContingencyTable.Create(new[,] { { 6_000_000, 1, 0 }, { 5_000_000, 0, 1 } });
        Assert.Throws<ContingencyTableTooLargeException>(() => FisherExactTest.Compute(t));
    }

    [Fact]
    public void Two_by_two_never_hits_the_work_limit()
    {
        var t = ContingencyTable.TwoByTwo(15000, 85000, 12000, 88000);
        var p = FisherExactTest.Compute(t, new FisherExactOptions { WorkLimit = 1 }).PValue;
        Assert.InRange(p, 0.0, 1e-50);
    }

    /// <summary>All tables with the observed margins, enumerated cell by cell; p = Σ P(T) over P(T) ≤ P(observed)(1 + 1e-7).</summary>
    private static double BruteForcePValue(int[,] counts)
    {
        int rows = counts.GetLength(0), columns = counts.GetLength(1);
        var rowTotals = new int[rows];
        var columnTotals = new int[columns];
        var n = 0;
        for (var i = 0; i < rows; i++)
        {
            for (var j = 0; j < columns; j++)
            {
                rowTotals[i] += counts[i, j];
                columnTotals[j] += counts[i, j];
                n += counts[i, j];
            }
        }

        var constant = rowTotals.Sum(r => SpecialFunctions.FactorialLn(r)) + columnTotals.Sum(c => SpecialFunctions.FactorialLn(c)) - SpecialFunctions.FactorialLn(n);
        double LogProbability(int[,] t)
        {
            var s = constant;
            foreach (var v in t)
            {
                s -= SpecialFunctions.FactorialLn(v);
            }

            return s;
        }

        var observed = Math.Exp(LogProbability(counts));
        double p = 0;
        var table = new int[rows, columns];
        var rowLeft = (int[])rowTotals.Clone();
        var columnLeft = (int[])columnTotals.Clone();

        void Fill(int cell)
        {
            if (cell == rows * columns)
            {
                var prob = Math.Exp(LogProbability(table));
                if (prob <= observed * (1 + 1e-7))
                {
                    p += prob;
                }

                return;
            }

            int i = cell / columns, j = cell % columns;
            int lo = 0, hi = Math.Min(rowLeft[i], columnLeft[j]);
            if (j == columns - 1 || i == rows - 1)
            {
                // The last cell of a row or of a column is forced.
                var forced = j == columns - 1 ? rowLeft[i] : columnLeft[j];
                if (forced > hi || (i == rows - 1 && j == columns - 1 && rowLeft[i] != columnLeft[j]))
                {
                    return;
                }

                if (i == rows - 1 && forced != columnLeft[j])
                {
                    return;
                }

                lo = hi = forced;
            }

            for (var v = lo; v <= hi; v++)
            {
                table[i, j] = v;
                rowLeft[i] -= v;
                columnLeft[j] -= v;
                Fill(cell + 1);
                rowLeft[i] += v;
                columnLeft[j] += v;
            }
        }

        Fill(0);
        return Math.Min(1.0, p);
    }

    private static string Describe(int[,] counts)
    {
        var rows = new List<string>();
        for (var i = 0; i < counts.GetLength(0); i++)
        {
            rows.Add(string.Join(" ", Enumerable.Range(0, counts.GetLength(1)).Select(j => counts[i, j])));
        }

        return "[" + string.Join(" | ", rows) + "]";
    }
}
