using System.Buffers;

namespace HccOutcomes.Analysis.Survival;

/// <summary>Iteration control of <see cref="CoxRegression"/>, with R's <c>coxph.control()</c> defaults.</summary>
public sealed record CoxControl
{
    /// <summary>Maximum Newton–Raphson iterations (R <c>iter.max</c> = 20).</summary>
    public int MaxIterations { get; init; } = 20;

    /// <summary>Convergence: |1 − loglik_old/loglik_new| ≤ Epsilon (R <c>eps</c> = 1e−9).</summary>
    public double Epsilon { get; init; } = 1e-9;

    /// <summary>Relative pivot tolerance of the Cholesky decomposition (R <c>toler.chol</c> = ε^0.75).</summary>
    public double CholeskyTolerance { get; init; } = Math.Pow(2.220446049250313e-16, 0.75);

    /// <summary>Tolerance of the infinite-coefficient check (R <c>toler.inf</c> = √eps).</summary>
    public double InfiniteTolerance { get; init; } = Math.Sqrt(1e-9);

    /// <summary>Testing aid: evaluate the likelihood with the generic O(n·p²) loop only (no fast paths).</summary>
    internal bool GeneralEvaluatorOnly { get; init; }

    /// <summary>Stops the fit before each likelihood evaluation (the caller has gone away).</summary>
    public CancellationToken CancellationToken { get; init; }
}

/// <summary>Outcome of a Cox fit.</summary>
public enum CoxFitStatus
{
    /// <summary>Converged; all coefficients finite.</summary>
    Converged,

    /// <summary>
    /// Converged in log-likelihood but at least one coefficient is drifting to ±∞ (monotone likelihood, e.g. no
    /// events in one group). R warns "Loglik converged before variable …; coefficient may be infinite".
    /// The affected terms have <see cref="CoxTerm.IsInfinite"/> set and null statistics.
    /// </summary>
    InfiniteCoefficient,

    /// <summary>Some columns are linearly dependent on others (R: coefficient NA); their statistics are null.</summary>
    Singular,

    /// <summary>The iteration limit was reached without convergence; no estimates are reported.</summary>
    DidNotConverge,

    /// <summary>No events: nothing can be estimated.</summary>
    NoEvents,
}

/// <summary>One term (column) of a fitted Cox model. Statistics are null when not estimable.</summary>
/// <param name="Term">Term name.</param>
/// <param name="Coefficient">β̂.</param>
/// <param name="StdErr">se(β̂) = √diag(I⁻¹).</param>
/// <param name="Z">β̂ / se.</param>
/// <param name="P">Two-sided Wald p-value 2Φ(−|z|).</param>
/// <param name="HazardRatio">exp(β̂).</param>
/// <param name="Lower">exp(β̂ − z₁₋α/₂ se).</param>
/// <param name="Upper">exp(β̂ + z₁₋α/₂ se).</param>
/// <param name="IsInfinite">True when the coefficient diverges (monotone likelihood).</param>
/// <param name="IsSingular">True when the column is redundant (R: NA).</param>
/// <param name="Direction">For an infinite coefficient, the sign of its drift (+1: HR → ∞, −1: HR → 0); else 0.</param>
/// <param name="RobustStdErr">Robust (sandwich) SE when requested; z, p and the CI then use it. Null otherwise.</param>
public sealed record CoxTerm(
    string Term, double? Coefficient, double? StdErr, double? Z, double? P,
    double? HazardRatio, double? Lower, double? Upper, bool IsInfinite, bool IsSingular, int Direction, double? RobustStdErr = null);

/// <summary>Result of <see cref="CoxRegression"/>.</summary>
public sealed class CoxResult
{
    internal CoxResult(
        CoxTies ties, CoxFitStatus status, string? message, int iterations, IReadOnlyList<CoxTerm> terms,
        double nullLogLik, double? logLik, ChiSquareStatistic lr, ChiSquareStatistic wald, ChiSquareStatistic score,
        double[,]? variance, int n, int events, double confidenceLevel)
    {
        Ties = ties;
        Status = status;
        Message = message;
        Iterations = iterations;
        Terms = terms;
        NullLogLikelihood = nullLogLik;
        LogLikelihood = logLik;
        LikelihoodRatio = lr;
        Wald = wald;
        Score = score;
        Variance = variance;
        Count = n;
        Events = events;
        ConfidenceLevel = confidenceLevel;
    }

