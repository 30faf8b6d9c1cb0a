using HccOutcomes.Analysis.Survival;

namespace HccOutcomes.Analysis.Adjusted;

/// <summary>One distinct time of a weighted Kaplan–Meier curve (an event or a censoring time).</summary>
/// <param name="Time">Time.</param>
/// <param name="AtRisk">Σw of the subjects with time ≥ t.</param>
/// <param name="Events">Σw of the events at t.</param>
/// <param name="Censored">Σw of the censorings at t.</param>
/// <param name="Survival">Ŝ(t).</param>
/// <param name="StdErr">Standard error of Ŝ(t) (robust infinitesimal jackknife); null once Ŝ has reached 0.</param>
/// <param name="Lower">Lower CI limit (log transform); null with the SE.</param>
/// <param name="Upper">Upper CI limit (log transform, at most 1); null with the SE.</param>
public sealed record WeightedKmRow(
    double Time, double AtRisk, double Events, double Censored, double Survival, double? StdErr, double? Lower, double? Upper);

/// <summary>The curve of one group.</summary>
/// <param name="Group">Group name.</param>
/// <param name="Subjects">Number of subjects.</param>
/// <param name="WeightSum">Σw of the subjects.</param>
/// <param name="Rows">One row per distinct time, ascending.</param>
public sealed record WeightedKmCurve(string Group, int Subjects, double WeightSum, IReadOnlyList<WeightedKmRow> Rows);

/// <summary>
/// The Kaplan–Meier estimator with case weights and its robust (infinitesimal-jackknife) standard error, as R's
/// <c>summary(survfit(Surv(time, event) ~ group, weights = w), censored = TRUE)</c> for non-integer weights
/// (survival ≥ 3.0 then uses <c>robust = TRUE</c>), conf.type "log".
/// </summary>
/// <remarks>
/// <para>
/// At each distinct time t_j: n_j = Σ_{t_i ≥ t_j} w_i, d_j = Σ_{t_i = t_j, δ_i = 1} w_i, Ŝ(t) = Π_{t_j ≤ t} (1 − d_j/n_j).
/// Influence of subject i on log Ŝ(t): −[δ_i 1(t_i ≤ t)/(n_{k(i)} − d_{k(i)}) − C(min(t, t_i))] with
/// C(t) = Σ_{t_j ≤ t} d_j/(n_j(n_j − d_j)); Var Ŝ(t) = Ŝ(t)² Σ_i w_i² (influence)². Subjects still at risk after t share
/// the influence −C(t), so one ascending pass with running sums gives every row: O(n log n) for the sort, O(n) after.
/// With all weights 1 this is the IJ variance, not Greenwood's (R's survfit uses Greenwood for integer weights).
/// </para>
/// <para>
/// CI (log): Ŝ·exp(±z·se/Ŝ), upper limit capped at 1. Edge behaviour: once Ŝ reaches 0 (n_j = d_j) the SE and CI are
/// null; a group without subjects gives no curve.
/// </para>
/// <para>Reference: Kaplan &amp; Meier (1958); Therneau, survival vignette "Approximating a Cox model" / <c>survfitKM</c>
/// influence; Xie &amp; Liu (2005), <i>Stat Med</i> 24:3089 for the weighted estimator.</para>
/// </remarks>
public static class WeightedKaplanMeier
{
    /// <summary>Fits one curve per group.</summary>
    /// <param name="time">Times (≥ 0).</param>
    /// <param name="status">Event indicators.</param>
    /// <param name="group">Group index of each subject (0…groupNames.Count − 1).</param>
    /// <param name="groupNames">Group names, in output order.</param>
    /// <param name="weights">Case weights (&gt; 0); null for 1.</param>
    /// <param name="confidenceLevel">Level of the pointwise CI.</param>
    /// <returns>The curves, in group order (groups without subjects are left out).</returns>
    /// <exception cref="ArgumentException">Lengths differ, a non-finite or negative time, a weight ≤ 0 or a bad group index.</exception>
    public static IReadOnlyList<WeightedKmCurve> Fit(
        double[] time, bool[] status, int[] group, IReadOnlyList<string> groupNames, double[]? weights = null,
        double confidenceLevel = 0.95)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(status);
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(groupNames);
        var n = time.Length;
        if (status.Length != n || group.Length != n || (weights is not null && weights.Length != n))
        {
            throw new ArgumentException("time, status, group and weights must have the same length.", nameof(time));
        }

