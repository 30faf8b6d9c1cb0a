using System.Collections;

namespace HccOutcomes.Analysis.Survival;

/// <summary>
/// Kaplan–Meier product-limit estimator per group, matching R's
/// <c>summary(survfit(Surv(time, event) ~ group, conf.type = ...), censored = TRUE)</c>.
/// </summary>
/// <remarks>
/// <para>
/// At each distinct time t_j (event or censoring) of a group: n_j at risk (time ≥ t_j), d_j events, c_j
/// censorings, Ŝ(t_j) = Π_{i≤j} (1 − d_i/n_i).
/// Greenwood: Var(log Ŝ) = σ²(t) = Σ d_i / (n_i (n_i − d_i)); se(log Ŝ) = σ (R's <c>fit$std.err</c>),
/// se(Ŝ) = Ŝ·σ (R's <c>summary(fit)$std.err</c>).
/// When n_i = d_i (the curve drops to 0) σ² is infinite, so se(Ŝ) is undefined (R: NA) and reported as null.
/// </para>
/// <para>
/// Pointwise CI (z = Φ⁻¹(1 − α/2)), as R's <c>survfit_confint</c>:
/// log: exp(log Ŝ ± zσ), upper clipped at 1, null when Ŝ = 0;
/// log-log: exp(−exp(log(−log Ŝ) ∓ zσ/log Ŝ)), null when Ŝ ∈ {0, 1};
/// plain: Ŝ ± z·Ŝσ clipped to [0, 1], null when σ is infinite.
/// </para>
/// <para>Reference: Kaplan &amp; Meier (1958); Greenwood (1926); R survival 3.5-3 <c>survfitKM</c>.</para>
/// </remarks>
public static class KaplanMeier
{
    /// <summary>Fits one Kaplan–Meier curve per group of the sample.</summary>
    /// <param name="sample">The prepared sample.</param>
    /// <param name="transform">CI transform (R's <c>conf.type</c>), default log.</param>
    /// <param name="confidenceLevel">Confidence level in (0, 1), default 0.95.</param>
    /// <returns>The curves, in group order.</returns>
    public static KaplanMeierFit Fit(
        SurvivalSample sample,
        ConfidenceTransform transform = ConfidenceTransform.Log,
        double confidenceLevel = 0.95)
        => FitCore(sample, transform, confidenceLevel, reverse: false);

    /// <summary>
    /// Reverse Kaplan–Meier (event indicator flipped: censorings are the "events"), used for median
    /// follow-up; see <see cref="MedianFollowUp"/>. Equivalent to R's <c>survfit(Surv(time, 1 - event) ~ group)</c>.
    /// </summary>
    /// <param name="sample">The prepared sample.</param>
    /// <param name="transform">CI transform, default log.</param>
    /// <param name="confidenceLevel">Confidence level in (0, 1), default 0.95.</param>
    /// <returns>The reverse curves, in group order.</returns>
    public static KaplanMeierFit FitReverse(
        SurvivalSample sample,
        ConfidenceTransform transform = ConfidenceTransform.Log,
        double confidenceLevel = 0.95)
        => FitCore(sample, transform, confidenceLevel, reverse: true);

    private static KaplanMeierFit FitCore(SurvivalSample sample, ConfidenceTransform transform, double level, bool reverse)
    {
        ArgumentNullException.ThrowIfNull(sample);
        SurvivalMath.CheckLevel(level, "confidenceLevel");
        var curves = KaplanMeierCurve.ComputeAll(sample, reverse, transform, level);
        return new KaplanMeierFit(curves, transform, level, reverse);
    }
}

/// <summary>The Kaplan–Meier curves of all groups of a sample.</summary>
public sealed class KaplanMeierFit
{
    internal KaplanMeierFit(KaplanMeierCurve[] curves, ConfidenceTransform transform, double level, bool reverse)
    {
        Curves = curves;
        Transform = transform;
        ConfidenceLevel = level;
        IsReverse = reverse;
    }

    /// <summary>One curve per group, in group order.</summary>
    public IReadOnlyList<KaplanMeierCurve> Curves { get; }

    /// <summary>CI transform used.</summary>
    public ConfidenceTransform Transform { get; }

    /// <summary>Confidence level used.</summary>
    public double ConfidenceLevel { get; }

    /// <summary>True for a reverse (follow-up) Kaplan–Meier fit.</summary>
    public bool IsReverse { get; }

