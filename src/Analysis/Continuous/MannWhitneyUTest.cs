using HccOutcomes.Analysis.Continuous.Numerics;

namespace HccOutcomes.Analysis.Continuous;

/// <summary>Result of <see cref="MannWhitneyUTest"/>.</summary>
/// <param name="W">R's statistic W = U for x: the rank sum of x minus nx(nx + 1)/2 (the number of pairs with x &gt; y, ties counting ½).</param>
/// <param name="U">min(W, nx·ny − W), the U that SPSS prints.</param>
/// <param name="Z">The standardized statistic after the continuity correction: (W − nx·ny/2 − sign·½)/σ.</param>
/// <param name="PValue">Two-sided p-value from the normal approximation; NaN when every observation is tied (σ = 0), as in R.</param>
/// <param name="ContinuityCorrected">Whether the ½ continuity correction was applied.</param>
/// <param name="TieCount">Number of distinct values that occur more than once across both samples.</param>
public sealed record MannWhitneyResult(double W, double U, double Z, double PValue, bool ContinuityCorrected, int TieCount);

/// <summary>
/// The Wilcoxon–Mann–Whitney rank-sum test, two-sided, by the normal approximation with tie correction and (by default)
/// continuity correction: R's <c>wilcox.test(x, y, exact = FALSE, correct = TRUE)</c>. SPSS's asymptotic
/// "Asymp. Sig. (2-tailed)" is the same test without the continuity correction (<c>continuityCorrection: false</c>).
/// </summary>
/// <remarks>
/// <para>Formula: pooled mid-ranks; W = Σ rank(xᵢ) − nx(nx + 1)/2; with N = nx + ny and tᵢ the sizes of tied groups,
/// σ² = (nx·ny/12)·[(N + 1) − Σ(tᵢ³ − tᵢ)/(N(N − 1))]; z = (W − nx·ny/2 − sign(W − nx·ny/2)·½)/σ;
/// p = 2·min(Φ(z), 1 − Φ(z)).</para>
/// <para>Edge behaviour: empty samples or NaN/infinite values throw <see cref="ArgumentException"/> naming the argument;
/// when all observations are equal σ = 0 and, like R, Z and the p-value are NaN. No exact p-value is computed.</para>
/// <para>Reference: Mann &amp; Whitney (1947); Wilcoxon (1945); Lehmann, Nonparametrics (1975) §1.4; R 4.2.2 <c>stats::wilcox.test</c>.</para>
/// </remarks>
public static class MannWhitneyUTest
{
    /// <summary>Runs the test.</summary>
    /// <param name="x">First sample.</param>
    /// <param name="y">Second sample.</param>
    /// <param name="continuityCorrection">Apply the ½ continuity correction (R's default <c>correct = TRUE</c>).</param>
    /// <exception cref="ArgumentException">Empty samples or non-finite values.</exception>
    public static MannWhitneyResult Compute(IReadOnlyList<double> x, IReadOnlyList<double> y, bool continuityCorrection = true)
    {
        var xs = SampleArguments.Validate(x, nameof(x));
        var ys = SampleArguments.Validate(y, nameof(y));
        int nx = xs.Length, ny = ys.Length, n = nx + ny;

        // Pooled mid-ranks.
        var order = new int[n];
        var values = new double[n];
        for (var i = 0; i < n; i++)
        {
            order[i] = i;
            values[i] = i < nx ? xs[i] : ys[i - nx];
        }

        Array.Sort(values, order);
        var ranks = new double[n];
        double tieSum = 0;
        var tieCount = 0;
        for (var start = 0; start < n;)
        {
            var end = start;
            while (end + 1 < n && values[end + 1] == values[start])
            {
                end++;
            }

            var midRank = (start + end) / 2.0 + 1.0;
            for (var k = start; k <= end; k++)
            {
                ranks[order[k]] = midRank;
            }

            double t = end - start + 1;
            if (t > 1)
            {
                tieSum += t * t * t - t;
                tieCount++;
            }

            start = end + 1;
        }

        double rankSumX = 0;
        for (var i = 0; i < nx; i++)
        {
            rankSumX += ranks[i];
        }

        double dnx = nx, dny = ny, dn = n;
        var w = rankSumX - dnx * (dnx + 1) / 2;
        var centred = w - dnx * dny / 2;
        var sigma = Math.Sqrt(dnx * dny / 12 * ((dn + 1) - tieSum / (dn * (dn - 1))));
        var correction = continuityCorrection ? Math.Sign(centred) * 0.5 : 0.0;
        var z = (centred - correction) / sigma;
        var p = 2 * Math.Min(Probability.NormalLowerTail(z), Probability.NormalUpperTail(z));
        if (double.IsNaN(z))
        {
            p = double.NaN;
        }

        return new MannWhitneyResult(w, Math.Min(w, dnx * dny - w), z, p, continuityCorrection, tieCount);
    }
}
