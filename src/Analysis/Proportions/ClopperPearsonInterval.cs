using HccOutcomes.Analysis.Continuous.Numerics;

namespace HccOutcomes.Analysis.Proportions;

/// <summary>
/// The Clopper–Pearson "exact" confidence interval for a binomial proportion, as R's <c>binom.test(x, n)$conf.int</c>.
/// </summary>
/// <remarks>
/// <para>Formula (two-sided, α = 1 − level): lower = B⁻¹(α/2; x, n − x + 1), upper = B⁻¹(1 − α/2; x + 1, n − x),
/// where B⁻¹ is the beta quantile (<c>qbeta</c>), computed to machine precision by root finding on the
/// regularized incomplete beta function.</para>
/// <para>Edge behaviour: x = 0 gives lower = 0; x = n gives upper = 1. n ≤ 0, x &lt; 0 or x &gt; n throw
/// <see cref="ArgumentException"/>.</para>
/// <para>Reference: Clopper &amp; Pearson (1934) Biometrika 26:404–413; R 4.2.2 <c>stats::binom.test</c>.</para>
/// </remarks>
public static class ClopperPearsonInterval
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
        var alpha = (1 - confidenceLevel) / 2;
        var lower = events == 0 ? 0.0 : Probability.BetaQuantile(alpha, events, total - events + 1);
        var upper = events == total ? 1.0 : Probability.BetaQuantile(1 - alpha, events + 1, total - events);
        return new ProportionInterval(events, total, (double)events / total, lower, upper, confidenceLevel, "Clopper-Pearson (exact)");
    }
}
