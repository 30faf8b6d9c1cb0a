namespace HccOutcomes.Analysis.Survival;

/// <summary>Result of <see cref="FixedTimeSurvivalTest"/>.</summary>
/// <param name="Time">The fixed time t₀.</param>
/// <param name="Group1">Name of the first group.</param>
/// <param name="Group2">Name of the second group.</param>
/// <param name="Survival1">Ŝ₁(t₀).</param>
/// <param name="Survival2">Ŝ₂(t₀).</param>
/// <param name="Test">The 1-df chi-square test; null statistic/p when not computable.</param>
public sealed record FixedTimeComparison(
    double Time, string Group1, string Group2, double Survival1, double Survival2, ChiSquareStatistic Test);

/// <summary>
/// Comparison of two survival curves at a fixed time t₀ with the complementary log-log transform
/// (Klein, Logan, Harhoff &amp; Andersen, "Analyzing survival curves at a fixed point in time",
/// <i>Statistics in Medicine</i> 2007;26:4505–4519).
/// </summary>
/// <remarks>
/// <para>
/// X² = [ln(−ln Ŝ₁(t₀)) − ln(−ln Ŝ₂(t₀))]² / [σ̂₁²(t₀)/ln²Ŝ₁(t₀) + σ̂₂²(t₀)/ln²Ŝ₂(t₀)], referred to χ²(1),
/// where Ŝᵢ is the Kaplan–Meier estimate (right-continuous, value of the last time ≤ t₀) and
/// σ̂ᵢ²(t) = Σ_{tⱼ≤t} dⱼ/[nⱼ(nⱼ − dⱼ)] is the Greenwood variance of log Ŝᵢ (Var Ŝ / Ŝ²).
/// The statistic is symmetric in the two groups.
/// </para>
/// <para>
/// Edge cases: if either Ŝᵢ(t₀) is 0 or 1 (no events yet, or everyone failed) the transform is undefined and
/// the statistic and p are null.
/// </para>
/// </remarks>
public static class FixedTimeSurvivalTest
{
    /// <summary>Compares two Kaplan–Meier curves at <paramref name="time"/>.</summary>
    /// <param name="curve1">First curve.</param>
    /// <param name="curve2">Second curve.</param>
    /// <param name="time">The fixed time t₀ (finite, ≥ 0).</param>
    /// <returns>The comparison.</returns>
    /// <exception cref="ArgumentException">Negative or non-finite time.</exception>
    public static FixedTimeComparison Compare(KaplanMeierCurve curve1, KaplanMeierCurve curve2, double time)
    {
        ArgumentNullException.ThrowIfNull(curve1);
        ArgumentNullException.ThrowIfNull(curve2);
        if (!double.IsFinite(time) || time < 0)
        {
            throw new ArgumentException("The fixed time must be finite and non-negative.", nameof(time));
        }

        (var s1, var v1) = At(curve1, time);
        (var s2, var v2) = At(curve2, time);
        ChiSquareStatistic test;
        if (s1 <= 0 || s1 >= 1 || s2 <= 0 || s2 >= 1 || !double.IsFinite(v1) || !double.IsFinite(v2))
        {
            test = new ChiSquareStatistic(null, 1, null);
        }
        else
        {
            double l1 = Math.Log(s1), l2 = Math.Log(s2);
            var diff = Math.Log(-l1) - Math.Log(-l2);
            var var = (v1 / (l1 * l1)) + (v2 / (l2 * l2));
            test = SurvivalMath.ChiSquare(diff * diff / var, 1);
        }

        return new FixedTimeComparison(time, curve1.Group, curve2.Group, s1, s2, test);
    }

    /// <summary>Compares two groups of a sample at <paramref name="time"/>.</summary>
    /// <param name="sample">The prepared sample.</param>
    /// <param name="time">The fixed time t₀.</param>
    /// <param name="group1">Index of the first group (default 0).</param>
    /// <param name="group2">Index of the second group (default 1).</param>
    /// <returns>The comparison.</returns>
    /// <exception cref="ArgumentException">Fewer than two groups, invalid group index or time.</exception>
    public static FixedTimeComparison Compare(SurvivalSample sample, double time, int group1 = 0, int group2 = 1)
    {
        ArgumentNullException.ThrowIfNull(sample);
        sample.RequireTwoGroups(nameof(sample));
        if (group1 < 0 || group1 >= sample.GroupCount)
        {
            throw new ArgumentException("Invalid group index.", nameof(group1));
        }

        if (group2 < 0 || group2 >= sample.GroupCount || group2 == group1)
        {
            throw new ArgumentException("Invalid group index.", nameof(group2));
        }

        var fit = KaplanMeier.Fit(sample);
        return Compare(fit.Curves[group1], fit.Curves[group2], time);
    }

    private static (double S, double VarLog) At(KaplanMeierCurve c, double t)
    {
        var i = c.LastIndexAtOrBefore(t);
        return i < 0 ? (1.0, 0.0) : (c.SurvivalValues[i], c.GreenwoodSums[i]);
    }
}
