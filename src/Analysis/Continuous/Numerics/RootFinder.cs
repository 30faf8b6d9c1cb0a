namespace HccOutcomes.Analysis.Continuous.Numerics;

/// <summary>
/// Brent's root finder in the Forsythe–Malcolm–Moler "zeroin" form, the algorithm behind R's
/// <c>uniroot()</c>. Reproducing R's iteration (same tolerance rule, same interpolation
/// acceptance test, same default tolerance) makes roots that R computes with the loose default
/// tolerance (for example the conditional odds ratio of <c>fisher.test</c>) agree to far better
/// than the tolerance itself.
/// </summary>
internal static class RootFinder
{
    /// <summary>R's default <c>uniroot</c> tolerance, <c>.Machine$double.eps^0.25</c> = 2^-13.</summary>
    public const double RDefaultTolerance = 1.220703125e-4;

    /// <summary>
    /// Finds a root of <paramref name="f"/> in [<paramref name="lower"/>, <paramref name="upper"/>],
    /// as <c>uniroot(f, c(lower, upper), tol = tolerance, maxiter = maxIterations)$root</c>.
    /// </summary>
    /// <exception cref="ArithmeticException">f(lower) and f(upper) have the same sign.</exception>
    public static double Uniroot(Func<double, double> f, double lower, double upper,
        double tolerance = RDefaultTolerance, int maxIterations = 1000)
    {
        var fLower = f(lower);
        var fUpper = f(upper);
        if (double.IsNaN(fLower) || double.IsNaN(fUpper))
        {
            throw new ArithmeticException("The function is NaN at an end point of the interval.");
        }

        if (fLower * fUpper > 0)
        {
            throw new ArithmeticException("The function values at the end points are not of opposite sign.");
        }

        return Zeroin(f, lower, upper, fLower, fUpper, tolerance, maxIterations);
    }

    private static double Zeroin(Func<double, double> f, double ax, double bx, double fa, double fb,
        double tol, int maxIterations)
    {
        const double eps = 2.220446049250313e-16;
        double a = ax, b = bx, c = a, fc = fa;
        if (fa == 0.0)
        {
            return a;
        }

        if (fb == 0.0)
        {
            return b;
        }

        for (var iteration = 0; iteration <= maxIterations; iteration++)
        {
            var previousStep = b - a;
            if (Math.Abs(fc) < Math.Abs(fb))
            {
                // Make b the best approximation so far.
                a = b; b = c; c = a;
                fa = fb; fb = fc; fc = fa;
            }

            var actualTolerance = 2 * eps * Math.Abs(b) + tol / 2;
            var step = (c - b) / 2;
            if (Math.Abs(step) <= actualTolerance || fb == 0.0)
            {
                return b;
            }

            if (Math.Abs(previousStep) >= actualTolerance && Math.Abs(fa) > Math.Abs(fb))
            {
                double p, q;
                var cb = c - b;
                if (a == c)
                {
                    // Linear interpolation (secant).
                    var t1 = fb / fa;
                    p = cb * t1;
                    q = 1.0 - t1;
                }
                else
                {
                    // Inverse quadratic interpolation.
                    double qa = fa / fc, t1 = fb / fc, t2 = fb / fa;
                    p = t2 * (cb * qa * (qa - t1) - (b - a) * (t1 - 1.0));
                    q = (qa - 1.0) * (t1 - 1.0) * (t2 - 1.0);
                }

                if (p > 0)
                {
                    q = -q;
                }
                else
                {
                    p = -p;
                }

                if (p < 0.75 * cb * q - Math.Abs(actualTolerance * q) / 2 && p < Math.Abs(previousStep * q / 2))
                {
                    step = p / q;
                }
            }

            if (Math.Abs(step) < actualTolerance)
            {
                step = step > 0 ? actualTolerance : -actualTolerance;
            }

            a = b; fa = fb;
            b += step;
            fb = f(b);
            if ((fb > 0 && fc > 0) || (fb < 0 && fc < 0))
            {
                c = a; fc = fa;
            }
        }

        return b;
    }
}
