namespace HccOutcomes.Analysis.Continuous;

/// <summary>Validation of numeric samples shared by the continuous methods.</summary>
internal static class SampleArguments
{
    /// <summary>Throws unless the sample has at least <paramref name="minimumCount"/> finite values; returns a copy.</summary>
    public static double[] Validate(IReadOnlyList<double>? values, string name, int minimumCount = 1)
    {
        if (values is null)
        {
            throw new ArgumentNullException(name);
        }

        if (values.Count < minimumCount)
        {
            throw new ArgumentException(
                values.Count == 0
                    ? "The sample is empty."
                    : $"The sample needs at least {minimumCount} values; got {values.Count}.",
                name);
        }

        var copy = new double[values.Count];
        for (var i = 0; i < copy.Length; i++)
        {
            var v = values[i];
            if (!double.IsFinite(v))
            {
                throw new ArgumentException($"Values must be finite numbers; {name}[{i}] is {v}.", name);
            }

            copy[i] = v;
        }

        return copy;
    }

    /// <summary>Sorts ascending in place. A sample that is already sorted (callers that summarise one sample several
    /// ways sort it once) costs one linear check instead of another O(n log n) sort.</summary>
    public static void SortAscending(double[] values)
    {
        for (var i = 1; i < values.Length; i++)
        {
            if (values[i] < values[i - 1])
            {
                Array.Sort(values);
                return;
            }
        }
    }

    /// <summary>Mean with a second correcting pass (as R's <c>mean</c>).</summary>
    public static double Mean(double[] values)
    {
        double sum = 0;
        foreach (var v in values)
        {
            sum += v;
        }

        var mean = sum / values.Length;
        double correction = 0;
        foreach (var v in values)
        {
            correction += v - mean;
        }

        return mean + correction / values.Length;
    }

    /// <summary>Sample variance with denominator n − 1 (two-pass); NaN for n &lt; 2.</summary>
    public static double Variance(double[] values, double mean)
    {
        if (values.Length < 2)
        {
            return double.NaN;
        }

        double ss = 0;
        foreach (var v in values)
        {
            var d = v - mean;
            ss += d * d;
        }

        return ss / (values.Length - 1);
    }
}
