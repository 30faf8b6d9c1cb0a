namespace HccOutcomes.Analysis.Adjusted;

/// <summary>The population a weighted comparison estimates the effect in.</summary>
public enum Estimand
{
    /// <summary>Average treatment effect in the whole population.</summary>
    Ate,

    /// <summary>Average treatment effect in the treated.</summary>
    Att,

    /// <summary>Average treatment effect in the overlap population (overlap weights).</summary>
    Ato,
}

/// <summary>
/// Inverse-probability-of-treatment weights from propensity scores e = P(treated | x).
/// </summary>
/// <remarks>
/// <para>
/// ATE: 1/e (treated), 1/(1 − e) (control); stabilized, each multiplied by the marginal probability of the subject's own
/// group (p̂ = n_treated/n for the treated, 1 − p̂ for the controls). ATT: 1 and e/(1 − e). ATO (overlap): 1 − e and e.
/// Optional trimming truncates the weights at the given lower and upper percentiles of all weights (R
/// <c>quantile(w, type = 7)</c>), as WeightIt's <c>trim(w, at, lower = TRUE)</c>.
/// </para>
/// <para>
/// Edge behaviour: a score of exactly 0 or 1 gives an infinite ATE/ATT weight; callers get scores from
/// <see cref="LogisticRegression"/>, which clamps them to [ε, 1 − ε], so weights stay finite (but huge under separation).
/// </para>
/// <para>References: Rosenbaum &amp; Rubin (1983); Robins, Hernán &amp; Brumback (2000); Li, Morgan &amp; Zaslavsky (2018)
/// for overlap weights; R WeightIt <c>get_w_from_ps</c>.</para>
/// </remarks>
public static class PropensityWeights
{
    /// <summary>The weight of each subject.</summary>
    /// <param name="score">Propensity scores.</param>
    /// <param name="treated">True for the treated.</param>
    /// <param name="estimand">ATE, ATT or ATO.</param>
    /// <param name="stabilize">Stabilize (ATE only; ignored otherwise).</param>
    /// <returns>The weights, in subject order.</returns>
    /// <exception cref="ArgumentException">Lengths differ, or a score outside [0, 1].</exception>
    public static double[] Compute(double[] score, bool[] treated, Estimand estimand, bool stabilize = false)
    {
        ArgumentNullException.ThrowIfNull(score);
        ArgumentNullException.ThrowIfNull(treated);
        if (score.Length != treated.Length)
        {
            throw new ArgumentException("One treatment indicator per score is required.", nameof(treated));
        }

        var n = score.Length;
        var nt = treated.Count(t => t);
        var pt = n == 0 ? 0 : (double)nt / n;
        var w = new double[n];
        for (var i = 0; i < n; i++)
        {
            var e = score[i];
            if (!(e >= 0 && e <= 1))
            {
                throw new ArgumentException($"Score {i} is not a probability.", nameof(score));
            }

            w[i] = (estimand, treated[i]) switch
            {
                (Estimand.Ate, true) => (stabilize ? pt : 1) / e,
                (Estimand.Ate, false) => (stabilize ? 1 - pt : 1) / (1 - e),
                (Estimand.Att, true) => 1,
                (Estimand.Att, false) => e / (1 - e),
                (Estimand.Ato, true) => 1 - e,
                _ => e,
            };
        }

        return w;
    }

    /// <summary>
    /// Truncates weights at the <paramref name="lowerPercentile"/> and <paramref name="upperPercentile"/> quantiles of
    /// all weights (type 7). Percentiles in [0, 100]; 0 and 100 leave that side alone.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Percentiles outside [0, 100] or lower &gt; upper.</exception>
    public static double[] Trim(double[] weights, double lowerPercentile, double upperPercentile)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (!(lowerPercentile >= 0 && upperPercentile <= 100 && lowerPercentile <= upperPercentile))
        {
            throw new ArgumentOutOfRangeException(nameof(lowerPercentile), "Percentiles must satisfy 0 ≤ lower ≤ upper ≤ 100.");
        }

        var sorted = (double[])weights.Clone();
        Array.Sort(sorted);
        var lo = lowerPercentile > 0 ? Quantile7(sorted, lowerPercentile / 100) : double.NegativeInfinity;
        var hi = upperPercentile < 100 ? Quantile7(sorted, upperPercentile / 100) : double.PositiveInfinity;
        return [.. weights.Select(w => Math.Clamp(w, lo, hi))];
    }

    private static double Quantile7(double[] sorted, double p)
    {
        var h = (sorted.Length - 1) * p;
        var lo = (int)Math.Floor(h);
        var hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + ((h - lo) * (sorted[hi] - sorted[lo]));
    }
}
