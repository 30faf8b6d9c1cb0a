namespace HccOutcomes.Analysis.Continuous;

/// <summary>Sample size, mean and standard deviation: the "mean ± SD" summary, and the input of the t-tests from summary statistics.</summary>
/// <param name="Count">Number of observations n.</param>
/// <param name="Mean">Arithmetic mean.</param>
/// <param name="StandardDeviation">Sample SD with denominator n − 1 (NaN when n = 1, as R's <c>sd</c>).</param>
public sealed record MeanSdSummary(int Count, double Mean, double StandardDeviation);

/// <summary>
/// Mean ± SD of a sample, as R's <c>mean(x)</c> and <c>sd(x)</c> (SPSS reports the same "Std. Deviation").
/// </summary>
/// <remarks>
/// <para>Formula: x̄ = Σx/n (with R's second correcting pass); s = √(Σ(x − x̄)²/(n − 1)).</para>
/// <para>Edge behaviour: an empty sample, NaN or infinite values throw <see cref="ArgumentException"/>; n = 1 gives SD = NaN.</para>
/// </remarks>
public static class MeanStandardDeviation
{
    /// <summary>Summarises the sample.</summary>
    /// <param name="values">The observations.</param>
    /// <exception cref="ArgumentException">Empty sample or a non-finite value.</exception>
    public static MeanSdSummary Compute(IReadOnlyList<double> values)
    {
        var x = SampleArguments.Validate(values, nameof(values));
        var mean = SampleArguments.Mean(x);
        return new MeanSdSummary(x.Length, mean, Math.Sqrt(SampleArguments.Variance(x, mean)));
    }
}
