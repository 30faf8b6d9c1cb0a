using HccOutcomes.Analysis.Survival;

namespace HccOutcomes.Analysis.Adjusted;

/// <summary>One term of an adjusted Cox model; statistics are null when the column is redundant.</summary>
/// <param name="Term">Design column name.</param>
/// <param name="Coefficient">β̂.</param>
/// <param name="StdErr">Model-based SE √diag(I⁻¹) (R's <c>sqrt(diag(fit$naive.var))</c> when robust).</param>
/// <param name="RobustStdErr">Sandwich SE (null unless robust); z, p and the CI then use it.</param>
/// <param name="Z">β̂ / SE used.</param>
/// <param name="P">Two-sided Wald p-value.</param>
/// <param name="HazardRatio">exp(β̂).</param>
/// <param name="Lower">exp(β̂ − z₁₋α/₂·SE used).</param>
/// <param name="Upper">exp(β̂ + z₁₋α/₂·SE used).</param>
public sealed record AdjustedCoxTerm(
    string Term, double? Coefficient, double? StdErr, double? RobustStdErr, double? Z, double? P, double? HazardRatio,
    double? Lower, double? Upper);

/// <summary>Result of <see cref="WeightedCoxRegression"/>.</summary>
public sealed class AdjustedCoxResult
{
    internal AdjustedCoxResult(
        bool converged, int iterations, IReadOnlyList<AdjustedCoxTerm> terms, double nullLogLik, double logLik,
        double[] beta, double[,] variance, double[,]? robustVariance, int events, CoxTies ties, DesignMatrix design,
        CoxRiskSets riskSets)
    {
        Converged = converged;
        Iterations = iterations;
        Terms = terms;
        NullLogLikelihood = nullLogLik;
        LogLikelihood = logLik;
        Beta = beta;
        Variance = variance;
        RobustVariance = robustVariance;
        Events = events;
        Ties = ties;
        Design = design;
        RiskSets = riskSets;
    }

    /// <summary>True when the log-likelihood converged within the iteration limit.</summary>
    public bool Converged { get; }

    /// <summary>Newton–Raphson iterations (R's <c>fit$iter</c>).</summary>
    public int Iterations { get; }

    /// <summary>The terms, in design column order.</summary>
    public IReadOnlyList<AdjustedCoxTerm> Terms { get; }

    /// <summary>Weighted partial log-likelihood at β = 0.</summary>
    public double NullLogLikelihood { get; }

    /// <summary>Weighted partial log-likelihood at β̂.</summary>
    public double LogLikelihood { get; }

    /// <summary>Number of events.</summary>
    public int Events { get; }

    /// <summary>Tie handling used.</summary>
    public CoxTies Ties { get; }

    /// <summary>The design the model was fitted on.</summary>
    public DesignMatrix Design { get; }

    /// <summary>Model-based variance I(β̂)⁻¹.</summary>
    public double[,] Variance { get; }

    /// <summary>Sandwich variance (null unless robust).</summary>
    public double[,]? RobustVariance { get; }

    /// <summary>Wald test β̂ᵀ V⁻¹ β̂ with the variance used (robust when requested), df = estimable terms.</summary>
    public ChiSquareStatistic Wald { get; internal init; } = new(null, 0, null);

    /// <summary>Likelihood-ratio test 2(ℓ(β̂) − ℓ(0)), df = estimable terms (with weights, R prints it but it is not a valid test).</summary>
    public ChiSquareStatistic LikelihoodRatio => SurvivalMath.ChiSquare(2 * (LogLikelihood - NullLogLikelihood), Terms.Count(t => t.Coefficient is not null));

    internal double[] Beta { get; }

    internal CoxRiskSets RiskSets { get; }
}

/// <summary>
/// Cox proportional-hazards regression with case weights, strata and a robust (sandwich) or cluster-robust variance,
/// as R's <c>coxph(Surv(time, event) ~ x + strata(s), weights = w, robust = TRUE | cluster = c, ties = …)</c>
/// (survival 3.5-3: <c>coxfit6</c>, <c>coxscore2</c>, <c>residuals.coxph(type = "dfbeta", weighted = TRUE)</c>).
/// </summary>
/// <remarks>
/// <para>
/// Weighted partial log-likelihood ℓ(β) = Σ_s Σ_{deaths i in s} w_i [x_iβ − log Σ_{j ∈ R_s(t_i)} w_j e^{x_jβ}], risk
/// sets within each stratum s (a separate baseline hazard per stratum). Ties: Breslow, or Efron: the d tied deaths at t
/// (death weight W) contribute Σ_{k=0}^{d−1} (W/d)·log(D − (k/d)·D_dead).
/// </para>
/// <para>
/// Fitting: β₀ = 0, Newton–Raphson, halving a step that lowers ℓ; converged when |1 − ℓ_old/ℓ_new| ≤ 1e−9, at most 20
/// iterations (R's <c>coxph.control()</c>), the same iterates as R's. Variance I(β̂)⁻¹ (generalised Cholesky; a redundant
/// column has null statistics).
/// </para>
/// <para>
/// Robust variance: D = diag(w)·L·I⁻¹ with L the score residuals (<see cref="CoxRiskSets.ScoreResiduals"/>); rows summed
/// within clusters (each subject its own cluster when only <c>robust</c>); V = DᵀD (Lin &amp; Wei 1989; Binder 1992).
/// A cluster implies robust. z, p and the CI use the robust SE, as <c>summary(coxph)</c> does.
/// </para>
/// <para>
/// Cost: one sort, then O(n·p²) per iteration and O(n·p) for the residuals. Edge behaviour: no events → no fit
/// (<see cref="ArgumentException"/>); a diverging coefficient (monotone likelihood) is reported as the last iterate with
/// a large SE, without R's "coefficient may be infinite" warning.
/// </para>
/// <para>References: Cox (1972); Efron (1977); Lin &amp; Wei (1989), <i>JASA</i> 84:1074; Therneau &amp; Grambsch (2000).</para>
/// </remarks>
public static class WeightedCoxRegression
{
    private const int MaxIterations = 20;
    private const double Epsilon = 1e-9;
    private static readonly double CholeskyTolerance = Math.Pow(2.220446049250313e-16, 0.75);