    /// <summary>The curve of the named group.</summary>
    /// <param name="group">Group name.</param>
    /// <returns>The curve.</returns>
    /// <exception cref="ArgumentException">No such group.</exception>
    public KaplanMeierCurve this[string group]
    {
        get
        {
            foreach (var c in Curves)
            {
                if (string.Equals(c.Group, group, StringComparison.Ordinal))
                {
                    return c;
                }
            }

            throw new ArgumentException($"No group named '{group}'.", nameof(group));
        }
    }
}

/// <summary>One row of a Kaplan–Meier table (R's <c>summary(fit, censored = TRUE)</c>).</summary>
/// <param name="Time">Distinct time (event or censoring).</param>
/// <param name="AtRisk">Number at risk just before <paramref name="Time"/>.</param>
/// <param name="Events">Number of events at <paramref name="Time"/>.</param>
/// <param name="Censored">Number censored at <paramref name="Time"/>.</param>
/// <param name="Survival">Ŝ(t).</param>
/// <param name="StdErr">Greenwood standard error of Ŝ(t) (R's <c>std.err</c> in <c>summary</c>); null when undefined.</param>
/// <param name="StdErrLog">Standard error of log Ŝ(t) (R's <c>fit$std.err</c>); null when infinite.</param>
/// <param name="Lower">Lower pointwise confidence limit; null when undefined.</param>
/// <param name="Upper">Upper pointwise confidence limit; null when undefined.</param>
public readonly record struct KaplanMeierRow(
    double Time, int AtRisk, int Events, int Censored, double Survival,
    double? StdErr, double? StdErrLog, double? Lower, double? Upper);

/// <summary>Survival estimate at a landmark time (R's <c>summary(fit, times = t, extend = TRUE)</c>).</summary>
/// <param name="Time">The landmark time.</param>
/// <param name="AtRisk">Number at risk at the landmark time (0 beyond the last observation).</param>
/// <param name="Survival">Ŝ(t) (1 before the first observed time).</param>
/// <param name="StdErr">Standard error of Ŝ(t); null when undefined.</param>
/// <param name="Lower">Lower confidence limit; null when undefined.</param>
/// <param name="Upper">Upper confidence limit; null when undefined.</param>
public sealed record LandmarkEstimate(double Time, int AtRisk, double Survival, double? StdErr, double? Lower, double? Upper);

/// <summary>
/// A Kaplan–Meier curve of one group, with Greenwood standard errors and pointwise confidence limits; see
/// <see cref="KaplanMeier"/> for the formulas.
/// </summary>
public sealed class KaplanMeierCurve
{
    private readonly double[] _time;
    private readonly int[] _nRisk;
    private readonly int[] _nEvent;
    private readonly int[] _nCensor;
    private readonly double[] _surv;
    private readonly double[] _varLog; // Greenwood sum; +Inf once the curve reached 0
    private readonly double[] _lower;  // NaN = undefined
    private readonly double[] _upper;

    private KaplanMeierCurve(
        string group, int n, int events, double[] time, int[] nRisk, int[] nEvent, int[] nCensor,
        double[] surv, double[] varLog, ConfidenceTransform transform, double level)
    {
        Group = group;
        Count = n;
        Events = events;
        _time = time;
        _nRisk = nRisk;
        _nEvent = nEvent;
        _nCensor = nCensor;
        _surv = surv;
        _varLog = varLog;
        Transform = transform;
        ConfidenceLevel = level;
        _lower = new double[time.Length];
        _upper = new double[time.Length];
        var z = SurvivalMath.ZCritical(level);
        for (var i = 0; i < time.Length; i++)
        {
            (_lower[i], _upper[i]) = ConfidenceLimits(surv[i], Math.Sqrt(varLog[i]), z, transform);
        }

        Rows = new RowList(this);
    }

    /// <summary>Group name.</summary>
    public string Group { get; }

    /// <summary>Number of subjects in the group.</summary>
    public int Count { get; }

    /// <summary>Number of events in the group (for a reverse curve: number of censorings).</summary>
    public int Events { get; }

    /// <summary>CI transform.</summary>
    public ConfidenceTransform Transform { get; }

    /// <summary>Confidence level.</summary>
    public double ConfidenceLevel { get; }

    /// <summary>One row per distinct time, event or censoring, in ascending time.</summary>
    public IReadOnlyList<KaplanMeierRow> Rows { get; }

    internal ReadOnlySpan<double> Times => _time;

    internal ReadOnlySpan<double> SurvivalValues => _surv;

    internal ReadOnlySpan<double> LowerValues => _lower;

