namespace HccOutcomes.Analysis.Adjusted;

/// <summary>Mean and SD of a covariate column in one group.</summary>
/// <param name="Mean">Mean.</param>
/// <param name="Sd">Sample SD (n − 1) for a continuous column, √(p(1 − p)) for a binary one.</param>
public sealed record GroupMoments(double Mean, double Sd);

/// <summary>A value before adjustment, after weighting and after matching (null when not computed).</summary>
/// <param name="Unadjusted">In the unadjusted groups.</param>
/// <param name="Weighted">With the weights.</param>
/// <param name="Matched">In the matched subjects.</param>
public sealed record AdjustedValue(double? Unadjusted, double? Weighted, double? Matched);

/// <summary>The balance of one design column (a continuous covariate, a 0/1 covariate or one level of a categorical one).</summary>
/// <param name="Covariate">Column name (<c>covariate:level</c> for a level).</param>
/// <param name="Type"><c>continuous</c> or <c>binary</c>.</param>
/// <param name="Treated">Unadjusted treated mean and SD.</param>
/// <param name="Control">Unadjusted control mean and SD.</param>
/// <param name="Smd">Standardized mean differences.</param>
/// <param name="VarianceRatio">Treated/control variance ratios (continuous only; null for binary).</param>
/// <param name="WeightedTreatedMean">Weighted treated mean (null without weights).</param>
/// <param name="WeightedControlMean">Weighted control mean (null without weights).</param>
/// <param name="MatchedTreatedMean">Matched treated mean (null without matching).</param>
/// <param name="MatchedControlMean">Matched control mean (null without matching).</param>
public sealed record BalanceRow(
    string Covariate, string Type, GroupMoments Treated, GroupMoments Control, AdjustedValue Smd, AdjustedValue? VarianceRatio,
    double? WeightedTreatedMean, double? WeightedControlMean, double? MatchedTreatedMean, double? MatchedControlMean);

/// <summary>
/// Covariate balance between treated and controls: standardized mean differences and variance ratios, unadjusted,
/// weighted and matched.
/// </summary>
/// <remarks>
/// <para>
/// Rows: one per numeric covariate (binary when its only values are 0 and 1, else continuous) and one per level of a
/// categorical covariate, its reference level included (binary indicator).
/// SMD = (m_t − m_c)/√((s_t² + s_c²)/2), where s is always from the unadjusted groups (sample SD, n − 1, for continuous;
/// √(p(1 − p)) for binary) and m is the unadjusted, weighted (Σwx/Σw within the group) or matched (mean over matched
/// subjects) mean. Variance ratio = v_t/v_c: unadjusted sample variances; weighted with the reliability-weights variance
/// Σw(x − m)²·Σw/((Σw)² − Σw²) (cobalt's <c>col_w_var</c>); matched, the sample variances of the matched subjects.
/// </para>
/// <para>
/// Edge behaviour: a pooled SD of 0 gives SMD 0 when the means are equal and null otherwise; a zero control
/// variance gives a null ratio; a group with fewer than two subjects gives null SDs and ratios.
/// One pass over the subjects per column, O(n·columns).
/// </para>
/// <para>Reference: Austin (2009), <i>Stat Med</i> 28:3083; R cobalt <c>bal.tab</c> (s.d.denom = "pooled").</para>
/// </remarks>
public static class CovariateBalance
{
    /// <summary>Computes the balance rows.</summary>
    /// <param name="covariates">The covariates.</param>
    /// <param name="treated">True for the treated.</param>
    /// <param name="weights">Weights of the adjusted comparison (null: no weighted column).</param>
    /// <param name="matched">True for the matched subjects (null: no matched column).</param>
    /// <returns>One row per continuous/binary covariate and per level.</returns>
    public static IReadOnlyList<BalanceRow> Compute(
        IReadOnlyList<ModelCovariate> covariates, bool[] treated, double[]? weights = null, bool[]? matched = null)
    {
        ArgumentNullException.ThrowIfNull(covariates);
        ArgumentNullException.ThrowIfNull(treated);
        var rows = new List<BalanceRow>();
        foreach (var c in covariates)
        {
            if (c.Count != treated.Length)
            {
                throw new ArgumentException($"Covariate '{c.Name}' has {c.Count} values, not {treated.Length}.", nameof(covariates));
            }

            if (c.IsCategorical)
            {
                foreach (var level in c.Levels)
                {
                    var x = c.Labels!.Select(l => string.Equals(l, level, StringComparison.Ordinal) ? 1.0 : 0.0).ToArray();
                    rows.Add(Row(c.Name + ":" + level, x, true, treated, weights, matched));
                }
            }
            else
            {
                var x = c.Numbers!;
                var binary = x.All(v => v is 0.0 or 1.0);
                rows.Add(Row(c.Name, x, binary, treated, weights, matched));
            }
        }

        return rows;
    }