    /// <summary>Fits the model.</summary>
    /// <param name="time">Follow-up times.</param>
    /// <param name="status">Event indicators.</param>
    /// <param name="design">The covariate columns.</param>
    /// <param name="weights">Case weights (&gt; 0); null for 1.</param>
    /// <param name="strata">Stratum index of each subject; null for none.</param>
    /// <param name="cluster">Cluster index of each subject (implies robust); null for none.</param>
    /// <param name="robust">Report the sandwich variance.</param>
    /// <param name="ties">Efron (R's default) or Breslow.</param>
    /// <param name="confidenceLevel">Level of the HR intervals.</param>
    /// <returns>The fit.</returns>
    /// <exception cref="ArgumentException">Lengths differ, a non-finite time or weight ≤ 0, or no events.</exception>
    public static AdjustedCoxResult Fit(
        double[] time, bool[] status, DesignMatrix design, double[]? weights = null, int[]? strata = null,
        int[]? cluster = null, bool robust = false, CoxTies ties = CoxTies.Efron, double confidenceLevel = 0.95)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(status);
        ArgumentNullException.ThrowIfNull(design);
        var n = time.Length;
        if (status.Length != n || design.Rows != n || (weights is not null && weights.Length != n)
            || (strata is not null && strata.Length != n) || (cluster is not null && cluster.Length != n))
        {
            throw new ArgumentException("time, status, design, weights, strata and cluster must have the same length.", nameof(time));
        }

        for (var i = 0; i < n; i++)
        {
            if (!double.IsFinite(time[i]))
            {
                throw new ArgumentException($"time[{i}] is not finite.", nameof(time));
            }

            if (weights is not null && !(weights[i] > 0 && double.IsFinite(weights[i])))
            {
                throw new ArgumentException($"weights[{i}] must be finite and > 0.", nameof(weights));
            }
        }

        SurvivalMath.CheckLevel(confidenceLevel, nameof(confidenceLevel));
        var sets = new CoxRiskSets(time, status, design, weights, strata);
        if (sets.Events == 0)
        {
            throw new ArgumentException("There are no events; the Cox model cannot be estimated.", nameof(status));
        }

        var efron = ties == CoxTies.Efron;
        var p = design.Columns;
        var beta = new double[p];
        var newBeta = new double[p];
        var u = new double[p];
        var imat = new double[p * p];

        // coxfit6: evaluate at β₀, take the Newton step, then iterate with step halving.
        var loglik = sets.Evaluate(beta, efron, u, imat);
        var nullLoglik = loglik;
        var chol = (double[])imat.Clone();
        SmallLinearAlgebra.Cholesky(chol, p, CholeskyTolerance);
        var step = (double[])u.Clone();
        SmallLinearAlgebra.Solve(chol, p, step);
        for (var j = 0; j < p; j++)
        {
            newBeta[j] = beta[j] + step[j];
        }

        var converged = false;
        var halving = false;
        var iterations = 0;
        var newLoglik = loglik;
        for (var iter = 1; iter <= MaxIterations; iter++)
        {
            iterations = iter;
            newLoglik = sets.Evaluate(newBeta, efron, u, imat);
            var finite = double.IsFinite(newLoglik);
            if (finite && Math.Abs(1 - (loglik / newLoglik)) <= Epsilon && !halving)
            {
                Array.Copy(newBeta, beta, p);
                loglik = newLoglik;
                converged = true;
                break;
            }

            if (iter == MaxIterations)
            {
                break;
            }

            if (!finite || newLoglik < loglik)
            {
                halving = true;
                for (var j = 0; j < p; j++)
                {
                    newBeta[j] = (newBeta[j] + beta[j]) / 2;
                }
            }
            else
            {
                halving = false;
                loglik = newLoglik;
                Array.Copy(imat, chol, p * p);
                SmallLinearAlgebra.Cholesky(chol, p, CholeskyTolerance);
                Array.Copy(u, step, p);
                SmallLinearAlgebra.Solve(chol, p, step);
                for (var j = 0; j < p; j++)
                {
                    beta[j] = newBeta[j];
                    newBeta[j] += step[j];
                }
            }
        }

