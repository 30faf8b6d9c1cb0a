namespace HccOutcomes.Analysis.Continuous;

/// <summary>Sample quantile definitions (Hyndman &amp; Fan 1996 numbering).</summary>
public enum QuantileDefinition
{
    /// <summary>Type 6: p-quantile at position (n + 1)p; SPSS's default ("HAVERAGE", weighted average at X_(n+1)p), Minitab. R: <c>quantile(x, type = 6)</c>.</summary>
    SpssType6 = 6,

    /// <summary>Type 7: p-quantile at position 1 + (n − 1)p; R's and Excel's default (<c>quantile(x)</c>, PERCENTILE.INC).</summary>
    RType7 = 7,
}

/// <summary>
/// Sample quantiles by Hyndman &amp; Fan type 6 (SPSS) or type 7 (R default), with linear interpolation between order statistics.
/// </summary>
/// <remarks>
/// <para>Formula: with sorted x₍₁₎ ≤ … ≤ x₍ₙ₎ and a position h (1-based), Q(p) = x₍⌊h⌋₎ + (h − ⌊h⌋)(x₍⌊h⌋+1₎ − x₍⌊h⌋₎);
/// type 7: h = 1 + (n − 1)p; type 6: h = (n + 1)p, clamped to [1, n] (so Q = minimum for p ≤ 1/(n + 1) and maximum for
/// p ≥ n/(n + 1)). Positions within 4·ε of an integer are treated as that integer, as R does.</para>
/// <para>Edge behaviour: an empty sample, NaN/infinite values, or p outside [0, 1] throw <see cref="ArgumentException"/>; n = 1 gives that value.</para>
/// <para>Reference: Hyndman &amp; Fan (1996) Am Stat 50:361–365; R 4.2.2 <c>stats::quantile</c> types 6 and 7.</para>
/// </remarks>
public static class SampleQuantile
{
    /// <summary>The p-quantile of the sample.</summary>
    /// <param name="values">The observations (any order).</param>
    /// <param name="probability">p in [0, 1].</param>
    /// <param name="definition">Quantile definition.</param>
    /// <exception cref="ArgumentException">Invalid sample, probability or definition.</exception>
    public static double Compute(IReadOnlyList<double> values, double probability, QuantileDefinition definition)
    {
        var sorted = SampleArguments.Validate(values, nameof(values));
        SampleArguments.SortAscending(sorted);
        return FromSorted(sorted, probability, definition, nameof(probability));
    }

    /// <summary>Several quantiles of the same sample (sorted once).</summary>
    /// <param name="values">The observations (any order).</param>
    /// <param name="probabilities">Probabilities in [0, 1].</param>
    /// <param name="definition">Quantile definition.</param>
    /// <exception cref="ArgumentException">Invalid sample, probability or definition.</exception>
    public static double[] Compute(IReadOnlyList<double> values, IReadOnlyList<double> probabilities, QuantileDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        var sorted = SampleArguments.Validate(values, nameof(values));
        SampleArguments.SortAscending(sorted);
        return probabilities.Select(p => FromSorted(sorted, p, definition, nameof(probabilities))).ToArray();
    }

    internal static double FromSorted(double[] sorted, double p, QuantileDefinition definition, string probabilityName)
    {
        if (double.IsNaN(p) || p < 0 || p > 1)
        {
            throw new ArgumentException($"Probabilities must lie in [0, 1]; got {p}.", probabilityName);
        }

        var n = sorted.Length;
        const double fuzz = 4 * 2.220446049250313e-16;
        switch (definition)
        {
            case QuantileDefinition.RType7:
                {
                    var index = 1 + (n - 1) * p;
                    var lo = (int)Math.Floor(index);
                    var hi = (int)Math.Ceiling(index);
                    var q = sorted[lo - 1];
                    var h = index - lo;
                    if (index > lo && sorted[hi - 1] != q)
                    {
                        q = (1 - h) * q + h * sorted[hi - 1];
                    }

                    return q;
                }

            case QuantileDefinition.SpssType6:
                {
                    var position = p * (n + 1); // a = b = 0
                    var j = (int)Math.Floor(position + fuzz);
                    var h = position - j;
                    if (Math.Abs(h) < fuzz)
                    {
                        h = 0;
                    }

                    var lower = sorted[Math.Clamp(j, 1, n) - 1];
                    var upper = sorted[Math.Clamp(j + 1, 1, n) - 1];
                    if (h == 1)
                    {
                        return upper;
                    }

                    if (h > 0 && h < 1 && lower != upper)
                    {
                        return (1 - h) * lower + h * upper;
                    }

                    return lower;
                }

            default:
                throw new ArgumentException($"Unknown quantile definition {definition}.", nameof(definition));
        }
    }
}