    /// <summary>(m_t − m_c)/√((s_t² + s_c²)/2); 0 when both SDs are 0 and the means equal, null when undefined.</summary>
    public static double? StandardizedDifference(double meanT, double sdT, double meanC, double sdC) =>
        double.IsFinite(sdT) && double.IsFinite(sdC) ? Smd(meanT, meanC, Math.Sqrt(((sdT * sdT) + (sdC * sdC)) / 2)) : null;

    /// <summary>The SMD of a proportion: SDs √(p(1 − p)).</summary>
    public static double? StandardizedDifference(double proportionT, double proportionC) =>
        StandardizedDifference(proportionT, Math.Sqrt(proportionT * (1 - proportionT)), proportionC, Math.Sqrt(proportionC * (1 - proportionC)));

    private static BalanceRow Row(string name, double[] x, bool binary, bool[] treated, double[]? weights, bool[]? matched)
    {
        var t = Moments.Of(x, treated, true, null, null);
        var c = Moments.Of(x, treated, false, null, null);
        double? sdT = binary ? Math.Sqrt(t.Mean * (1 - t.Mean)) : t.SampleVariance is { } vt ? Math.Sqrt(vt) : null;
        double? sdC = binary ? Math.Sqrt(c.Mean * (1 - c.Mean)) : c.SampleVariance is { } vc ? Math.Sqrt(vc) : null;
        double? pooled = sdT is { } a && sdC is { } b ? Math.Sqrt(((a * a) + (b * b)) / 2) : null;

        Moments? wt = null, wc = null, mt = null, mc = null;
        if (weights is not null)
        {
            wt = Moments.Of(x, treated, true, weights, null);
            wc = Moments.Of(x, treated, false, weights, null);
        }

        if (matched is not null)
        {
            mt = Moments.Of(x, treated, true, null, matched);
            mc = Moments.Of(x, treated, false, null, matched);
        }

        var smd = new AdjustedValue(
            Smd(t.Mean, c.Mean, pooled),
            wt is null ? null : Smd(wt.Mean, wc!.Mean, pooled),
            mt is null ? null : Smd(mt.Mean, mc!.Mean, pooled));
        var ratio = binary ? null : new AdjustedValue(
            Ratio(t.SampleVariance, c.SampleVariance),
            wt is null ? null : Ratio(wt.SampleVariance, wc!.SampleVariance),
            mt is null ? null : Ratio(mt.SampleVariance, mc!.SampleVariance));
        return new BalanceRow(
            name, binary ? "binary" : "continuous", new GroupMoments(t.Mean, sdT ?? double.NaN), new GroupMoments(c.Mean, sdC ?? double.NaN),
            smd, ratio, wt?.Mean, wc?.Mean, mt?.Mean, mc?.Mean);
    }

    private static double? Smd(double mt, double mc, double? pooled)
    {
        if (double.IsNaN(mt) || double.IsNaN(mc) || pooled is null)
        {
            return null;
        }

        return pooled.Value > 0 ? (mt - mc) / pooled.Value : mt == mc ? 0 : null;
    }

    private static double? Ratio(double? vt, double? vc) => vt is { } a && vc is { } b && b > 0 ? a / b : null;

    /// <summary>Weighted (or plain) mean and variance of the subjects of one group, optionally only the matched ones.</summary>
    private sealed record Moments(double Mean, double? SampleVariance)
    {
        public static Moments Of(double[] x, bool[] treated, bool group, double[]? w, bool[]? include)
        {
            double sw = 0, sw2 = 0, swx = 0;
            for (var i = 0; i < x.Length; i++)
            {
                if (treated[i] != group || (include is not null && !include[i]))
                {
                    continue;
                }

                var wi = w is null ? 1.0 : w[i];
                sw += wi;
                sw2 += wi * wi;
                swx += wi * x[i];
            }

            if (sw <= 0)
            {
                return new Moments(double.NaN, null);
            }

            var mean = swx / sw;
            double ss = 0;
            for (var i = 0; i < x.Length; i++)
            {
                if (treated[i] != group || (include is not null && !include[i]))
                {
                    continue;
                }

                var wi = w is null ? 1.0 : w[i];
                var d = x[i] - mean;
                ss += wi * d * d;
            }

            // Unweighted: ss/(n − 1); weighted: reliability weights, ss·Σw/((Σw)² − Σw²), which is ss/(n − 1) at w = 1.
            var denominator = (sw * sw) - sw2;
            return new Moments(mean, denominator > 0 ? ss * sw / denominator : null);
        }
    }
}
