using MathNet.Numerics;
using MathNet.Numerics.Distributions;

namespace HccOutcomes.Analysis.Continuous.Numerics;

/// <summary>
/// Distribution functions used by the tests, written as the R calls they stand for
/// (<c>pt</c>, <c>qt</c>, <c>pchisq(lower.tail = FALSE)</c>, <c>qbeta</c>, <c>qnorm</c>, <c>pnorm</c>).
/// Upper tails are computed directly (not as 1 − CDF) so small p-values keep their relative precision.
/// </summary>
internal static class Probability
{
    /// <summary>Upper tail of the standard normal, <c>pnorm(z, lower.tail = FALSE)</c>.</summary>
    public static double NormalUpperTail(double z) => 0.5 * SpecialFunctions.Erfc(z / Math.Sqrt(2.0));

    /// <summary>Lower tail of the standard normal, <c>pnorm(z)</c>.</summary>
    public static double NormalLowerTail(double z) => 0.5 * SpecialFunctions.Erfc(-z / Math.Sqrt(2.0));

    /// <summary>Standard normal quantile, <c>qnorm(p)</c>.</summary>
    public static double NormalQuantile(double p) => Normal.InvCDF(0.0, 1.0, p);

    /// <summary>Upper tail of the chi-square distribution, <c>pchisq(x, df, lower.tail = FALSE)</c>.</summary>
    public static double ChiSquareUpperTail(double x, double degreesOfFreedom)
    {
        if (double.IsNaN(x))
        {
            return double.NaN;
        }

        if (x <= 0)
        {
            return 1.0;
        }

        if (double.IsPositiveInfinity(x))
        {
            return 0.0;
        }

        return SpecialFunctions.GammaUpperRegularized(degreesOfFreedom / 2.0, x / 2.0);
    }

    /// <summary>Two-sided Student t p-value, <c>2 * pt(-abs(t), df)</c> = I_{df/(df+t²)}(df/2, 1/2).</summary>
    public static double StudentTTwoSided(double t, double degreesOfFreedom)
    {
        if (double.IsNaN(t) || double.IsNaN(degreesOfFreedom))
        {
            return double.NaN;
        }

        if (double.IsInfinity(t))
        {
            return 0.0;
        }

        var t2 = t * t;
        var x = degreesOfFreedom / (degreesOfFreedom + t2);
        if (x >= 1.0)
        {
            return 1.0;
        }

        return Math.Min(1.0, SpecialFunctions.BetaRegularized(degreesOfFreedom / 2.0, 0.5, x));
    }

    /// <summary>Student t quantile, <c>qt(p, df)</c>, by inverting the regularized incomplete beta function.</summary>
    public static double StudentTQuantile(double p, double degreesOfFreedom)
    {
        if (p <= 0)
        {
            return double.NegativeInfinity;
        }

        if (p >= 1)
        {
            return double.PositiveInfinity;
        }

        if (p == 0.5)
        {
            return 0.0;
        }

        var twoSidedTail = 2 * Math.Min(p, 1 - p);
        var x = BetaQuantile(twoSidedTail, degreesOfFreedom / 2.0, 0.5);
        var t = Math.Sqrt(degreesOfFreedom * (1 - x) / x);
        return p > 0.5 ? t : -t;
    }

    /// <summary>
    /// Beta quantile, <c>qbeta(p, a, b)</c>: the x in [0, 1] with I_x(a, b) = p, found by Brent's method to
    /// machine precision on MathNet's regularized incomplete beta function.
    /// </summary>
    public static double BetaQuantile(double p, double a, double b)
    {
        if (p <= 0)
        {
            return 0.0;
        }

        if (p >= 1)
        {
            return 1.0;
        }

        return RootFinder.Uniroot(x => SpecialFunctions.BetaRegularized(a, b, x) - p, 0.0, 1.0, tolerance: 0.0);
    }

    /// <summary>log(k!) for k ≥ 0.</summary>
    public static double LogFactorial(int k) => SpecialFunctions.FactorialLn(k);

    /// <summary>log of the binomial coefficient C(n, k).</summary>
    public static double LogChoose(int n, int k) => LogFactorial(n) - LogFactorial(k) - LogFactorial(n - k);

    /// <summary>A table of log(k!) for k = 0..n.</summary>
    public static double[] LogFactorialTable(int n)
    {
        var table = new double[n + 1];
        for (var k = 0; k <= n; k++)
        {
            table[k] = LogFactorial(k);
        }

        return table;
    }
}
