using HccOutcomes.Analysis.Continuous.Numerics;

namespace HccOutcomes.Analysis.Proportions;

/// <summary>
/// The Wilson score confidence interval for a binomial proportion without continuity correction,
/// as R's <c>prop.test(x, n, correct = FALSE)$conf.int</c>.
/// </summary>
/// <remarks>
/// <para>Formula: with p̂ = x/n, z = z_{1−α/2} and h = z²/(2n):
/// limits = (p̂ + h ± z·√(p̂(1 − p̂)/n + h/(2n))) / (1 + 2h).</para>
/// <para>Edge behaviour (as R): x = 0 gives lower = 0 exactly, x = n gives upper = 1 exactly; limits are clipped to [0, 1].
/// n ≤ 0, x &lt; 0 or x &gt; n throw <see cref="ArgumentException"/>.</para>
/// <para>Reference: Wilson (1927) JASA 22:209–212; Newcombe (1998) Stat Med 17:857–872, method 3;
/// R 4.2.2 <c>stats::prop.test</c>.</para>
/// </remarks>
public static class WilsonScoreInterval
{
    /// <summary>Computes the interval.</summary>
    /// <param name="events">Number of events x (0 ≤ x ≤ n).</param>
    /// <param name="total">Number of trials n (&gt; 0).</param>
    /// <param name="confidenceLevel">Confidence level in (0, 1); default 0.95.</param>
    /// <exception cref="ArgumentException">Invalid counts or level.</exception>
    public static ProportionInterval Compute(int events, int total, double confidenceLevel = 0.95)
    {
        ProportionArguments.Validate(events, total, nameof(events), nameof(total));
        ConfidenceLevels.Validate(confidenceLevel, nameof(confidenceLevel));
        double n = total;
        var p = events / n;
        var z = ConfidenceLevels.NormalCritical(confidenceLevel);
        var h = z * z / (2 * n);
        var half = z * Math.Sqrt(p * (1 - p) / n + h / (2 * n));
        var upper = p >= 1 ? 1.0 : (p + h + half) / (1 + 2 * h);
        var lower = p <= 0 ? 0.0 : (p + h - half) / (1 + 2 * h);
        return new ProportionInterval(events, total, p, Math.Max(lower, 0.0), Math.Min(upper, 1.0), confidenceLevel,
            "Wilson score (no continuity correction)");
    }
}
