namespace HccOutcomes.Analysis.Contingency;

/// <summary>
/// An immutable r×c table of non-negative integer counts (r, c ≥ 2) with its margins.
/// Rows are usually groups (for example treatment arms) and columns outcomes, but every test in this
/// namespace is invariant to transposition except where a method says otherwise (odds-ratio direction).
/// </summary>
/// <remarks>
/// Rows or columns whose total is zero are allowed. R's <c>chisq.test</c> then returns NaN (an expected
/// count of 0 gives 0/0) and so does <see cref="PearsonChiSquareTest"/>; Fisher's test ignores them.
/// </remarks>
public sealed class ContingencyTable
{
    private readonly int[,] _counts;
    private readonly int[] _rowTotals;
    private readonly int[] _columnTotals;

    private ContingencyTable(int[,] counts)
    {
        _counts = counts;
        Rows = counts.GetLength(0);
        Columns = counts.GetLength(1);
        _rowTotals = new int[Rows];
        _columnTotals = new int[Columns];
        long total = 0;
        for (var i = 0; i < Rows; i++)
        {
            for (var j = 0; j < Columns; j++)
            {
                _rowTotals[i] += counts[i, j];
                _columnTotals[j] += counts[i, j];
                total += counts[i, j];
            }
        }

        Total = (int)total;
    }

    /// <summary>Number of rows (≥ 2).</summary>
    public int Rows { get; }

    /// <summary>Number of columns (≥ 2).</summary>
    public int Columns { get; }

    /// <summary>Grand total N.</summary>
    public int Total { get; }

    /// <summary>True for a 2×2 table.</summary>
    public bool IsTwoByTwo => Rows == 2 && Columns == 2;

    /// <summary>Row totals.</summary>
    public IReadOnlyList<int> RowTotals => _rowTotals;

    /// <summary>Column totals.</summary>
    public IReadOnlyList<int> ColumnTotals => _columnTotals;

    /// <summary>The count in row <paramref name="row"/>, column <paramref name="column"/> (0-based).</summary>
    /// <param name="row">0-based row index.</param>
    /// <param name="column">0-based column index.</param>
    public int this[int row, int column] => _counts[row, column];

    /// <summary>Creates a table from a rectangular array of counts (copied).</summary>
    /// <param name="counts">The counts, indexed [row, column].</param>
    /// <exception cref="ArgumentException">Fewer than 2 rows or columns, a negative count, or a total above int.MaxValue.</exception>
    public static ContingencyTable Create(int[,] counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        int rows = counts.GetLength(0), columns = counts.GetLength(1);
        if (rows < 2 || columns < 2)
        {
            throw new ArgumentException($"A contingency table needs at least 2 rows and 2 columns; got {rows}×{columns}.", nameof(counts));
        }

        long total = 0;
        var copy = new int[rows, columns];
        for (var i = 0; i < rows; i++)
        {
            for (var j = 0; j < columns; j++)
            {
                var value = counts[i, j];
                if (value < 0)
                {
                    throw new ArgumentException($"Counts must be non-negative; counts[{i},{j}] = {value}.", nameof(counts));
                }

                total += value;
                copy[i, j] = value;
            }
        }

        if (total > int.MaxValue)
        {
            throw new ArgumentException("The grand total exceeds int.MaxValue.", nameof(counts));
        }

        return new ContingencyTable(copy);
    }

    /// <summary>Creates a table from counts listed row by row.</summary>
    /// <param name="rows">Number of rows (≥ 2).</param>
    /// <param name="counts">Counts, row-major: row 0 first. Its length must be a multiple of <paramref name="rows"/>.</param>
    /// <exception cref="ArgumentException">Invalid shape or a negative count.</exception>
    public static ContingencyTable FromRowMajor(int rows, IReadOnlyList<int> counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        if (rows < 2)
        {
            throw new ArgumentException("A contingency table needs at least 2 rows.", nameof(rows));
        }

        if (counts.Count % rows != 0)
        {
            throw new ArgumentException($"{counts.Count} counts cannot be laid out in {rows} rows.", nameof(counts));
        }

        var columns = counts.Count / rows;
        var array = new int[rows, columns];
        for (var k = 0; k < counts.Count; k++)
        {
            array[k / columns, k % columns] = counts[k];
        }

        return Create(array);
    }

    /// <summary>Creates the 2×2 table [[a, b], [c, d]].</summary>
    /// <param name="a">Row 1, column 1 (for example events in group 1).</param>
    /// <param name="b">Row 1, column 2 (non-events in group 1).</param>
    /// <param name="c">Row 2, column 1 (events in group 2).</param>
    /// <param name="d">Row 2, column 2 (non-events in group 2).</param>
    /// <exception cref="ArgumentException">A negative count.</exception>
    public static ContingencyTable TwoByTwo(int a, int b, int c, int d)
    {
        ThrowIfNegative(a, nameof(a));
        ThrowIfNegative(b, nameof(b));
        ThrowIfNegative(c, nameof(c));
        ThrowIfNegative(d, nameof(d));
        return Create(new[,] { { a, b }, { c, d } });
    }

    /// <summary>
    /// Expected counts under independence, E_ij = R_i·C_j / N, computed as R's <c>outer(sr, sc) / n</c>.
    /// All NaN when N = 0.
    /// </summary>
    public double[,] ExpectedCounts()
    {
        var expected = new double[Rows, Columns];
        double n = Total;
        for (var i = 0; i < Rows; i++)
        {
            for (var j = 0; j < Columns; j++)
            {
                expected[i, j] = (double)_rowTotals[i] * _columnTotals[j] / n;
            }
        }

        return expected;
    }

    /// <summary>The smallest expected count (0 when a row or column total is zero; NaN when N = 0).</summary>
    public double MinimumExpectedCount()
    {
        var min = double.PositiveInfinity;
        foreach (var e in ExpectedCounts())
        {
            if (double.IsNaN(e))
            {
                return double.NaN;
            }

            min = Math.Min(min, e);
        }

        return min;
    }

    /// <summary>A copy of the counts, indexed [row, column].</summary>
    public int[,] ToArray() => (int[,])_counts.Clone();

    private static void ThrowIfNegative(int value, string name)
    {
        if (value < 0)
        {
            throw new ArgumentException($"Counts must be non-negative; {name} = {value}.", name);
        }
    }
}
