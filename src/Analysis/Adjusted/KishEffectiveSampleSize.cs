namespace HccOutcomes.Analysis.Adjusted;

/// <summary>
/// Kish's effective sample size of a weighted sample, (Σw)²/Σw².
/// </summary>
/// <remarks>
/// Equals n for equal weights and falls as the weights grow unequal. An empty sample (or all weights 0) gives 0.
/// Reference: Kish (1965), <i>Survey Sampling</i>; R WeightIt/cobalt <c>ESS()</c>.
/// </remarks>
public static class KishEffectiveSampleSize
{
    /// <summary>(Σw)²/Σw² over the subjects selected by <paramref name="include"/> (all when null).</summary>
    public static double Compute(double[] weights, bool[]? include = null, bool includeValue = true)
    {
        ArgumentNullException.ThrowIfNull(weights);
        double s = 0, s2 = 0;
        for (var i = 0; i < weights.Length; i++)
        {
            if (include is null || include[i] == includeValue)
            {
                s += weights[i];
                s2 += weights[i] * weights[i];
            }
        }

        return s2 == 0 ? 0 : s * s / s2;
    }
}
