using HccOutcomes.Analysis.Survival;

namespace HccOutcomes.Analysis.Adjusted;

/// <summary>Restricted mean survival time of one curve.</summary>
/// <param name="Tau">Truncation time τ.</param>
/// <param name="Estimate">∫₀^τ Ŝ(t) dt.</param>
/// <param name="StdErr">Its standard error.</param>
/// <param name="Lower">Wald lower limit.</param>
/// <param name="Upper">Wald upper limit.</param>
public sealed record RmstEstimate(double Tau, double Estimate, double StdErr, double Lower, double Upper);

/// <summary>A difference of two RMSTs with a Wald test.</summary>
/// <param name="Estimate">RMST₁ − RMST₀.</param>
/// <param name="StdErr">√(se₁² + se₀²) (independent groups).</param>
/// <param name="Lower">Lower Wald limit.</param>
/// <param name="Upper">Upper Wald limit.</param>
/// <param name="P">Two-sided Wald p-value.</param>
public sealed record RmstDifference(double Estimate, double StdErr, double Lower, double Upper, double P);

/// <summary>
/// Restricted mean survival time up to τ, the area under the Kaplan–Meier curve, as R's
/// <c>summary(survfit(Surv(time, event) ~ group), rmean = tau)$table[, c("rmean", "se(rmean)")]</c> (survival's
/// <c>survmean</c>).
/// </summary>
/// <remarks>
/// <para>
/// RMST = Σ rectangles of the step function Ŝ on [0, τ] (Ŝ = the last value before τ when τ is past the last time).
/// Var = Σ_{t_j ≤ τ} A_j² d_j/(n_j(n_j − d_j)) with A_j = ∫_{t_j}^τ Ŝ(t) dt (terms with n_j = d_j are 0, as R). With case
/// weights n and d are weighted sums, which is what R's <c>survmean</c> computes for a weighted <c>survfit</c>.
/// CI: estimate ± z·se. A linear pass over the curve's rows.
/// </para>
/// <para>Reference: Irwin (1949); Klein &amp; Moeschberger (2003) §4.5; R survival <c>survmean</c>.</para>
/// </remarks>
public static class RestrictedMeanSurvival
{
    /// <summary>The RMST of a curve up to τ.</summary>
    /// <exception cref="ArgumentOutOfRangeException">τ ≤ 0 or not finite.</exception>
    public static RmstEstimate Compute(WeightedKmCurve curve, double tau, double confidenceLevel = 0.95)
    {
        ArgumentNullException.ThrowIfNull(curve);
        if (!(tau > 0 && double.IsFinite(tau)))
        {
            throw new ArgumentOutOfRangeException(nameof(tau), "τ must be finite and > 0.");
        }

        var rows = curve.Rows.Where(r => r.Time <= tau).ToList();
        var m = rows.Count;

        // Rectangle j (j = 0…m): from the previous time (0 first) to time j (τ last), height Ŝ before time j.
        var area = 0.0;
        var rect = new double[m + 1];
        var prevTime = 0.0;
        var prevSurv = 1.0;
        for (var j = 0; j <= m; j++)
        {
            var t = j < m ? rows[j].Time : tau;
            rect[j] = (t - prevTime) * prevSurv;
            area += rect[j];
            prevTime = t;
            if (j < m)
            {
                prevSurv = rows[j].Survival;
            }
        }

        // A_j = area after time j = Σ_{l > j} rect[l].
        double variance = 0, after = 0;
        for (var j = m - 1; j >= 0; j--)
        {
            after += rect[j + 1];
            var r = rows[j];
            var survivors = r.AtRisk - r.Events;
            if (r.Events > 0 && survivors > 0)
            {
                variance += after * after * r.Events / (r.AtRisk * survivors);
            }
        }

        var se = Math.Sqrt(variance);
        var z = SurvivalMath.ZCritical(confidenceLevel);
        return new RmstEstimate(tau, area, se, area - (z * se), area + (z * se));
    }

    /// <summary>The difference <paramref name="a"/> − <paramref name="reference"/> with a Wald CI and p-value.</summary>
    public static RmstDifference Difference(RmstEstimate a, RmstEstimate reference, double confidenceLevel = 0.95)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(reference);
        var estimate = a.Estimate - reference.Estimate;
        var se = Math.Sqrt((a.StdErr * a.StdErr) + (reference.StdErr * reference.StdErr));
        var z = SurvivalMath.ZCritical(confidenceLevel);
        var p = se > 0 ? SurvivalMath.TwoSidedP(estimate / se) : estimate == 0 ? 1.0 : 0.0;
        return new RmstDifference(estimate, se, estimate - (z * se), estimate + (z * se), p);
    }
}
