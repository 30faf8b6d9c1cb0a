namespace HccOutcomes.Analysis.Survival;

/// <summary>A quantile (usually the median) of a survival distribution with its confidence interval.</summary>
/// <param name="Probability">The probability p (0.5 for the median): the time where 1 − S reaches p.</param>
/// <param name="Estimate">The estimate; null when not reached.</param>
/// <param name="Lower">Lower confidence limit; null when not reached.</param>
/// <param name="Upper">Upper confidence limit; null when not reached.</param>
/// <param name="StdErr">Standard error of the estimate (SPSS convention only; null otherwise or when undefined).</param>
/// <param name="Convention">The convention used.</param>
public sealed record SurvivalQuantile(
    double Probability, double? Estimate, double? Lower, double? Upper, double? StdErr, MedianConvention Convention);

/// <summary>
/// Quantiles of a Kaplan–Meier curve following R's <c>quantile.survfit</c> (survival 3.5-3), with its
/// tolerance <c>sqrt(.Machine$double.eps)</c>.
/// </summary>
/// <remarks>
/// <para>
/// With F = 1 − Ŝ on the times (0, t_1, …, t_m) (censoring rows included, F(0) = 0), duplicated F values are
/// dropped (keeping the first time of each level). The quantile for p is the first time where F + tol ≥ p,
/// averaged with the first time where F − tol ≥ p. So normally it is the first time with Ŝ &lt; 1 − p; when Ŝ
/// equals 1 − p (within tol) over a stretch, it is the midpoint between the start of that stretch and the next
/// event time; when the curve ends on that flat, the midpoint between its start and the last observed time.
/// </para>
/// <para>
/// Confidence limits apply the same rule to the lower and upper pointwise confidence curves (with their
/// transform and level): the lower limit is where the lower curve crosses 1 − p, the upper limit where the
/// upper curve does. Undefined pointwise limits (R's NA, e.g. log CI at Ŝ = 0) are skipped, as R's
/// <c>approx</c> does. Each member is null when its curve never reaches 1 − p (R: NA).
/// </para>
/// </remarks>
public static class SurvivalQuantiles
{
    /// <summary>The p-quantile of a curve (p = 0.5: the median), R convention.</summary>
    /// <param name="curve">A Kaplan–Meier curve (its transform and level define the CI).</param>
    /// <param name="probability">p in (0, 1).</param>
    /// <returns>The quantile and its CI; null members when not reached.</returns>
    /// <exception cref="ArgumentException">p outside (0, 1).</exception>
    public static SurvivalQuantile Quantile(KaplanMeierCurve curve, double probability)
    {
        ArgumentNullException.ThrowIfNull(curve);
        if (!(probability > 0 && probability < 1))
        {
            throw new ArgumentException("The probability must lie strictly between 0 and 1.", nameof(probability));
        }

        var t = curve.Times;
        var est = FindQuantile(t, curve.SurvivalValues, probability);
        var lo = FindQuantile(t, curve.LowerValues, probability);
        var hi = FindQuantile(t, curve.UpperValues, probability);
        return new SurvivalQuantile(
            probability, SurvivalMath.Finite(est), SurvivalMath.Finite(lo), SurvivalMath.Finite(hi), null, MedianConvention.R);
    }

    /// <summary>
    /// R's <c>findq(c(0, time), c(0, 1 - s), p, tol)</c>. <paramref name="s"/> may contain NaN (undefined limits).
    /// Returns NaN for "not reached".
    /// </summary>
    internal static double FindQuantile(ReadOnlySpan<double> time, ReadOnlySpan<double> s, double p)
    {
        const double Tol = SurvivalMath.SqrtEps;
        var m = time.Length;

        // max(y, na.rm = TRUE) < p  → NA (y includes the leading 0)
        double maxY = 0;
        for (var i = 0; i < m; i++)
        {
            var y = 1.0 - s[i];
            if (!double.IsNaN(y) && y > maxY)
            {
                maxY = y;
            }
        }

        if (maxY < p)
        {
            return double.NaN;
        }

        var xmax = m > 0 ? time[m - 1] : 0.0;

        // Remove duplicated y values (first occurrence kept; NaN counts as a value). Keep (x, y) pairs.
        var xs = new List<double>(Math.Min(m + 1, 1024)) { 0.0 };
        var ys = new List<double>(Math.Min(m + 1, 1024)) { 0.0 };
        var monotone = IsNonDecreasing(s);
        var seenNaN = false;
        HashSet<double>? seen = monotone ? null : [0.0];
        var lastKept = 0.0;
        for (var i = 0; i < m; i++)
        {
            var y = 1.0 - s[i];
            if (double.IsNaN(y))
            {
                if (seenNaN)
                {
                    continue;
                }

                seenNaN = true;
            }
            else if (seen is null)
            {
                if (y == lastKept)
                {
                    continue;
                }

                lastKept = y;
            }
            else if (!seen.Add(y))
            {
                continue;
            }

            xs.Add(time[i]);
            ys.Add(y);
        }

        var n = ys.Count;

        // approx(y ± tol, 1:n, p, method = "constant", f = 1): index of the smallest (y ± tol) ≥ p among the
        // non-NA points, or NA when p is outside [min, max] of those values.
        var idx1 = ApproxConstantRight(ys, Tol, p);
        var idx2 = ApproxConstantRight(ys, -Tol, p);
        var quant = idx1 >= 0 && idx2 >= 0 ? (xs[idx1] + xs[idx2]) / 2.0 : double.NaN;
        var yLast = ys[n - 1];
        if (!double.IsNaN(yLast) && Math.Abs(p - yLast) < Tol && idx1 >= 0)
        {
            quant = (xs[idx1] + xmax) / 2.0; // flat at the end of the curve
        }

        return quant;
    }

    private static bool IsNonDecreasing(ReadOnlySpan<double> s)
    {
        // y = 1 − s must be non-decreasing, i.e. s non-increasing (NaNs ignored).
        var prev = double.PositiveInfinity;
        foreach (var v in s)
        {
            if (double.IsNaN(v))
            {
                continue;
            }

            if (v > prev)
            {
                return false;
            }

            prev = v;
        }

        return true;
    }

    private static int ApproxConstantRight(List<double> ys, double shift, double p)
    {
        var best = -1;
        double bestVal = double.PositiveInfinity, minVal = double.PositiveInfinity;
        for (var i = 0; i < ys.Count; i++)
        {
            var y = ys[i];
            if (double.IsNaN(y))
            {
                continue;
            }

            var v = y + shift;
            if (v < minVal)
            {
                minVal = v;
            }

            if (v >= p && v < bestVal)
            {
                bestVal = v;
                best = i;
            }
        }

        if (p < minVal)
        {
            return -1;
        }

        return best;
    }
}
