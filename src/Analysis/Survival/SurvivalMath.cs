using MathNet.Numerics;
using MathNet.Numerics.Distributions;

namespace HccOutcomes.Analysis.Survival;

/// <summary>Small numerical helpers shared by the survival classes (internal).</summary>
internal static class SurvivalMath
{
    /// <summary>R's <c>sqrt(.Machine$double.eps)</c>, the default tolerance of <c>quantile.survfit</c> and <c>aeqSurv</c>.</summary>
    internal const double SqrtEps = 1.4901161193847656e-08;

    /// <summary>Two-sided normal critical value z = Φ⁻¹(1 − (1 − level)/2), as R's <c>qnorm</c>.</summary>
    internal static double ZCritical(double confidenceLevel) => Normal.InvCDF(0.0, 1.0, 1.0 - ((1.0 - confidenceLevel) / 2.0));

    /// <summary>Two-sided p-value 2·Φ(−|z|).</summary>
    internal static double TwoSidedP(double z) => 2.0 * Normal.CDF(0.0, 1.0, -Math.Abs(z));

    /// <summary>Upper tail of the chi-square distribution, computed directly (no 1 − CDF cancellation).</summary>
    internal static double ChiSquareUpper(double x, int df)
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

        return SpecialFunctions.GammaUpperRegularized(df / 2.0, x / 2.0);
    }

    /// <summary>Maps NaN/infinity to null.</summary>
    internal static double? Finite(double x) => double.IsFinite(x) ? x : null;

    /// <summary>Validates a confidence level in (0, 1).</summary>
    internal static void CheckLevel(double confidenceLevel, string paramName)
    {
        if (!(confidenceLevel > 0.0 && confidenceLevel < 1.0))
        {
            throw new ArgumentException("The confidence level must lie strictly between 0 and 1.", paramName);
        }
    }

    /// <summary>Chi-square test from a statistic, with null members when it is not finite.</summary>
    internal static ChiSquareStatistic ChiSquare(double statistic, int df)
        => double.IsFinite(statistic) && df > 0
            ? new ChiSquareStatistic(statistic, df, ChiSquareUpper(statistic, df))
            : new ChiSquareStatistic(null, df, null);
}
