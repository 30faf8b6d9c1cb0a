namespace HccOutcomes.Analysis.Contingency;

/// <summary>
/// Fisher's exact test of independence, two-sided, for 2×2 and r×c tables, as R's <c>fisher.test(x)$p.value</c>.
/// </summary>
/// <remarks>
/// <para>Formula: conditional on both margins a table has probability
/// P = Π R_i! Π C_j! / (N! Π n_ij!). The two-sided p-value is Σ P(T) over the tables T with
/// P(T) ≤ P(observed)·(1 + δ), where δ is a relative fuzz against rounding (R's choice):
/// δ = 1e-7 for 2×2 (R's <c>relErr</c>) and 3.45254e-7 on the log scale for larger tables (FEXACT's <c>TOL</c>).</para>
/// <para>2×2: sums the hypergeometric density of the (1,1) cell over its support, exactly as R does.
/// r×c: exact network enumeration (Mehta &amp; Patel 1983 style: column by column, merging identical
/// sub-problems and settling whole sub-trees with bounds), limited by <see cref="FisherExactOptions.WorkLimit"/> and <see cref="FisherExactOptions.MaxDuration"/>;
/// beyond them, or for an r×c table with N &gt; 10,000,000, <see cref="ContingencyTableTooLargeException"/> is thrown rather than an
/// approximate answer returned. Tables such as 6×6 with N ≈ 50, 4×4 with N ≈ 80, 3×3 with N ≈ 250 or 2×8 with N ≈ 300 take well
/// under a second; the time grows steeply with N and with the number of cells. p-values below about 1e-300 underflow to 0.</para>
/// <para>Edge behaviour: all-zero rows or columns are ignored (they do not change any probability); if fewer than
/// two non-empty rows or columns remain, only one table is possible and p = 1 (R agrees). An all-zero table gives p = 1.</para>
/// <para>Reference: R 4.2.2 <c>stats::fisher.test</c>; Fisher (1935); Mehta &amp; Patel (1983) JASA 78:427–434.
/// The odds ratio and its CI that <c>fisher.test</c> also prints are in <see cref="ConditionalOddsRatio"/>.</para>
/// </remarks>
public static class FisherExactTest
{
    /// <summary>R's relative fuzz for the 2×2 comparison.</summary>
    public const double TwoByTwoRelativeTolerance = 1e-7;

    /// <summary>FEXACT's tolerance on the log-probability scale for r×c tables.</summary>
    public const double RxCLogTolerance = 3.45254e-7;

    /// <summary>Computes the two-sided p-value.</summary>
    /// <param name="table">The table.</param>
    /// <param name="options">Options (work limit); defaults when null.</param>
    /// <exception cref="ArgumentNullException"><paramref name="table"/> is null.</exception>
    /// <exception cref="ContingencyTableTooLargeException">An r×c table needs more work than allowed.</exception>
    public static FisherExactResult Compute(ContingencyTable table, FisherExactOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        options ??= FisherExactOptions.Default;
        if (table.IsTwoByTwo)
        {
            return new FisherExactResult(TwoByTwoPValue(table), "Fisher's exact test, 2×2 (conditional hypergeometric)");
        }

        var p = FisherNetworkEnumerator.TwoSidedPValue(table, RxCLogTolerance, options);
        return new FisherExactResult(p, $"Fisher's exact test, {table.Rows}×{table.Columns} (exact network enumeration)");
    }

    private static double TwoByTwoPValue(ContingencyTable table)
    {
        var distribution = new NoncentralHypergeometric(table);
        var d = distribution.Density(1.0);
        var limit = d[distribution.Observed - distribution.Low] * (1 + TwoByTwoRelativeTolerance);
        double p = 0;
        foreach (var value in d)
        {
            if (value <= limit)
            {
                p += value;
            }
        }

        return Math.Min(1.0, p);
    }
}