    /// <summary>Tie handling used.</summary>
    public CoxTies Ties { get; }

    /// <summary>Outcome of the fit.</summary>
    public CoxFitStatus Status { get; }

    /// <summary>True when the log-likelihood converged (also true for <see cref="CoxFitStatus.InfiniteCoefficient"/>).</summary>
    public bool Converged => Status is CoxFitStatus.Converged or CoxFitStatus.InfiniteCoefficient or CoxFitStatus.Singular;

    /// <summary>Human-readable explanation when the status is not <see cref="CoxFitStatus.Converged"/>.</summary>
    public string? Message { get; }

    /// <summary>Newton–Raphson iterations used (R's <c>fit$iter</c>).</summary>
    public int Iterations { get; }

    /// <summary>The model terms, in design order.</summary>
    public IReadOnlyList<CoxTerm> Terms { get; }

    /// <summary>Partial log-likelihood at β = 0 (R's <c>fit$loglik[1]</c>).</summary>
    public double NullLogLikelihood { get; }

    /// <summary>Partial log-likelihood at β̂ (R's <c>fit$loglik[2]</c>); null when not converged.</summary>
    public double? LogLikelihood { get; }

    /// <summary>Likelihood-ratio test 2(ℓ(β̂) − ℓ(0)), df = number of estimable terms.</summary>
    public ChiSquareStatistic LikelihoodRatio { get; }

    /// <summary>Wald test β̂ᵀ V⁻¹ β̂ (unrounded; R's <c>summary</c> prints it rounded to 2 decimals).</summary>
    public ChiSquareStatistic Wald { get; }

    /// <summary>Score (log-rank type) test U(0)ᵀ I(0)⁻¹ U(0).</summary>
    public ChiSquareStatistic Score { get; }

    /// <summary>Variance–covariance matrix of β̂ (I⁻¹); null when not converged.</summary>
    public double[,]? Variance { get; }

    /// <summary>Number of subjects.</summary>
    public int Count { get; }

    /// <summary>Number of events.</summary>
    public int Events { get; }

    /// <summary>Confidence level of the hazard-ratio intervals.</summary>
    public double ConfidenceLevel { get; }
}

