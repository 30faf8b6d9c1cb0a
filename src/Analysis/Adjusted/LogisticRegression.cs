using HccOutcomes.Analysis.Survival;

namespace HccOutcomes.Analysis.Adjusted;

/// <summary>One coefficient of a logistic model.</summary>
/// <param name="Term">Term name (<c>(Intercept)</c>, a covariate, or <c>covariate:level</c>).</param>
/// <param name="Coefficient">β̂ on the log-odds scale; null when the column is redundant (R: NA).</param>
/// <param name="StdErr">√diag((XᵀWX)⁻¹).</param>
/// <param name="Z">β̂ / se.</param>
/// <param name="P">Two-sided Wald p-value 2Φ(−|z|).</param>
public sealed record LogisticTerm(string Term, double? Coefficient, double? StdErr, double? Z, double? P);

/// <summary>Result of <see cref="LogisticRegression"/>.</summary>
/// <param name="Converged">True when the deviance converged within the iteration limit.</param>
/// <param name="Iterations">IRLS iterations used (R's <c>fit$iter</c>).</param>
/// <param name="Terms">Coefficients, intercept first.</param>
/// <param name="Fitted">Fitted probabilities μ̂ᵢ = expit(xᵢβ̂), in subject order (R's <c>fitted(fit)</c>).</param>
/// <param name="LinearPredictor">xᵢβ̂, the logit of μ̂ᵢ (R's <c>fit$linear.predictors</c>).</param>
/// <param name="Deviance">Residual deviance −2 log L.</param>
public sealed record LogisticResult(
    bool Converged, int Iterations, IReadOnlyList<LogisticTerm> Terms, double[] Fitted, double[] LinearPredictor, double Deviance);

/// <summary>
/// Logistic regression by iteratively reweighted least squares, as R's <c>glm(y ~ x, family = binomial)</c>
/// (<c>glm.fit</c>, <c>glm.control()</c> defaults).
/// </summary>
/// <remarks>
/// <para>
/// Model: logit P(y = 1 | x) = β₀ + xβ. Start μ = (y + ½)/2, η = logit μ. Each iteration: working response
/// z = η + (y − μ)/μ(1 − μ), weights w = μ(1 − μ), β = (XᵀWX)⁻¹XᵀWz; converged when
/// |D − D_old|/(|D| + 0.1) &lt; 1e−8 (D the deviance), at most 25 iterations. As in R, the standard errors are
/// √diag((XᵀWX)⁻¹) with the weights of the last IRLS step (those of the previous iterate), and μ is clamped to
/// [ε, 1 − ε] for |η| &gt; 30 (R's <c>binomial()$linkinv</c>).
/// </para>
/// <para>
/// Cost O(n·p²) per iteration (normal equations solved by an LDLᵀ decomposition with R survival's pivot tolerance;
/// a redundant column gets a null coefficient, like R's NA). Complete separation does not stop the fit: the
/// coefficients drift, μ̂ reaches the clamp, and <see cref="LogisticResult.Converged"/> may be false.
/// </para>
/// <para>Reference: McCullagh &amp; Nelder (1989), <i>Generalized Linear Models</i>, §2.5; R <c>stats::glm.fit</c>.</para>
/// </remarks>
public static class LogisticRegression
{
    private const double Epsilon = 1e-8;
    private const int MaxIterations = 25;
    private const double DblEpsilon = 2.220446049250313e-16;
    private const double Threshold = 30.0;

