using HccOutcomes.Analysis.Continuous.Numerics;

namespace HccOutcomes.Analysis.Contingency;

/// <summary>
/// Pearson's chi-square test of independence for an r×c table, optionally with Yates' continuity
/// correction for 2×2 tables; the same as R's <c>chisq.test(x, correct = FALSE/TRUE)</c>.
/// </summary>
/// <remarks>
/// <para>Formula: E_ij = R_i·C_j / N; X² = Σ (O_ij − E_ij)² / E_ij with df = (r − 1)(c − 1);
/// p = P(χ²_df ≥ X²).</para>
/// <para>Yates (2×2 only): X² = Σ (|O_ij − E_ij| − Y)² / E_ij with Y = min(0.5, min_ij |O_ij − E_ij|),
/// exactly as R, so the correction never overshoots (|O − E| &lt; 0.5 gives X² = 0, p = 1).
/// Requesting the correction for a larger table is ignored, like R; the result says whether it was applied.</para>
/// <para>Edge behaviour: a row or column total of zero makes an expected count 0 and, as in R,
/// the statistic and p-value NaN (<see cref="ChiSquareTestResult.IsDefined"/> is false). No exception is thrown.</para>
/// <para>Reference: R 4.2.2 <c>stats::chisq.test</c>; Pearson (1900); Yates (1934).</para>
/// </remarks>
public static class PearsonChiSquareTest
{
    /// <summary>Runs the test.</summary>
    /// <param name="table">The table.</param>
    /// <param name="yatesCorrection">Apply Yates' correction when the table is 2×2 (R's <c>correct = TRUE</c>).</param>
    /// <exception cref="ArgumentNullException"><paramref name="table"/> is null.</exception>
    public static ChiSquareTestResult Compute(ContingencyTable table, bool yatesCorrection = false)
    {
        ArgumentNullException.ThrowIfNull(table);
        var expected = table.ExpectedCounts();
        int rows = table.Rows, columns = table.Columns;
        var applyYates = yatesCorrection && table.IsTwoByTwo;

        var yates = 0.0;
        if (applyYates)
        {
            yates = 0.5;
            for (var j = 0; j < columns; j++)
            {
                for (var i = 0; i < rows; i++)
                {
                    yates = Math.Min(yates, Math.Abs(table[i, j] - expected[i, j]));
                }
            }
        }

        // Summed column by column, the order in which R's sum() visits a matrix.
        var statistic = 0.0;
        for (var j = 0; j < columns; j++)
        {
            for (var i = 0; i < rows; i++)
            {
                var deviation = Math.Abs(table[i, j] - expected[i, j]) - yates;
                statistic += deviation * deviation / expected[i, j];
            }
        }

        var df = (rows - 1) * (columns - 1);
        var p = double.IsNaN(statistic) ? double.NaN : Probability.ChiSquareUpperTail(statistic, df);
        return new ChiSquareTestResult(statistic, df, p, applyYates, table.MinimumExpectedCount());
    }
}