        for (var i = 0; i < n; i++)
        {
            if (!double.IsFinite(time[i]) || time[i] < 0)
            {
                throw new ArgumentException($"time[{i}] must be finite and ≥ 0.", nameof(time));
            }

            if (weights is not null && !(weights[i] > 0 && double.IsFinite(weights[i])))
            {
                throw new ArgumentException($"weights[{i}] must be finite and > 0.", nameof(weights));
            }

            if (group[i] < 0 || group[i] >= groupNames.Count)
            {
                throw new ArgumentException($"group[{i}] is not a group index.", nameof(group));
            }
        }

        SurvivalMath.CheckLevel(confidenceLevel, nameof(confidenceLevel));
        var z = SurvivalMath.ZCritical(confidenceLevel);
        var order = Enumerable.Range(0, n).ToArray();
        Array.Sort(order, (a, b) => group[a] != group[b] ? group[a].CompareTo(group[b]) : time[a].CompareTo(time[b]));
        var curves = new List<WeightedKmCurve>();
        var start = 0;
        while (start < n)
        {
            var g = group[order[start]];
            var end = start;
            while (end < n && group[order[end]] == g)
            {
                end++;
            }

            curves.Add(Curve(groupNames[g], order[start..end], time, status, weights, z));
            start = end;
        }

        return curves;
    }

    // One group: its subjects sorted by time.
    private static WeightedKmCurve Curve(string name, int[] idx, double[] time, bool[] status, double[]? weights, double z)
    {
        var m = idx.Length;
        double W(int i) => weights is null ? 1.0 : weights[i];
        double atRisk = 0, atRiskSquares = 0;
        foreach (var i in idx)
        {
            atRisk += W(i);
            atRiskSquares += W(i) * W(i);
        }

        var total = atRisk;
        var rows = new List<WeightedKmRow>();
        double s = 1, c = 0, fixedPart = 0;
        var degenerate = false;
        var k = 0;
        while (k < m)
        {
            var t = time[idx[k]];
            var e = k;
            double d = 0, cens = 0;
            while (e < m && time[idx[e]] == t)
            {
                if (status[idx[e]])
                {
                    d += W(idx[e]);
                }
                else
                {
                    cens += W(idx[e]);
                }

                e++;
            }

            var nRisk = atRisk;
            var survivors = nRisk - d;
            s *= survivors / nRisk;
            if (d > 0)
            {
                if (survivors <= 0)
                {
                    degenerate = true;
                }
                else
                {
                    c += d / (nRisk * survivors);
                }
            }

            // Subjects leaving at t: fixed influence from now on.
            double leaving = 0;
            for (var j = k; j < e; j++)
            {
                var i = idx[j];
                var wi = W(i);
                leaving += wi * wi;
                if (!degenerate)
                {
                    var a = (status[i] ? 1.0 / survivors : 0.0) - c;
                    fixedPart += wi * wi * a * a;
                }
            }

            atRiskSquares -= leaving;
            double? se = null, lower = null, upper = null;
            if (!degenerate && s > 0)
            {
                var variance = s * s * (fixedPart + (Math.Max(atRiskSquares, 0) * c * c));
                se = Math.Sqrt(variance);
                var seLog = se.Value / s;
                lower = s * Math.Exp(-z * seLog);
                upper = Math.Min(1.0, s * Math.Exp(z * seLog));
            }

            rows.Add(new WeightedKmRow(t, nRisk, d, cens, s, se, lower, upper));
            for (var j = k; j < e; j++)
            {
                atRisk -= W(idx[j]);
            }

            k = e;
        }

        return new WeightedKmCurve(name, m, total, rows);
    }
}