    internal ReadOnlySpan<double> UpperValues => _upper;

    internal ReadOnlySpan<int> EventCounts => _nEvent;

    internal ReadOnlySpan<double> GreenwoodSums => _varLog;

    /// <summary>
    /// Median survival time in the requested convention: R (<see cref="SurvivalQuantiles.Quantile"/> with p = 0.5)
    /// or SPSS (<see cref="SpssMedian.Compute"/>). Members are null when not reached.
    /// </summary>
    /// <param name="convention">The convention.</param>
    /// <returns>The median with its confidence interval.</returns>
    public SurvivalQuantile Median(MedianConvention convention = MedianConvention.R)
        => convention == MedianConvention.Spss ? SpssMedian.Compute(this) : SurvivalQuantiles.Quantile(this, 0.5);

    /// <summary>The same curve with confidence limits for another transform or level (no refit).</summary>
    /// <param name="transform">CI transform.</param>
    /// <param name="confidenceLevel">Confidence level in (0, 1).</param>
    /// <returns>A new curve object.</returns>
    public KaplanMeierCurve WithConfidence(ConfidenceTransform transform, double confidenceLevel = 0.95)
    {
        SurvivalMath.CheckLevel(confidenceLevel, nameof(confidenceLevel));
        return new KaplanMeierCurve(Group, Count, Events, _time, _nRisk, _nEvent, _nCensor, _surv, _varLog, transform, confidenceLevel);
    }

    /// <summary>
    /// Survival at a landmark time, as R's <c>summary(fit, times = t, extend = TRUE)</c>: the values of the last
    /// row with time ≤ t (right-continuous step function); S = 1, se = 0 and CI (1, 1) before the first time;
    /// the last row's values beyond the last time.
    /// </summary>
    /// <param name="landmark">Landmark time, finite and ≥ 0.</param>
    /// <returns>The estimate.</returns>
    /// <exception cref="ArgumentException">Negative or non-finite time.</exception>
    public LandmarkEstimate SurvivalAt(double landmark)
    {
        if (!double.IsFinite(landmark) || landmark < 0)
        {
            throw new ArgumentException("Landmark times must be finite and non-negative.", nameof(landmark));
        }

        var idx = LastIndexAtOrBefore(landmark);
        var after = idx + 1; // first row with time > landmark
        var firstGe = idx >= 0 && _time[idx] == landmark ? idx : after;
        var atRisk = firstGe < _time.Length ? _nRisk[firstGe] : 0;
        if (idx < 0)
        {
            return new LandmarkEstimate(landmark, atRisk, 1.0, 0.0, 1.0, 1.0);
        }

        return new LandmarkEstimate(
            landmark, atRisk, _surv[idx], StdErrOfSurvival(idx),
            SurvivalMath.Finite(_lower[idx]), SurvivalMath.Finite(_upper[idx]));
    }

    /// <summary>Survival at several landmark times; see <see cref="SurvivalAt(double)"/>.</summary>
    /// <param name="landmarks">Landmark times.</param>
    /// <returns>One estimate per landmark, in the given order.</returns>
    public IReadOnlyList<LandmarkEstimate> SurvivalAt(IReadOnlyList<double> landmarks)
    {
        ArgumentNullException.ThrowIfNull(landmarks);
        var result = new LandmarkEstimate[landmarks.Count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = SurvivalAt(landmarks[i]);
        }

        return result;
    }

    /// <summary>Index of the last row with time ≤ t, or −1.</summary>
    internal int LastIndexAtOrBefore(double t)
    {
        int lo = 0, hi = _time.Length - 1, ans = -1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_time[mid] <= t)
            {
                ans = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return ans;
    }

    /// <summary>Greenwood SE of S at row i (null when undefined).</summary>
    internal double? StdErrOfSurvival(int i) => SurvivalMath.Finite(Math.Sqrt(_varLog[i]) * _surv[i]);