        if (!converged)
        {
            // R returns the last accepted β; re-evaluate there so that I and the residuals belong to it.
            loglik = sets.Evaluate(beta, efron, u, imat);
        }

        var inverse = (double[])imat.Clone();
        SmallLinearAlgebra.Cholesky(inverse, p, CholeskyTolerance);
        var singular = new bool[p];
        for (var j = 0; j < p; j++)
        {
            singular[j] = inverse[(j * p) + j] == 0;
        }

        SmallLinearAlgebra.Invert(inverse, p);

        double[]? robustVariance = null;
        if (robust || cluster is not null)
        {
            robustVariance = Sandwich(sets, efron, inverse, cluster);
        }

        var z = SurvivalMath.ZCritical(confidenceLevel);
        var terms = new AdjustedCoxTerm[p];
        for (var j = 0; j < p; j++)
        {
            var name = design.ColumnNames[j];
            if (singular[j])
            {
                terms[j] = new AdjustedCoxTerm(name, null, null, null, null, null, null, null, null);
                continue;
            }

            var se = Math.Sqrt(inverse[(j * p) + j]);
            double? robustSe = robustVariance is null ? null : Math.Sqrt(robustVariance[(j * p) + j]);
            var used = robustSe ?? se;
            var zv = beta[j] / used;
            terms[j] = new AdjustedCoxTerm(
                name, beta[j], se, robustSe, zv, SurvivalMath.TwoSidedP(zv), Math.Exp(beta[j]),
                Math.Exp(beta[j] - (z * used)), Math.Exp(beta[j] + (z * used)));
        }

        // Wald: βᵀ V⁻¹ β over the estimable terms.
        var waldVariance = robustVariance ?? inverse;
        var keep = Enumerable.Range(0, p).Where(j => !singular[j]).ToArray();
        var vk = new double[keep.Length * keep.Length];
        var bk = keep.Select(j => beta[j]).ToArray();
        for (var a = 0; a < keep.Length; a++)
        {
            for (var b = 0; b < keep.Length; b++)
            {
                vk[(a * keep.Length) + b] = waldVariance[(keep[a] * p) + keep[b]];
            }
        }

        var solved = (double[])bk.Clone();
        SmallLinearAlgebra.Cholesky(vk, keep.Length, CholeskyTolerance);
        SmallLinearAlgebra.Solve(vk, keep.Length, solved);
        return new AdjustedCoxResult(
            converged, iterations, terms, nullLoglik, loglik, beta, ToMatrix(inverse, p),
            robustVariance is null ? null : ToMatrix(robustVariance, p), sets.Events, ties, design, sets)
        {
            Wald = SurvivalMath.ChiSquare(bk.Select((b, a) => b * solved[a]).Sum(), keep.Length),
        };
    }

    // DᵀD with D = diag(w) L V, rows summed within clusters.
    private static double[] Sandwich(CoxRiskSets sets, bool efron, double[] v, int[]? cluster)
    {
        var p = sets.P;
        var resid = sets.ScoreResiduals(efron);
        var n = sets.Order.Length;
        var dfbeta = new double[n * p];
        for (var k = 0; k < n; k++)
        {
            var w = sets.Weight(k);
            for (var j = 0; j < p; j++)
            {
                double sum = 0;
                for (var l = 0; l < p; l++)
                {
                    sum += resid[(k * p) + l] * v[(l * p) + j];
                }

                dfbeta[(k * p) + j] = w * sum;
            }
        }

        double[] rows;
        int count;
        if (cluster is null)
        {
            rows = dfbeta;
            count = n;
        }
        else
        {
            var index = new Dictionary<int, int>();
            var summed = new List<double[]>();
            for (var k = 0; k < n; k++)
            {
                var c = cluster[sets.Order[k]];
                if (!index.TryGetValue(c, out var r))
                {
                    r = summed.Count;
                    index[c] = r;
                    summed.Add(new double[p]);
                }

                for (var j = 0; j < p; j++)
                {
                    summed[r][j] += dfbeta[(k * p) + j];
                }
            }

            count = summed.Count;
            rows = [.. summed.SelectMany(r => r)];
        }

        var result = new double[p * p];
        for (var r = 0; r < count; r++)
        {
            for (var j = 0; j < p; j++)
            {
                for (var l = 0; l < p; l++)
                {
                    result[(j * p) + l] += rows[(r * p) + j] * rows[(r * p) + l];
                }
            }
        }

        return result;
    }

    private static double[,] ToMatrix(double[] m, int p)
    {
        var result = new double[p, p];
        for (var j = 0; j < p; j++)
        {
            for (var l = 0; l < p; l++)
            {
                result[j, l] = m[(j * p) + l];
            }
        }

        return result;
    }
}