/// <summary>
/// Cox proportional-hazards regression by Newton–Raphson, a port of the algorithm of R's <c>coxph</c>
/// (survival 3.5-3: <c>coxph.fit</c>, C routine <c>coxfit6</c>).
/// </summary>
/// <remarks>
/// <para>
/// Partial log-likelihood ℓ(β) = Σ_events [x_iβ − log Σ_{j∈R(t_i)} exp(x_jβ)] with ties by Breslow, or by Efron:
/// for d tied events at t with risk-weight sum D of the tied deaths and R of the whole risk set, the k-th
/// (k = 0…d−1) term uses denominator R − (k/d)·D (and likewise for the first and second moments).
/// </para>
/// <para>
/// Fitting: covariates are centred (and scaled by n/Σ|x − x̄| internally; results are on the original scale);
/// β₀ = 0; Newton–Raphson steps with the information matrix solved by a generalised Cholesky (pivot tolerance
/// ε^0.75, redundant columns → singular terms); when a step lowers ℓ or gives a non-finite value it is halved
/// back towards the previous β. Converged when |1 − ℓ_old/ℓ_new| ≤ 1e−9; at most 20 iterations.
/// The data are sorted once (<see cref="SurvivalSample"/>); each iteration accumulates the risk-set sums
/// backwards in time in a single pass, O(n·p²) per iteration, O(n log n + iterations·n·p²) overall.
/// </para>
/// <para>
/// Output: β̂, se, z, Wald p, HR = exp(β̂) with CI exp(β̂ ± z se); ℓ(0), ℓ(β̂); likelihood-ratio, Wald and score
/// tests. Failures are explicit: <see cref="CoxFitStatus.DidNotConverge"/> (no estimates),
/// <see cref="CoxFitStatus.InfiniteCoefficient"/> (R's check: |Uᵀ I⁻¹|_j &gt; eps and &gt; √eps·|β_j| after
/// convergence; the affected terms and the Wald test are null), <see cref="CoxFitStatus.Singular"/>,
/// <see cref="CoxFitStatus.NoEvents"/>.
/// </para>
/// <para>Reference: Cox (1972); Efron (1977); Breslow (1974); Therneau &amp; Grambsch (2000).</para>
/// </remarks>
public static class CoxRegression
{
    /// <summary>Fits a Cox model with a general design: any number of named numeric columns.</summary>
    /// <param name="sample">The prepared sample (supplies times, events and the sort order).</param>
    /// <param name="design">Design columns in the subjects' original order (e.g. indicators, covariates).</param>
    /// <param name="ties">Tie handling (default Efron, as R).</param>
    /// <param name="confidenceLevel">Level of the hazard-ratio CIs (default 0.95).</param>
    /// <param name="control">Iteration control (R defaults).</param>
    /// <returns>The fit (check <see cref="CoxResult.Status"/>).</returns>
    /// <exception cref="ArgumentException">Empty design, mis-sized or non-finite columns, duplicate names.</exception>
    public static CoxResult Fit(
        SurvivalSample sample,
        IReadOnlyList<Covariate> design,
        CoxTies ties = CoxTies.Efron,
        double confidenceLevel = 0.95,
        CoxControl? control = null)
    {
        ArgumentNullException.ThrowIfNull(sample);
        ArgumentNullException.ThrowIfNull(design);
        if (design.Count == 0)
        {
            throw new ArgumentException("At least one design column is required.", nameof(design));
        }

        var n = sample.Count;
        var p = design.Count;
        var names = new string[p];
        var x = ArrayPool<double>.Shared.Rent(n * p); // row-major, sorted order; returned by FitSorted
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var order = sample.Order;
        for (var c = 0; c < p; c++)
        {
            var col = design[c];
            var error = col is null ? $"Design column {c} is null."
                : NameError(col.Name, c, seen) is { } nameError ? nameError
                : col.Values is null || col.Values.Count != n ? $"Design column '{col.Name}' must have {n} values."
                : null;
            if (error is null && col is not null)
            {
                // An array column is read directly: through the interface, each value costs a virtual call.
                var values = col.Values!;
                var array = values as double[];
                for (var i = 0; i < n && error is null; i++)
                {
                    var v = array is not null ? array[order[i]] : values[order[i]];
                    if (!double.IsFinite(v))
                    {
                        error = $"Design column '{col.Name}'[{order[i]}] is not finite.";
                    }

                    x[(i * p) + c] = v;
                }
            }

            if (error is not null)
            {
                ArrayPool<double>.Shared.Return(x);
                throw new ArgumentException(error, nameof(design));
            }

            names[c] = col!.Name;
        }

        return FitSorted(sample, names, x, null, null, ties, confidenceLevel, control ?? new CoxControl());
    }

    /// <summary>
    /// Fits a Cox model with a categorical design: every subject of group g of <paramref name="sample"/> has the
    /// covariate row <c>design[g, ·]</c> (indicators of one factor, of two factors and their products, …). It is the
    /// model <see cref="Fit"/> gives on the expanded n×p design, without forming that matrix: the risk-set sums are
    /// kept per group, so an iteration costs O(n + Q·p²) for Q groups instead of O(n·p²).
    /// </summary>
    /// <param name="sample">The prepared sample; its groups are the design's row patterns (each has subjects).</param>
    /// <param name="names">Names of the design columns (the terms), distinct and non-empty.</param>
    /// <param name="design">One row per group of the sample (Q × p), finite values.</param>
    /// <param name="ties">Tie handling (default Efron, as R).</param>
    /// <param name="confidenceLevel">Level of the hazard-ratio CIs (default 0.95).</param>
    /// <param name="control">Iteration control (R defaults).</param>
    /// <returns>The fit (check <see cref="CoxResult.Status"/>).</returns>
    /// <exception cref="ArgumentException">No columns, duplicate or empty names, a design whose shape is not groups × names, or a non-finite value.</exception>
    public static CoxResult FitCategorical(
        SurvivalSample sample,
        IReadOnlyList<string> names,
        double[,] design,
        CoxTies ties = CoxTies.Efron,
        double confidenceLevel = 0.95,
        CoxControl? control = null)
    {
        ArgumentNullException.ThrowIfNull(sample);
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(design);
        var p = names.Count;
        var q = sample.GroupCount;
        if (p == 0)
        {
            throw new ArgumentException("At least one design column is required.", nameof(names));
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var c = 0; c < p; c++)
        {
            if (NameError(names[c], c, seen) is { } error)
            {
                throw new ArgumentException(error, nameof(names));
            }
        }

        if (design.GetLength(0) != q || design.GetLength(1) != p)
        {
            throw new ArgumentException($"The design must have one row per group and one column per name ({q} × {p}), not {design.GetLength(0)} × {design.GetLength(1)}.", nameof(design));
        }

        // Row-major copy: the fit centres and scales the patterns in place.
        var patterns = new double[q * p];
        for (var g = 0; g < q; g++)
        {
            for (var j = 0; j < p; j++)
            {
                var v = design[g, j];
                if (!double.IsFinite(v))
                {
                    throw new ArgumentException($"design[{g}, {j}] is not finite.", nameof(design));
                }

                patterns[(g * p) + j] = v;
            }
        }

        return FitSorted(sample, [.. names], null, patterns, sample.Group, ties, confidenceLevel, control ?? new CoxControl());
    }

