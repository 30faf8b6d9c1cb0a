using HccOutcomes.Analysis.Survival;

namespace HccOutcomes.Analysis.Adjusted;

/// <summary>The test of one term (or the global test).</summary>
/// <param name="Term">Term name (<c>GLOBAL</c> for the global test).</param>
/// <param name="ChiSquare">Score statistic.</param>
/// <param name="Df">Degrees of freedom (the term's columns).</param>
/// <param name="P">Upper-tail χ² p-value.</param>
public sealed record PhTestRow(string Term, double ChiSquare, int Df, double P);

/// <summary>Result of <see cref="ProportionalHazardsTest"/>.</summary>
/// <param name="Terms">One row per term, in design order.</param>
/// <param name="Global">The global test over all columns.</param>
public sealed record PhTestResult(IReadOnlyList<PhTestRow> Terms, PhTestRow Global);

/// <summary>
/// Test of proportional hazards from the scaled Schoenfeld residuals, as R's
/// <c>cox.zph(fit, transform = "km", terms = TRUE)</c> (survival ≥ 3.0).
/// </summary>
/// <remarks>
/// <para>
/// For a term with columns J, the score test at (β̂, γ = 0) of the extended model with the time-varying columns
/// x_J·g(t): U = (0, Σ_t g(t) s_t,J) and information [[Σ V_t, Σ g V_t,·J], [·, Σ g² V_t,JJ]], where s_t and V_t are each death
/// time's score and information contributions (Efron or Breslow, weights, strata as fitted) and
/// g(t) = 1 − Ŝ(t−) − mean over events, Ŝ the unweighted Kaplan–Meier of all subjects ("km" transform). Statistic
/// Uᵀ I⁻¹ U with df = |J|; the global test uses all columns, df = p. One pass over the risk sets.
/// </para>
/// <para>
/// Edge behaviour: a term whose extended information is singular gets the generalised inverse (R: <c>solve</c> fails).
/// Reference: Grambsch &amp; Therneau (1994), <i>Biometrika</i> 81:515; R survival <c>cox.zph</c>, C routine <c>zph1</c>.
/// </para>
/// </remarks>
public static class ProportionalHazardsTest
{
    /// <summary>Tests each term of the fit and all together.</summary>
    public static PhTestResult Compute(AdjustedCoxResult fit)
    {
        ArgumentNullException.ThrowIfNull(fit);
        var sets = fit.RiskSets;
        var p = sets.P;
        var n = sets.Order.Length;
        var times = sets.Time;
        var dead = sets.Dead;

        // Left-continuous KM of all subjects at each time: S(t−).
        var sortedTimes = (double[])times.Clone();
        var sortedDead = (bool[])dead.Clone();
        Array.Sort(sortedTimes, sortedDead);
        var kmTimes = new List<double>();
        var kmBefore = new List<double>();
        double s = 1;
        var atRisk = n;
        for (var k = 0; k < n;)
        {
            var t = sortedTimes[k];
            var d = 0;
            var e = k;
            while (e < n && sortedTimes[e] == t)
            {
                d += sortedDead[e] ? 1 : 0;
                e++;
            }

            kmTimes.Add(t);
            kmBefore.Add(s);
            s *= (double)(atRisk - d) / atRisk;
            atRisk -= e - k;
            k = e;
        }

        double Transform(double t) => 1 - kmBefore[kmTimes.BinarySearch(t)];

        double meanG = 0;
        for (var k = 0; k < n; k++)
        {
            if (dead[k])
            {
                meanG += Transform(times[k]);
            }
        }

        meanG /= sets.Events;

        var ixx = new double[p * p];
        var ixg = new double[p * p];
        var igg = new double[p * p];
        var ug = new double[p];
        var efron = fit.Ties == CoxTies.Efron;
        sets.Evaluate(fit.Beta, efron, new double[p], new double[p * p], (block, score, info) =>
        {
            var g = Transform(times[sets.BlockStart(block)]) - meanG;
            for (var j = 0; j < p; j++)
            {
                ug[j] += g * score[j];
                for (var l = 0; l < p; l++)
                {
                    var v = info[(j * p) + l];
                    ixx[(j * p) + l] += v;
                    ixg[(j * p) + l] += g * v;
                    igg[(j * p) + l] += g * g * v;
                }
            }
        });

        var rows = new List<PhTestRow>();
        foreach (var term in fit.Design.Terms)
        {
            var cols = Enumerable.Range(term.FirstColumn, term.ColumnCount).ToArray();
            rows.Add(Test(term.Name, cols, p, ixx, ixg, igg, ug));
        }

        var global = Test("GLOBAL", [.. Enumerable.Range(0, p)], p, ixx, ixg, igg, ug);
        return new PhTestResult(rows, global);
    }

    private static PhTestRow Test(string name, int[] cols, int p, double[] ixx, double[] ixg, double[] igg, double[] ug)
    {
        var m = p + cols.Length;
        var info = new double[m * m];
        var u = new double[m];
        for (var j = 0; j < p; j++)
        {
            for (var l = 0; l < p; l++)
            {
                info[(j * m) + l] = ixx[(j * p) + l];
            }
        }

        for (var a = 0; a < cols.Length; a++)
        {
            var ca = cols[a];
            u[p + a] = ug[ca];
            for (var j = 0; j < p; j++)
            {
                info[(j * m) + p + a] = ixg[(j * p) + ca];
                info[((p + a) * m) + j] = ixg[(j * p) + ca];
            }

            for (var b = 0; b < cols.Length; b++)
            {
                info[((p + a) * m) + p + b] = igg[(ca * p) + cols[b]];
            }
        }

        var solved = (double[])u.Clone();
        SmallLinearAlgebra.Cholesky(info, m, 1e-12);
        SmallLinearAlgebra.Solve(info, m, solved);
        double chi = 0;
        for (var j = 0; j < m; j++)
        {
            chi += u[j] * solved[j];
        }

        return new PhTestRow(name, chi, cols.Length, SurvivalMath.ChiSquareUpper(chi, cols.Length));
    }
}
