using HccOutcomes.Analysis.Continuous.Numerics;

namespace HccOutcomes.Analysis.Continuous;

/// <summary>
/// The Kolmogorov–Smirnov test of normality with the Lilliefors correction (mean and SD estimated from the sample),
/// as R's <c>nortest::lillie.test(x)</c>; SPSS's Explore reports the same D as "Kolmogorov-Smirnov (Lilliefors Significance Correction)".
/// </summary>
/// <remarks>
/// <para>Statistic: with zᵢ = (x₍ᵢ₎ − x̄)/s (s with denominator n − 1) and pᵢ = Φ(zᵢ), D = max(max(i/n − pᵢ), max(pᵢ − (i − 1)/n)).</para>
/// <para>p-value: Dallal &amp; Wilkinson's (1986) analytic approximation
/// p = exp(−7.01256·Kd²(nd + 2.78019) + 2.99587·Kd·√(nd + 2.78019) − 0.122119 + 0.974598/√nd + 1.67997/nd),
/// with Kd = D, nd = n for n ≤ 100 and Kd = D(n/100)^0.49, nd = 100 above. When that exceeds 0.1, nortest switches to
/// Stephens' (1974) modified statistic KK = (√n − 0.01 + 0.85/√n)·D and its piecewise quartic (p = 1 for KK ≤ 0.302,
/// p = 0 for KK &gt; 1.31); this class does the same. SPSS instead prints 0.200 as a lower bound whenever p &gt; 0.2,
/// so p-values above 0.2 are not comparable with SPSS; D is.</para>
/// <para>Edge behaviour: n &lt; 5, NaN/infinite values, or all values identical throw <see cref="ArgumentException"/> naming the argument.</para>
/// <para>Reference: Lilliefors (1967) JASA 62:399–402; Dallal &amp; Wilkinson (1986) Am Stat 40:294–296; Stephens (1974);
/// nortest 1.0-4 <c>lillie.test</c>.</para>
/// </remarks>
public static class LillieforsTest
{
    /// <summary>Runs the test.</summary>
    /// <param name="values">The sample, at least 5 finite values, not all equal.</param>
    /// <exception cref="ArgumentException">Invalid sample.</exception>
    public static NormalityTestResult Compute(IReadOnlyList<double> values)
    {
        var x = SampleArguments.Validate(values, nameof(values), 5);
        SampleArguments.SortAscending(x);
        var n = x.Length;
        var mean = SampleArguments.Mean(x);
        var sd = Math.Sqrt(SampleArguments.Variance(x, mean));
        if (sd == 0)
        {
            throw new ArgumentException("All values are identical.", nameof(values));
        }

        double dPlus = double.NegativeInfinity, dMinus = double.NegativeInfinity;
        for (var i = 0; i < n; i++)
        {
            var p = Probability.NormalLowerTail((x[i] - mean) / sd);
            dPlus = Math.Max(dPlus, (i + 1.0) / n - p);
            dMinus = Math.Max(dMinus, p - (double)i / n);
        }

        var d = Math.Max(dPlus, dMinus);
        return new NormalityTestResult(d, PValue(d, n), n, "Lilliefors (Kolmogorov-Smirnov) normality test");
    }

    /// <summary>The Dallal–Wilkinson / Stephens p-value of nortest for statistic <paramref name="d"/> and sample size <paramref name="n"/>.</summary>
    private static double PValue(double d, int n)
    {
        double kd = d, nd = n;
        if (n > 100)
        {
            kd = d * Math.Pow(n / 100.0, 0.49);
            nd = 100;
        }

        var p = Math.Exp(-7.01256 * kd * kd * (nd + 2.78019) + 2.99587 * kd * Math.Sqrt(nd + 2.78019)
            - 0.122119 + 0.974598 / Math.Sqrt(nd) + 1.67997 / nd);
        if (p <= 0.1)
        {
            return p;
        }

        var sqrtN = Math.Sqrt(n);
        var kk = (sqrtN - 0.01 + 0.85 / sqrtN) * d;
        double kk2 = kk * kk, kk3 = kk2 * kk, kk4 = kk2 * kk2;
        if (kk <= 0.302)
        {
            return 1.0;
        }

        if (kk <= 0.5)
        {
            return 2.76773 - 19.828315 * kk + 80.709644 * kk2 - 138.55152 * kk3 + 81.218052 * kk4;
        }

        if (kk <= 0.9)
        {
            return -4.901232 + 40.662806 * kk - 97.490286 * kk2 + 94.029866 * kk3 - 32.355711 * kk4;
        }

        if (kk <= 1.31)
        {
            return 6.198765 - 19.558097 * kk + 23.186922 * kk2 - 12.234627 * kk3 + 2.423045 * kk4;
        }

        return 0.0;
    }
}