    // A design column's name must be non-empty and not repeat an earlier one (seen).
    private static string? NameError(string? name, int c, HashSet<string> seen) =>
        string.IsNullOrEmpty(name) ? $"Design column {c} has no name."
        : !seen.Add(name) ? $"Duplicate design column '{name}'."
        : null;

    /// <summary>
    /// Fits the usual model: k − 1 group indicators against the reference (first) group, then the named numeric
    /// covariates held by the sample.
    /// </summary>
    /// <param name="sample">The prepared sample (≥ 2 groups).</param>
    /// <param name="covariates">Names of the sample's covariates to include (null: none).</param>
    /// <param name="ties">Tie handling (default Efron).</param>
    /// <param name="confidenceLevel">Level of the hazard-ratio CIs.</param>
    /// <param name="groupTermPrefix">Prefix of the indicator names: "group" gives R's names (<c>groupB</c>),
    /// "group:" gives the API's (<c>group:B</c>).</param>
    /// <param name="control">Iteration control.</param>
    /// <returns>The fit.</returns>
    /// <exception cref="ArgumentException">Fewer than two groups, or an unknown covariate name.</exception>
    public static CoxResult FitGroups(
        SurvivalSample sample,
        IReadOnlyList<string>? covariates = null,
        CoxTies ties = CoxTies.Efron,
        double confidenceLevel = 0.95,
        string groupTermPrefix = "group",
        CoxControl? control = null)
    {
        ArgumentNullException.ThrowIfNull(sample);
        sample.RequireTwoGroups(nameof(sample));
        var n = sample.Count;
        var k = sample.GroupCount;
        var nc = covariates?.Count ?? 0;
        var p = k - 1 + nc;
        var names = new string[p];
        var covIdx = new int[nc];
        for (var c = 0; c < nc; c++)
        {
            var name = covariates![c];
            var idx = sample.IndexOfCovariate(name);
            if (idx < 0)
            {
                throw new ArgumentException($"Unknown covariate '{name}'.", nameof(covariates));
            }

            covIdx[c] = idx;
            names[k - 1 + c] = name;
        }

        for (var g = 1; g < k; g++)
        {
            names[g - 1] = groupTermPrefix + sample.GroupNames[g];
        }

        if (nc == 0)
        {
            // Group indicators only: a categorical design with one row pattern per group (row g = e_g).
            var patterns = new double[k * p];
            for (var g = 1; g < k; g++)
            {
                patterns[(g * p) + g - 1] = 1.0;
            }

            return FitSorted(sample, names, null, patterns, sample.Group, ties, confidenceLevel, control ?? new CoxControl());
        }

        var x = ArrayPool<double>.Shared.Rent(n * p); // row-major, sorted order; returned by FitSorted
        var grp = sample.Group;
        double[][] src = [.. covIdx.Select(c => sample.Covariates[c])];
        for (var i = 0; i < n; i++)
        {
            int gi = grp[i], o = i * p;
            for (var g = 1; g < k; g++)
            {
                x[o + g - 1] = gi == g ? 1.0 : 0.0;
            }

            for (var c = 0; c < nc; c++)
            {
                x[o + k - 1 + c] = src[c][i];
            }
        }

        return FitSorted(sample, names, x, null, null, ties, confidenceLevel, control ?? new CoxControl());
    }

