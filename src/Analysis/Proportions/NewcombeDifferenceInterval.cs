namespace HccOutcomes.Analysis.Proportions;

/// <summary>A difference of two independent proportions, p̂₁ − p̂₂, with a confidence interval.</summary>
/// <param name="Difference">p̂₁ − p̂₂.</param>
/// <param name="Lower">Lower confidence limit (within [−1, 1]).</param>
/// <param name="Upper">Upper confidence limit (within [−1, 1]).</param>
/// <param name="ConfidenceLevel">Confidence level.</param>
/// <param name="Method">The interval's name.</param>
public sealed record ProportionDifference(double Difference, double Lower, double Upper, double ConfidenceLevel, string Method);

/// <summary>
/// Newcombe's hybrid score interval for the difference of two independent proportions
/// (Newcombe 1998, method 10), built from the two Wilson score intervals without continuity correction.
/// </summary>
/// <remarks>
/// <para>Formula: with p̂ᵢ = xᵢ/nᵢ, Wilson limits (lᵢ, uᵢ) at the same level and d = p̂₁ − p̂₂:
/// lower = d − √((p̂₁ − l₁)² + (u₂ − p̂₂)²), upper = d + √((u₁ − p̂₁)² + (p̂₂ − l₂)²).</para>
/// <para>Edge behaviour: defined for all 0 ≤ xᵢ ≤ nᵢ, nᵢ &gt; 0 (including 0/n and n/n); invalid counts throw
/// <see cref="ArgumentException"/> naming the argument.</para>
/// <para>Reference: Newcombe (1998) Stat Med 17:873–890, method 10 (its Table II values are reproduced in the tests);
/// in R it is <c>DescTools::BinomDiffCI(x1, n1, x2, n2, method = "score")</c>.</para>
/// </remarks>
public static class NewcombeDifferenceInterval
{
    /// <summary>Computes the interval for p̂₁ − p̂₂.</summary>
    /// <param name="events1">Events in group 1.</param>
    /// <param name="total1">Size of group 1.</param>
    /// <param name="events2">Events in group 2.</param>
    /// <param name="total2">Size of group 2.</param>
    /// <param name="confidenceLevel">Confidence level in (0, 1); default 0.95.</param>
    /// <exception cref="ArgumentException">Invalid counts or level.</exception>
    public static ProportionDifference Compute(int events1, int total1, int events2, int total2, double confidenceLevel = 0.95)
    {
        ProportionArguments.Validate(events1, total1, nameof(events1), nameof(total1));
        ProportionArguments.Validate(events2, total2, nameof(events2), nameof(total2));
        var w1 = WilsonScoreInterval.Compute(events1, total1, confidenceLevel);
        var w2 = WilsonScoreInterval.Compute(events2, total2, confidenceLevel);
        double p1 = w1.Estimate, p2 = w2.Estimate;
        var d = p1 - p2;
        var lower = d - Math.Sqrt(Square(p1 - w1.Lower) + Square(w2.Upper - p2));
        var upper = d + Math.Sqrt(Square(w1.Upper - p1) + Square(p2 - w2.Lower));
        return new ProportionDifference(d, lower, upper, confidenceLevel, "Newcombe hybrid score (method 10)");
    }

    private static double Square(double v) => v * v;
}
