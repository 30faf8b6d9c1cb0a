using HccOutcomes.Analysis.Continuous.Numerics;

namespace HccOutcomes.Analysis.Continuous;

/// <summary>
/// Welch's unequal-variance two-sample t-test, two-sided, as R's default <c>t.test(x, y)</c>; also from summary statistics.
/// </summary>
/// <remarks>
/// <para>Formula: SE² = s²x/nx + s²y/ny; t = (x̄ − ȳ)/SE; Welch–Satterthwaite
/// df = SE⁴ / ((s²x/nx)²/(nx − 1) + (s²y/ny)²/(ny − 1)); p = 2·P(T_df ≥ |t|); CI = (x̄ − ȳ) ± t_{df,1−α/2}·SE.</para>
/// <para>Edge behaviour (as R): each sample needs n ≥ 2; SE = 0, empty samples, NaN/infinite values, negative SD or a level
/// outside (0, 1) throw <see cref="ArgumentException"/> naming the argument.</para>
/// <para>Reference: Welch (1947) Biometrika 34:28–35; Satterthwaite (1946); R 4.2.2 <c>stats::t.test</c>.</para>
/// </remarks>
public static class WelchTTest
{
    private const string MethodName = "Welch Two Sample t-test";

    /// <summary>Runs the test on raw data.</summary>
    /// <param name="x">First sample (n ≥ 2).</param>
    /// <param name="y">Second sample (n ≥ 2).</param>
    /// <param name="confidenceLevel">Confidence level for the difference, in (0, 1); default 0.95.</param>
    /// <exception cref="ArgumentException">Invalid samples or level.</exception>
    public static TTestResult Compute(IReadOnlyList<double> x, IReadOnlyList<double> y, double confidenceLevel = 0.95)
    {
        var sx = TwoSampleT.Summarise(x, nameof(x), 2);
        var sy = TwoSampleT.Summarise(y, nameof(y), 2);
        return Run(sx, sy, confidenceLevel, nameof(x));
    }

    /// <summary>Runs the test from summary statistics (n, mean, SD with denominator n − 1).</summary>
    /// <param name="x">Summary of the first sample (n ≥ 2).</param>
    /// <param name="y">Summary of the second sample (n ≥ 2).</param>
    /// <param name="confidenceLevel">Confidence level for the difference, in (0, 1); default 0.95.</param>
    /// <exception cref="ArgumentException">Invalid summaries or level.</exception>
    public static TTestResult FromSummary(MeanSdSummary x, MeanSdSummary y, double confidenceLevel = 0.95)
    {
        TwoSampleT.ValidateSummary(x, nameof(x), 2);
        TwoSampleT.ValidateSummary(y, nameof(y), 2);
        return Run(x, y, confidenceLevel, nameof(x));
    }

    private static TTestResult Run(MeanSdSummary x, MeanSdSummary y, double confidenceLevel, string xName)
    {
        ConfidenceLevels.Validate(confidenceLevel, nameof(confidenceLevel));
        var sex = Math.Sqrt(x.StandardDeviation * x.StandardDeviation / x.Count);
        var sey = Math.Sqrt(y.StandardDeviation * y.StandardDeviation / y.Count);
        var se = Math.Sqrt(sex * sex + sey * sey);
        var df = Math.Pow(se, 4) / (Math.Pow(sex, 4) / (x.Count - 1) + Math.Pow(sey, 4) / (y.Count - 1));
        return TwoSampleT.Finish(x.Mean, y.Mean, se, df, confidenceLevel, MethodName, xName);
    }
}