    private static double EvaluateUnlessCancelled(CoxEngine engine, CoxControl control, double[] beta)
    {
        control.CancellationToken.ThrowIfCancellationRequested();
        return engine.Evaluate(beta);
    }

    /// <summary>
    /// Core fit, on either an n×p row-major design <paramref name="x"/> in sorted order (pooled; centred and scaled
    /// in place, returned to the pool here) or a categorical design given by row <paramref name="patterns"/> (Q×p)
    /// and each sorted subject's pattern index.
    /// </summary>
    private static CoxResult FitSorted(
        SurvivalSample sample, string[] names, double[]? x, double[]? patterns, int[]? rowPattern,
        CoxTies ties, double level, CoxControl control)
    {
        try
        {
            return FitCore(sample, names, x, patterns, rowPattern, ties, level, control);
        }
        finally
        {
            if (x is not null)
            {
                ArrayPool<double>.Shared.Return(x);
            }
        }
    }

    private static CoxResult FitCore(
        SurvivalSample sample, string[] names, double[]? x, double[]? patterns, int[]? rowPattern,
        CoxTies ties, double level, CoxControl control)
    {
        SurvivalMath.CheckLevel(level, "confidenceLevel");
        if (control.MaxIterations < 0)
        {
            throw new ArgumentException("MaxIterations must be ≥ 0.", nameof(control));
        }

        var p = names.Length;
        var n = sample.Count;
        var nullTest = new ChiSquareStatistic(null, 0, null);
        if (sample.EventCount == 0)
        {
            var empty = new CoxTerm[p];
            for (var j = 0; j < p; j++)
            {
                empty[j] = new CoxTerm(names[j], null, null, null, null, null, null, null, false, false, 0);
            }

            return new CoxResult(ties, CoxFitStatus.NoEvents, "There are no events; the Cox model cannot be estimated.", 0, empty,
                0.0, null, nullTest, nullTest, nullTest, null, n, 0, level);
        }

        // Centre and scale (coxfit6 with doscale = 1): x ← (x − mean)·n/Σ|x − mean|.
        var scale = new double[p];
        var mean = new double[p];
        var sabs = new double[p];
        CoxEngine engine;
        if (x is null)
        {
            var q = patterns!.Length / p;
            var count = new double[q];
            for (var i = 0; i < n; i++)
            {
                count[rowPattern![i]]++;
            }

            for (var c = 0; c < q; c++)
            {
                for (var j = 0; j < p; j++)
                {
                    mean[j] += count[c] * patterns[(c * p) + j];
                }
            }

            for (var j = 0; j < p; j++)
            {
                mean[j] /= n;
            }

            for (var c = 0; c < q; c++)
            {
                for (var j = 0; j < p; j++)
                {
                    var centred = patterns[(c * p) + j] - mean[j];
                    patterns[(c * p) + j] = centred;
                    sabs[j] += count[c] * Math.Abs(centred);
                }
            }

            for (var j = 0; j < p; j++)
            {
                scale[j] = sabs[j] > 0 ? n / sabs[j] : 1.0;
            }

            for (var c = 0; c < q; c++)
            {
                for (var j = 0; j < p; j++)
                {
                    patterns[(c * p) + j] *= scale[j];
                }
            }

            engine = new CoxEngine(sample, patterns, rowPattern!, p, ties == CoxTies.Efron);
        }
        else
        {
            for (var i = 0; i < n; i++)
            {
                var o = i * p;
                for (var j = 0; j < p; j++)
                {
                    mean[j] += x[o + j];
                }
            }

            for (var j = 0; j < p; j++)
            {
                mean[j] /= n;
            }

            for (var i = 0; i < n; i++)
            {
                var o = i * p;
                for (var j = 0; j < p; j++)
                {
                    sabs[j] += Math.Abs(x[o + j] - mean[j]);
                }
            }

            for (var j = 0; j < p; j++)
            {
                scale[j] = sabs[j] > 0 ? n / sabs[j] : 1.0;
            }

            for (var i = 0; i < n; i++)
            {
                var o = i * p;
                for (var j = 0; j < p; j++)
                {
                    x[o + j] = (x[o + j] - mean[j]) * scale[j];
                }
            }

            engine = new CoxEngine(sample, x, p, ties == CoxTies.Efron, control.GeneralEvaluatorOnly);
        }

        using var engineScope = engine;
        var maxIter = control.MaxIterations;
        var eps = control.Epsilon;
        var tol = control.CholeskyTolerance;

        var beta = new double[p];
        var newBeta = new double[p];
        var a = new double[p];
        var loglik0 = EvaluateUnlessCancelled(engine, control, beta);
        var best = loglik0;
        Array.Copy(engine.U, a, p);
        var flag = SmallLinearAlgebra.Cholesky(engine.Imat, p, tol);
        SmallLinearAlgebra.Solve(engine.Imat, p, a);
        double sctest = 0;
        for (var j = 0; j < p; j++)
        {
            sctest += engine.U[j] * a[j];
        }

        int iter;
        var converged = false;
        var varMat = engine.Imat; // reused buffer
        if (maxIter == 0 || !double.IsFinite(loglik0))
        {
            SmallLinearAlgebra.Invert(engine.Imat, p);
            iter = 0;
            converged = maxIter == 0 && double.IsFinite(loglik0);
        }
        else
        {
            for (var j = 0; j < p; j++)
            {
                newBeta[j] = beta[j] + a[j];
            }

            var halving = 0;
            for (iter = 1; iter <= maxIter; iter++)
            {
                var newlk = EvaluateUnlessCancelled(engine, control, newBeta);
                flag = SmallLinearAlgebra.Cholesky(engine.Imat, p, tol);
                var notFinite = !double.IsFinite(newlk);
                for (var j = 0; j < p && !notFinite; j++)
                {
                    if (!double.IsFinite(engine.U[j]))
                    {
                        notFinite = true;
                    }
                }

                for (var j = 0; j < p * p && !notFinite; j++)
                {
                    if (!double.IsFinite(engine.Imat[j]))
                    {
                        notFinite = true;
                    }
                }

                if (!notFinite && Math.Abs(1 - (best / newlk)) <= eps)
                {
                    best = newlk;
                    SmallLinearAlgebra.Invert(engine.Imat, p);
                    Array.Copy(newBeta, beta, p);
                    converged = true;
                    break;
                }

                if (notFinite || newlk < best)
                {
                    halving++;
                    for (var j = 0; j < p; j++)
                    {
                        newBeta[j] = (newBeta[j] + (halving * beta[j])) / (halving + 1.0);
                    }
                }
                else
                {
                    halving = 0;
                    best = newlk;
                    var step = (double[])engine.U.Clone();
                    SmallLinearAlgebra.Solve(engine.Imat, p, step);
                    for (var j = 0; j < p; j++)
                    {
                        beta[j] = newBeta[j];
                        newBeta[j] += step[j];
                    }
                }
            }

            if (!converged)
            {
                iter = maxIter;
                if (maxIter > 1)
                {
                    best = EvaluateUnlessCancelled(engine, control, beta);
                }

                SmallLinearAlgebra.Cholesky(engine.Imat, p, tol);
                SmallLinearAlgebra.Invert(engine.Imat, p);
            }
        }

        // Back to the original scale.
        var coef = new double[p];
        var u = new double[p];
        var v = new double[p, p];
        for (var i = 0; i < p; i++)
        {
            coef[i] = beta[i] * scale[i];
            u[i] = engine.U[i] / scale[i];
            for (var j = 0; j < p; j++)
            {
                v[i, j] = varMat[(i * p) + j] * scale[i] * scale[j];
            }
        }

        var z = SurvivalMath.ZCritical(level);
        var scoreTest = SurvivalMath.ChiSquare(sctest, Math.Max(flag, 0) > 0 ? p : 0);
        if (!converged)
        {
            var nc = new CoxTerm[p];
            for (var j = 0; j < p; j++)
            {
                nc[j] = new CoxTerm(names[j], null, null, null, null, null, null, null, false, false, 0);
            }

            return new CoxResult(ties, CoxFitStatus.DidNotConverge,
                $"The Newton–Raphson iteration did not converge in {maxIter} iterations (R: \"Ran out of iterations and did not converge\").",
                iter, nc, loglik0, null, nullTest, nullTest, scoreTest, null, n, sample.EventCount, level);
        }

        var singular = new bool[p];
        var rank = p;
        if (flag < p)
        {
            rank = 0;
            for (var j = 0; j < p; j++)
            {
                singular[j] = v[j, j] == 0;
                if (!singular[j])
                {
                    rank++;
                }
            }
        }

        var infinite = new bool[p];
        var anyInfinite = false;
        if (maxIter > 1)
        {
            for (var j = 0; j < p; j++)
            {
                double s = 0;
                for (var i = 0; i < p; i++)
                {
                    s += u[i] * v[i, j];
                }

                var infs = Math.Abs(s);
                infinite[j] = !double.IsFinite(u[j]) || (infs > eps && infs > control.InfiniteTolerance * Math.Abs(coef[j]));
                if (singular[j])
                {
                    infinite[j] = false;
                }

                anyInfinite |= infinite[j];
            }
        }

        var terms = new CoxTerm[p];
        for (var j = 0; j < p; j++)
        {
            if (singular[j])
            {
                terms[j] = new CoxTerm(names[j], null, null, null, null, null, null, null, false, true, 0);
            }
            else if (infinite[j])
            {
                terms[j] = new CoxTerm(names[j], null, null, null, null, null, null, null, true, false, Math.Sign(coef[j]));
            }
            else
            {
                var se = Math.Sqrt(v[j, j]);
                var zz = coef[j] / se;
                terms[j] = new CoxTerm(
                    names[j], coef[j], se, zz, SurvivalMath.TwoSidedP(zz), Math.Exp(coef[j]),
                    Math.Exp(coef[j] - (z * se)), Math.Exp(coef[j] + (z * se)), false, false, 0);
            }
        }

        var lr = SurvivalMath.ChiSquare(2 * (best - loglik0), rank);
        var wald = anyInfinite ? new ChiSquareStatistic(null, rank, null) : WaldTest(coef, v, singular, tol);
        scoreTest = SurvivalMath.ChiSquare(sctest, rank);

        var status = anyInfinite ? CoxFitStatus.InfiniteCoefficient
            : rank < p ? CoxFitStatus.Singular
            : CoxFitStatus.Converged;
        var message = status switch
        {
            CoxFitStatus.InfiniteCoefficient => "Log-likelihood converged before coefficient(s) " +
                string.Join(", ", names.Where((_, j) => infinite[j])) +
                "; the coefficient may be infinite (monotone likelihood, e.g. no events in a group).",
            CoxFitStatus.Singular => "Design columns " + string.Join(", ", names.Where((_, j) => singular[j])) +
                " are linearly dependent on the others and were not estimated.",
            _ => null,
        };

        return new CoxResult(ties, status, message, iter, terms, loglik0, best, lr, wald, scoreTest, v, n, sample.EventCount, level);
    }

    /// <summary>R's <c>coxph.wtest</c>: βᵀ V⁻¹ β over the estimable terms, via the generalised Cholesky of V.</summary>
    private static ChiSquareStatistic WaldTest(double[] coef, double[,] v, bool[] singular, double tol)
    {
        var keep = new List<int>();
        for (var j = 0; j < coef.Length; j++)
        {
            if (!singular[j])
            {
                keep.Add(j);
            }
        }

        var m = keep.Count;
        if (m == 0)
        {
            return new ChiSquareStatistic(null, 0, null);
        }

        var mat = new double[m * m];
        var b = new double[m];
        for (var r = 0; r < m; r++)
        {
            b[r] = coef[keep[r]];
            for (var c = 0; c < m; c++)
            {
                mat[(r * m) + c] = v[keep[r], keep[c]];
            }
        }

        var rank = Math.Abs(SmallLinearAlgebra.Cholesky(mat, m, tol));
        var sol = (double[])b.Clone();
        SmallLinearAlgebra.Solve(mat, m, sol);
        double test = 0;
        for (var r = 0; r < m; r++)
        {
            test += b[r] * sol[r];
        }

        return SurvivalMath.ChiSquare(test, rank);
    }
}
