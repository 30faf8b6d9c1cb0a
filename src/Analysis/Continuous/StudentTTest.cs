using HccOutcomes.Analysis.Continuous.Numerics;

namespace HccOutcomes.Analysis.Continuous;

/// <summary>
/// Student's two-sample t-test with pooled variance, two-sided, as R's <c>t.test(x, y, var.equal = TRUE)</c>;
/// also from published summary statistics (n, mean, SD), which is how the reference paper's t-test p-values are reproduced.
/// </summary>
/// <remarks>
/// <para>Formula: s²ₚ = ((nx − 1)s²x + (ny − 1)s²y)/(nx + ny − 2); SE = sₚ√(1/nx + 1/ny); t = (x̄ − ȳ)/SE;
/// df = nx + ny − 2; p = 2·P(T_df ≥ |t|); CI = (x̄ − ȳ) ± t_{df,1−α/2}·SE.</para>
/// <para>Edge behaviour (as R): each sample needs n ≥ 1 and nx + ny ≥ 3 (a sample of one contributes no variance);
/// SE = 0 ("data are essentially constant"), empty samples, NaN/infinite values, negative SD or a level outside (0, 1)
/// throw <see cref="ArgumentException"/> naming the argument.</para>
/// <para>Reference: Student (1908); R 4.2.2 <c>stats::t.test</c>.</para>
/// </remarks>
public static class StudentTTest
{
    private const string MethodName = "Two Sample t-test";

    /// <summary>Runs the test on raw data.</summary>
    /// <param name="x">First sample.</param>
    /// <param name="y">Second sample.</param>
    /// <param name="confidenceLevel">Confidence level for the difference, in (0, 1); default 0.95.</param>
    /// <exception cref="ArgumentException">Invalid samples or level.</exception>
    public static TTestResult Compute(IReadOnlyList<double> x, IReadOnlyList<double> y, double confidenceLevel = 0.95)
    {
        var sx = TwoSampleT.Summarise(x, nameof(x), 1);
        var sy = TwoSampleT.Summarise(y, nameof(y), 1);
        return Run(sx, sy, confidenceLevel, nameof(x), nameof(y));
    }

    /// <summary>Runs the test from summary statistics (n, mean, SD with denominator n − 1).</summary>
    /// <param name="x">Summary of the first sample.</param>
    /// <param name="y">Summary of the second sample.</param>
    /// <param name="confidenceLevel">Confidence level for the difference, in (0, 1); default 0.95.</param>
    /// <exception cref="ArgumentException">Invalid summaries or level.</exception>
    public static TTestResult FromSummary(MeanSdSummary x, MeanSdSummary y, double confidenceLevel = 0.95)
    {
        TwoSampleT.ValidateSummary(x, nameof(x), 1);
        TwoSampleT.ValidateSummary(y, nameof(y), 1);
        return Run(x, y, confidenceLevel, nameof(x), nameof(y));
    }

    private static TTestResult Run(MeanSdSummary x, MeanSdSummary y, double confidenceLevel, string xName, string yName)
    {
        ConfidenceLevels.Validate(confidenceLevel, nameof(confidenceLevel));
        if (x.Count + y.Count < 3)
        {
            throw new ArgumentException("Not enough observations: the pooled t-test needs nx + ny ≥ 3.", yName);
        }

        double df = x.Count + y.Count - 2;
        double pooled = 0;
        if (x.Count > 1)
        {
            pooled += (x.Count - 1) * x.StandardDeviation * x.StandardDeviation;
        }

        if (y.Count > 1)
        {
            pooled += (y.Count - 1) * y.StandardDeviation * y.StandardDeviation;
        }

        pooled /= df;
        var se = Math.Sqrt(pooled * (1.0 / x.Count + 1.0 / y.Count));
        return TwoSampleT.Finish(x.Mean, y.Mean, se, df, confidenceLevel, MethodName, xName);
    }
}
