namespace HccOutcomes.Analysis.Survival;

/// <summary>
/// Median survival in the SPSS convention (Collett, <i>Modelling Survival Data in Medical Research</i>, §2.4;
/// Klein &amp; Moeschberger §4.5), with a symmetric confidence interval.
/// </summary>
/// <remarks>
/// <para>
/// Median t₅₀ = the first event time with Ŝ(t) ≤ 0.5. Its standard error is
/// SE(t₅₀) = SE(Ŝ(t₅₀)) / f̂, with SE(Ŝ) the Greenwood standard error of Ŝ at t₅₀ and the density estimate
/// f̂ = [Ŝ(u) − Ŝ(l)] / (l − u), where u = max{t : Ŝ(t) ≥ 0.55} and l = min{t : Ŝ(t) ≤ 0.45}, taken over the
/// distinct event times of the curve. The CI is t₅₀ ± z·SE(t₅₀) (symmetric, not truncated at 0), z = Φ⁻¹(1 − α/2)
/// for the curve's confidence level. The comparisons use a tolerance of 1.49e−8 (R's √ε) so that
/// Ŝ = 0.5 computed as, e.g., 0.5000000000000001 still counts as 0.5.
/// </para>
/// <para>
/// Edge cases: median not reached (Ŝ never ≤ 0.5) → all members null. No event time with Ŝ ≥ 0.55 (the first event
/// already takes Ŝ below 0.55) or none with Ŝ ≤ 0.45, or an undefined SE(Ŝ(t₅₀)) (Ŝ = 0) → the median is
/// reported but SE and CI are null.
/// </para>
/// </remarks>
public static class SpssMedian
{
    /// <summary>The SPSS-convention median of a Kaplan–Meier curve.</summary>
    /// <param name="curve">The curve (its confidence level is used for the CI).</param>
    /// <returns>Median, symmetric CI and SE; null members when not defined.</returns>
    public static SurvivalQuantile Compute(KaplanMeierCurve curve)
    {
        ArgumentNullException.ThrowIfNull(curve);
        const double Tol = SurvivalMath.SqrtEps;
        var t = curve.Times;
        var s = curve.SurvivalValues;
        var d = curve.EventCounts;

        int median = -1, u = -1, l = -1;
        for (var i = 0; i < t.Length; i++)
        {
            if (d[i] == 0)
            {
                continue;
            }

            if (s[i] >= 0.55 - Tol)
            {
                u = i;
            }

            if (l < 0 && s[i] <= 0.45 + Tol)
            {
                l = i;
            }

            if (median < 0 && s[i] <= 0.5 + Tol)
            {
                median = i;
            }
        }

        if (median < 0)
        {
            return new SurvivalQuantile(0.5, null, null, null, null, MedianConvention.Spss);
        }

        var est = t[median];
        var seS = curve.StdErrOfSurvival(median);
        if (u < 0 || l < 0 || seS is null)
        {
            return new SurvivalQuantile(0.5, est, null, null, null, MedianConvention.Spss);
        }

        var f = (s[u] - s[l]) / (t[l] - t[u]);
        var se = seS.Value / f;
        if (!double.IsFinite(se))
        {
            return new SurvivalQuantile(0.5, est, null, null, null, MedianConvention.Spss);
        }

        var z = SurvivalMath.ZCritical(curve.ConfidenceLevel);
        return new SurvivalQuantile(0.5, est, est - (z * se), est + (z * se), se, MedianConvention.Spss);
    }
}
