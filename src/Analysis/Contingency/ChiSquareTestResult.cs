namespace HccOutcomes.Analysis.Contingency;

/// <summary>Result of <see cref="PearsonChiSquareTest"/>.</summary>
/// <param name="ChiSquare">The statistic X². NaN when an expected count is 0 (a zero row or column), as in R.</param>
/// <param name="DegreesOfFreedom">(r − 1)(c − 1).</param>
/// <param name="PValue">Upper-tail chi-square probability, <c>pchisq(X2, df, lower.tail = FALSE)</c>; NaN with the statistic.</param>
/// <param name="YatesCorrectionApplied">True when Yates' continuity correction was applied (only ever for 2×2 tables).</param>
/// <param name="MinimumExpectedCount">The smallest expected count R_i·C_j/N.</param>
public sealed record ChiSquareTestResult(
    double ChiSquare,
    int DegreesOfFreedom,
    double PValue,
    bool YatesCorrectionApplied,
    double MinimumExpectedCount)
{
    /// <summary>False when the statistic is undefined (NaN) because some expected count is zero.</summary>
    public bool IsDefined => !double.IsNaN(ChiSquare);
}
