using HccOutcomes.Analysis.Continuous.Numerics;

namespace HccOutcomes.Analysis.Continuous;

/// <summary>Shared tail of the two t-tests: statistic, p-value and interval from the difference, its SE and df (R's <c>t.test</c>).</summary>
internal static class TwoSampleT
{
    public static MeanSdSummary Summarise(IReadOnlyList<double> values, string name, int minimumCount)
    {
        var x = SampleArguments.Validate(values, name, minimumCount);
        var mean = SampleArguments.Mean(x);
        return new MeanSdSummary(x.Length, mean, Math.Sqrt(SampleArguments.Variance(x, mean)));
    }

    public static void ValidateSummary(MeanSdSummary? s, string name, int minimumCount)
    {
        if (s is null)
        {
            throw new ArgumentNullException(name);
        }

        if (s.Count < minimumCount)
        {
            throw new ArgumentException($"Not enough observations in {name}: need at least {minimumCount}, got {s.Count}.", name);
        }

        if (!double.IsFinite(s.Mean))
        {
            throw new ArgumentException($"The mean of {name} must be a finite number; got {s.Mean}.", name);
        }

        if (s.Count >= 2 && (!double.IsFinite(s.StandardDeviation) || s.StandardDeviation < 0))
        {
            throw new ArgumentException($"The SD of {name} must be a non-negative finite number; got {s.StandardDeviation}.", name);
        }
    }

    public static TTestResult Finish(double mx, double my, double standardError, double df, double confidenceLevel, string method, string name)
    {
        if (!(standardError >= 10 * 2.220446049250313e-16 * Math.Max(Math.Abs(mx), Math.Abs(my))) || standardError == 0)
        {
            throw new ArgumentException("The data are essentially constant: the standard error of the difference is zero.", name);
        }

        var difference = mx - my;
        var t = difference / standardError;
        var p = Probability.StudentTTwoSided(t, df);
        var alpha = 1 - confidenceLevel;
        var critical = Probability.StudentTQuantile(1 - alpha / 2, df);
        return new TTestResult(t, df, p, difference, standardError,
            (t - critical) * standardError, (t + critical) * standardError, confidenceLevel, method);
    }
}