    /// <summary>Fits <c>glm(y ~ design, family = binomial)</c> with an intercept.</summary>
    /// <param name="design">The covariates (no intercept column).</param>
    /// <param name="outcome">yᵢ, one per design row.</param>
    /// <param name="interceptName">Name of the intercept term.</param>
    /// <returns>The fit.</returns>
    /// <exception cref="ArgumentException">Lengths differ or no subjects.</exception>
    public static LogisticResult Fit(DesignMatrix design, bool[] outcome, string interceptName = "(Intercept)")
    {
        ArgumentNullException.ThrowIfNull(design);
        ArgumentNullException.ThrowIfNull(outcome);
        var n = design.Rows;
        if (outcome.Length != n || n == 0)
        {
            throw new ArgumentException($"The outcome must have one value per design row ({n}).", nameof(outcome));
        }

        var q = design.Columns;
        var p = q + 1;
        var xv = design.Values;

        // Centre the covariates for the numerics of XᵀWX; the intercept and its variance are restored at the end.
        var means = new double[q];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < q; j++)
            {
                means[j] += xv[(i * q) + j];
            }
        }

        for (var j = 0; j < q; j++)
        {
            means[j] /= n;
        }

        var y = new double[n];
        var eta = new double[n];
        var mu = new double[n];
        for (var i = 0; i < n; i++)
        {
            y[i] = outcome[i] ? 1.0 : 0.0;
            mu[i] = (y[i] + 0.5) / 2.0;
            eta[i] = Math.Log(mu[i] / (1 - mu[i]));
        }

        var devOld = Deviance(y, mu);
        var beta = new double[p];
        var xtwx = new double[p * p];
        var xtwz = new double[p];
        var row = new double[p];
        var converged = false;
        var iterations = 0;
        var dev = devOld;
        var rank = p;
        for (var iter = 1; iter <= MaxIterations; iter++)
        {
            iterations = iter;
            Array.Clear(xtwx);
            Array.Clear(xtwz);
            for (var i = 0; i < n; i++)
            {
                var muEta = MuEta(eta[i]);
                var variance = mu[i] * (1 - mu[i]);
                var z = eta[i] + ((y[i] - mu[i]) / muEta);
                var w = muEta * muEta / variance;
                Row(xv, i, q, means, row);
                for (var a = 0; a < p; a++)
                {
                    var wa = w * row[a];
                    xtwz[a] += wa * z;
                    for (var b = 0; b <= a; b++)
                    {
                        xtwx[(a * p) + b] += wa * row[b];
                    }
                }
            }

            Symmetrize(xtwx, p);
            rank = SmallLinearAlgebra.Cholesky(xtwx, p, 1e-10);
            SmallLinearAlgebra.Solve(xtwx, p, xtwz);
            Array.Copy(xtwz, beta, p);
            for (var i = 0; i < n; i++)
            {
                Row(xv, i, q, means, row);
                double e = 0;
                for (var a = 0; a < p; a++)
                {
                    e += row[a] * beta[a];
                }

                eta[i] = e;
                mu[i] = LinkInverse(e);
            }

            dev = Deviance(y, mu);
            if (Math.Abs(dev - devOld) / (Math.Abs(dev) + 0.1) < Epsilon)
            {
                converged = true;
                break;
            }

            devOld = dev;
        }

        // (XᵀWX)⁻¹ from the last decomposition, in the centred parameterisation; back to the original one:
        // β₀ = β₀c − Σ m_j β_j, var(β₀) = aᵀ V a with a = (1, −m).
        var pivots = new bool[p];
        for (var a = 0; a < p; a++)
        {
            pivots[a] = xtwx[(a * p) + a] != 0;
        }

        SmallLinearAlgebra.Invert(xtwx, p);
        var coef = (double[])beta.Clone();
        for (var j = 0; j < q; j++)
        {
            coef[0] -= means[j] * beta[j + 1];
        }

        var av = new double[p];
        av[0] = 1;
        for (var j = 0; j < q; j++)
        {
            av[j + 1] = -means[j];
        }

        double var0 = 0;
        for (var a = 0; a < p; a++)
        {
            for (var b = 0; b < p; b++)
            {
                var0 += av[a] * xtwx[(a * p) + b] * av[b];
            }
        }

        var terms = new LogisticTerm[p];
        for (var a = 0; a < p; a++)
        {
            var name = a == 0 ? interceptName : design.ColumnNames[a - 1];
            if (!pivots[a] || rank < 0)
            {
                terms[a] = new LogisticTerm(name, pivots[a] ? coef[a] : null, null, null, null);
                continue;
            }

            var se = Math.Sqrt(a == 0 ? var0 : xtwx[(a * p) + a]);
            var zv = coef[a] / se;
            terms[a] = new LogisticTerm(name, coef[a], se, zv, SurvivalMath.TwoSidedP(zv));
        }

        return new LogisticResult(converged, iterations, terms, mu, eta, dev);
    }

    /// <summary>R's <c>binomial()$linkinv</c>: expit with μ clamped to [ε, 1 − ε] beyond |η| = 30.</summary>
    internal static double LinkInverse(double eta) =>
        eta < -Threshold ? DblEpsilon
        : eta > Threshold ? 1 - DblEpsilon
        : 1.0 / (1.0 + Math.Exp(-eta));

    // R's binomial()$mu.eta: e^η/(1 + e^η)², at least ε.
    private static double MuEta(double eta)
    {
        if (Math.Abs(eta) > Threshold)
        {
            return DblEpsilon;
        }

        var opexp = 1 + Math.Exp(eta);
        return Math.Max(Math.Exp(eta) / (opexp * opexp), DblEpsilon);
    }

    private static double Deviance(double[] y, double[] mu)
    {
        double d = 0;
        for (var i = 0; i < y.Length; i++)
        {
            d -= 2 * (y[i] > 0 ? Math.Log(mu[i]) : Math.Log(1 - mu[i]));
        }

        return d;
    }

    private static void Row(double[] xv, int i, int q, double[] means, double[] row)
    {
        row[0] = 1;
        for (var j = 0; j < q; j++)
        {
            row[j + 1] = xv[(i * q) + j] - means[j];
        }
    }

    private static void Symmetrize(double[] m, int p)
    {
        for (var a = 0; a < p; a++)
        {
            for (var b = a + 1; b < p; b++)
            {
                m[(a * p) + b] = m[(b * p) + a];
            }
        }
    }
}
