using HccOutcomes.Analysis.Continuous.Numerics;

namespace HccOutcomes.Analysis.Continuous;

/// <summary>
/// The Shapiro–Wilk test of normality by Royston's algorithm AS R94, as R's <c>shapiro.test(x)</c>, for 3 ≤ n ≤ 5000.
/// </summary>
/// <remarks>
/// <para>Formula: W = (Σ aᵢ x₍ᵢ₎)² / Σ(xᵢ − x̄)², with Royston's approximations of the coefficients aᵢ: mᵢ = Φ⁻¹((i − 3/8)/(n + 1/4)),
/// the two extreme coefficients from polynomials in 1/√n, the rest mᵢ normalized. W is computed as a squared correlation
/// (via 1 − W) to avoid rounding error near 1.
/// p-value: n = 3 exact, p = (6/π)(asin √W − asin √(3/4)); 4 ≤ n ≤ 11: −log(γ − log(1 − W)) is normal with mean and SD
/// polynomials in n (γ = −2.273 + 0.459n); n ≥ 12: log(1 − W) is normal with mean and SD polynomials in log n; p is the upper tail.</para>
/// <para>Edge behaviour: n &lt; 3 or n &gt; 5000, NaN/infinite values or all values identical throw
/// <see cref="ArgumentException"/> naming the argument. As in R, a sample whose range is below 1e-10 is first divided by its range.</para>
/// <para>Reference: Royston (1995) Appl Stat 44:547–551 (AS R94); Royston (1992) Stat Comput 2:117–119; R 4.2.2 <c>stats::shapiro.test</c>.</para>
/// </remarks>
public static class ShapiroWilkTest
{
    private static readonly double[] G = [-2.273, 0.459];
    private static readonly double[] C1 = [0.0, 0.221157, -0.147981, -2.07119, 4.434685, -2.706056];
    private static readonly double[] C2 = [0.0, 0.042981, -0.293762, -1.752461, 5.682633, -3.582633];
    private static readonly double[] C3 = [0.544, -0.39978, 0.025054, -6.714e-4];
    private static readonly double[] C4 = [1.3822, -0.77857, 0.062767, -0.0020322];
    private static readonly double[] C5 = [-1.5861, -0.31082, -0.083751, 0.0038915];
    private static readonly double[] C6 = [-0.4803, -0.082676, 0.0030302];

    /// <summary>Runs the test.</summary>
    /// <param name="values">The sample, 3 to 5000 finite values, not all equal.</param>
    /// <exception cref="ArgumentException">Invalid sample.</exception>
    public static NormalityTestResult Compute(IReadOnlyList<double> values)
    {
        var x = SampleArguments.Validate(values, nameof(values), 3);
        var n = x.Length;
        if (n > 5000)
        {
            throw new ArgumentException($"The Shapiro–Wilk test needs 3 to 5000 values; got {n}.", nameof(values));
        }

        SampleArguments.SortAscending(x);
        var range = x[n - 1] - x[0];
        if (range == 0)
        {
            throw new ArgumentException("All values are identical.", nameof(values));
        }

        if (range < 1e-10)
        {
            for (var i = 0; i < n; i++)
            {
                x[i] /= range;
            }

            range = x[n - 1] - x[0];
        }

        var a = Coefficients(n);
        var w1 = OneMinusW(x, a, range);
        var w = 1 - w1;
        return new NormalityTestResult(w, PValue(w, w1, n), n, "Shapiro-Wilk normality test");
    }

    /// <summary>Royston's coefficients a[1..n/2] (1-based; a[0] unused), the upper half with signs as in AS R94.</summary>
    private static double[] Coefficients(int n)
    {
        var half = n / 2;
        var a = new double[half + 1];
        if (n == 3)
        {
            a[1] = 0.70710678; // √½ to the precision AS R94 (and R) use
            return a;
        }

        double an = n;
        var an25 = an + 0.25;
        double summ2 = 0;
        var m = new double[half + 1];
        for (var i = 1; i <= half; i++)
        {
            m[i] = Probability.NormalQuantile((i - 0.375) / an25);
            summ2 += m[i] * m[i];
        }

        summ2 *= 2;
        var ssumm2 = Math.Sqrt(summ2);
        var rsn = 1 / Math.Sqrt(an);
        var a1 = Poly(C1, rsn) - m[1] / ssumm2;
        int first;
        double fac;
        if (n > 5)
        {
            first = 3;
            var a2 = -m[2] / ssumm2 + Poly(C2, rsn);
            fac = Math.Sqrt((summ2 - 2 * m[1] * m[1] - 2 * m[2] * m[2]) / (1 - 2 * a1 * a1 - 2 * a2 * a2));
            a[2] = a2;
        }
        else
        {
            first = 2;
            fac = Math.Sqrt((summ2 - 2 * m[1] * m[1]) / (1 - 2 * a1 * a1));
        }

        a[1] = a1;
        for (var i = first; i <= half; i++)
        {
            a[i] = -m[i] / fac;
        }

        return a;
    }

    /// <summary>1 − W as one minus the squared correlation between the sorted data and the coefficients.</summary>
    private static double OneMinusW(double[] x, double[] a, double range)
    {
        var n = x.Length;

        // Coefficient of the i-th order statistic (0-based): −a[i+1] in the lower half, +a[n−i] in the upper, 0 in the middle.
        double Coefficient(int i)
        {
            var j = n - 1 - i;
            return i == j ? 0.0 : Math.Sign(i - j) * a[1 + Math.Min(i, j)];
        }

        double sa = 0, sx = 0;
        for (var i = 0; i < n; i++)
        {
            sa += Coefficient(i);
            sx += x[i] / range;
        }

        sa /= n;
        sx /= n;
        double ssa = 0, ssx = 0, sax = 0;
        for (var i = 0; i < n; i++)
        {
            var asa = Coefficient(i) - sa;
            var xsx = x[i] / range - sx;
            ssa += asa * asa;
            ssx += xsx * xsx;
            sax += asa * xsx;
        }

        var ssassx = Math.Sqrt(ssa * ssx);
        return (ssassx - sax) * (ssassx + sax) / (ssa * ssx);
    }

    private static double PValue(double w, double w1, int n)
    {
        if (n == 3)
        {
            const double sixOverPi = 1.90985931710274;
            const double asinSqrtThreeQuarters = 1.04719755119660;
            return Math.Max(0.0, sixOverPi * (Math.Asin(Math.Sqrt(w)) - asinSqrtThreeQuarters));
        }

        double an = n;
        var y = Math.Log(w1);
        var logN = Math.Log(an);
        double mean, sd;
        if (n <= 11)
        {
            var gamma = Poly(G, an);
            if (y >= gamma)
            {
                return 1e-99; // R's "obvious" value
            }

            y = -Math.Log(gamma - y);
            mean = Poly(C3, an);
            sd = Math.Exp(Poly(C4, an));
        }
        else
        {
            mean = Poly(C5, logN);
            sd = Math.Exp(Poly(C6, logN));
        }

        return Probability.NormalUpperTail((y - mean) / sd);
    }

    /// <summary>c[0] + c[1]x + … + c[k]x^k evaluated as in AS 181.2.</summary>
    private static double Poly(double[] c, double x)
    {
        var result = c[0];
        if (c.Length > 1)
        {
            var p = x * c[^1];
            for (var j = c.Length - 2; j > 0; j--)
            {
                p = (p + c[j]) * x;
            }

            result += p;
        }

        return result;
    }
}
