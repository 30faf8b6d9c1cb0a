using HccOutcomes.Analysis.Continuous.Numerics;

namespace HccOutcomes.Analysis.Contingency;

/// <summary>
/// The conditional maximum-likelihood odds ratio of a 2×2 table and its exact confidence interval,
/// exactly what R's <c>fisher.test(x)</c> reports as <c>estimate</c> and <c>conf.int</c>.
/// This is not the sample odds ratio ad/(bc); for that see <see cref="SampleOddsRatio"/>.
/// </summary>
/// <remarks>
/// <para>Given the margins, the (1,1) cell X follows Fisher's noncentral hypergeometric distribution
/// P(X = x) ∝ C(m, x) C(n, k − x) ψ^x on max(0, k − n) ≤ x ≤ min(k, m), with m, n the column totals,
/// k the first row total and ψ the odds ratio.</para>
/// <para>Estimate: the ψ with E_ψ[X] = x_obs (conditional MLE); 0 when x_obs is the smallest possible value,
/// +∞ when it is the largest. CI (two-sided, level 1 − α): lower ψ_L with P_ψL(X ≥ x_obs) = α/2 (0 when
/// x_obs is the minimum) and upper ψ_U with P_ψU(X ≤ x_obs) = α/2 (+∞ when x_obs is the maximum).</para>
/// <para>The roots are found with the same Brent iteration, brackets and tolerance (2^-13) as R's
/// <c>uniroot</c> inside <c>fisher.test</c>, so the results agree with R to many more digits than that tolerance.</para>
/// <para>Reference: R 4.2.2 <c>stats::fisher.test</c>; Cornfield (1956); Agresti, Categorical Data Analysis, §3.5.</para>
/// </remarks>
public static class ConditionalOddsRatio
{
    private const double MachineEpsilon = 2.220446049250313e-16;

    /// <summary>Computes the conditional MLE and its exact CI.</summary>
    /// <param name="table">A 2×2 table.</param>
    /// <param name="confidenceLevel">Confidence level in (0, 1); default 0.95.</param>
    /// <exception cref="ArgumentException">The table is not 2×2, or the level is outside (0, 1).</exception>
    public static OddsRatioEstimate Compute(ContingencyTable table, double confidenceLevel = 0.95)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (!table.IsTwoByTwo)
        {
            throw new ArgumentException("The odds ratio needs a 2×2 table.", nameof(table));
        }

        ConfidenceLevels.Validate(confidenceLevel, nameof(confidenceLevel));
        var h = new NoncentralHypergeometric(table);
        var x = h.Observed;
        var estimate = MaximumLikelihood(h, x);
        var alpha = (1 - confidenceLevel) / 2;
        return new OddsRatioEstimate(estimate, LowerLimit(h, x, alpha), UpperLimit(h, x, alpha), confidenceLevel,
            OddsRatioMethod.ConditionalMaximumLikelihood);
    }

    private static double MaximumLikelihood(NoncentralHypergeometric h, int x)
    {
        if (x == h.Low)
        {
            return 0.0;
        }

        if (x == h.High)
        {
            return double.PositiveInfinity;
        }

        var mu = h.Mean(1.0);
        if (mu > x)
        {
            return RootFinder.Uniroot(t => h.Mean(t) - x, 0.0, 1.0);
        }

        if (mu < x)
        {
            return 1.0 / RootFinder.Uniroot(t => h.Mean(1.0 / t) - x, MachineEpsilon, 1.0);
        }

        return 1.0;
    }

    private static double UpperLimit(NoncentralHypergeometric h, int x, double alpha)
    {
        if (x == h.High)
        {
            return double.PositiveInfinity;
        }

        var p = h.Cdf(x, 1.0, upperTail: false);
        if (p < alpha)
        {
            return RootFinder.Uniroot(t => h.Cdf(x, t, upperTail: false) - alpha, 0.0, 1.0);
        }

        if (p > alpha)
        {
            return 1.0 / RootFinder.Uniroot(t => h.Cdf(x, 1.0 / t, upperTail: false) - alpha, MachineEpsilon, 1.0);
        }

        return 1.0;
    }

    private static double LowerLimit(NoncentralHypergeometric h, int x, double alpha)
    {
        if (x == h.Low)
        {
            return 0.0;
        }

        var p = h.Cdf(x, 1.0, upperTail: true);
        if (p > alpha)
        {
            return RootFinder.Uniroot(t => h.Cdf(x, t, upperTail: true) - alpha, 0.0, 1.0);
        }

        if (p < alpha)
        {
            return 1.0 / RootFinder.Uniroot(t => h.Cdf(x, 1.0 / t, upperTail: true) - alpha, MachineEpsilon, 1.0);
        }

        return 1.0;
    }
}