    /// <summary>
    /// Builds the curves of all groups in two passes over the globally sorted data (no per-group copies): the
    /// first counts each group's distinct times, the second fills the rows.
    /// </summary>
    internal static KaplanMeierCurve[] ComputeAll(SurvivalSample sample, bool reverse, ConfidenceTransform transform, double level)
    {
        var t = sample.Time;
        var status = sample.Status;
        var group = sample.Group;
        var n = t.Length;
        var k = sample.GroupCount;

        var distinct = new int[k];
        var last = new double[k];
        Array.Fill(last, double.NaN);
        for (var i = 0; i < n; i++)
        {
            var g = group[i];
            if (t[i] != last[g])
            {
                distinct[g]++;
                last[g] = t[i];
            }
        }

        var time = new double[k][];
        var nRisk = new int[k][];
        var nEvent = new int[k][];
        var nCensor = new int[k][];
        for (var g = 0; g < k; g++)
        {
            time[g] = new double[distinct[g]];
            nRisk[g] = new int[distinct[g]];
            nEvent[g] = new int[distinct[g]];
            nCensor[g] = new int[distinct[g]];
        }

        var row = new int[k];
        Array.Fill(row, -1);
        var eventCode = reverse ? (byte)0 : (byte)1;
        for (var i = 0; i < n; i++)
        {
            var g = group[i];
            var r = row[g];
            if (r < 0 || t[i] != time[g][r])
            {
                r = ++row[g];
                time[g][r] = t[i];
            }

            if (status[i] == eventCode)
            {
                nEvent[g][r]++;
            }
            else
            {
                nCensor[g][r]++;
            }
        }

        var curves = new KaplanMeierCurve[k];
        for (var g = 0; g < k; g++)
        {
            var m = distinct[g];
            var surv = new double[m];
            var varLog = new double[m];
            var atRisk = sample.GroupSizes[g];
            var events = 0;
            double s = 1.0, v = 0.0;
            int[] nr = nRisk[g], ne = nEvent[g], nc = nCensor[g];
            for (var r = 0; r < m; r++)
            {
                var d = ne[r];
                if (d > 0)
                {
                    s *= 1.0 - ((double)d / atRisk);
                    v += atRisk == d ? double.PositiveInfinity : d / ((double)atRisk * (atRisk - d));
                }

                nr[r] = atRisk;
                surv[r] = s;
                varLog[r] = v;
                events += d;
                atRisk -= d + nc[r];
            }

            curves[g] = new KaplanMeierCurve(
                sample.GroupNames[g], sample.GroupSizes[g], events, time[g], nr, ne, nc, surv, varLog, transform, level);
        }

        return curves;
    }

    /// <summary>R's <c>survfit_confint</c> with <c>logse = TRUE</c>. NaN marks an undefined limit.</summary>
    internal static (double Lower, double Upper) ConfidenceLimits(double p, double seLog, double z, ConfidenceTransform transform)
    {
        switch (transform)
        {
            case ConfidenceTransform.Plain:
                {
                    var se2 = seLog * p * z;
                    double lo = p - se2, hi = p + se2;
                    if (double.IsNaN(se2))
                    {
                        return (double.NaN, double.NaN);
                    }

                    return (Math.Max(lo, 0.0), Math.Min(hi, 1.0));
                }

            case ConfidenceTransform.Log:
                {
                    if (p == 0 || double.IsNaN(seLog))
                    {
                        return (double.NaN, double.NaN);
                    }

                    var se2 = z * seLog;
                    var lp = Math.Log(p);
                    return (Math.Exp(lp - se2), Math.Min(Math.Exp(lp + se2), 1.0));
                }

            case ConfidenceTransform.LogLog:
                {
                    if (p == 0 || p == 1 || double.IsNaN(seLog))
                    {
                        return (double.NaN, double.NaN);
                    }

                    var lp = Math.Log(p);
                    var se2 = z * seLog / lp;
                    var ll = Math.Log(-lp);
                    return (Math.Exp(-Math.Exp(ll - se2)), Math.Exp(-Math.Exp(ll + se2)));
                }

            default:
                throw new ArgumentOutOfRangeException(nameof(transform), transform, "Unknown confidence transform.");
        }
    }

    private sealed class RowList(KaplanMeierCurve c) : IReadOnlyList<KaplanMeierRow>
    {
        public int Count => c._time.Length;

        public KaplanMeierRow this[int index]
        {
            get
            {
                ArgumentOutOfRangeException.ThrowIfNegative(index);
                ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
                return new KaplanMeierRow(
                    c._time[index], c._nRisk[index], c._nEvent[index], c._nCensor[index], c._surv[index],
                    c.StdErrOfSurvival(index), SurvivalMath.Finite(Math.Sqrt(c._varLog[index])),
                    SurvivalMath.Finite(c._lower[index]), SurvivalMath.Finite(c._upper[index]));
            }
        }

        public IEnumerator<KaplanMeierRow> GetEnumerator()
        {
            for (var i = 0; i < Count; i++)
            {
                yield return this[i];
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
