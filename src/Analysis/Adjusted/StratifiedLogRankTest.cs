using HccOutcomes.Analysis.Survival;

namespace HccOutcomes.Analysis.Adjusted;

/// <summary>Result of <see cref="StratifiedLogRankTest"/>.</summary>
/// <param name="Rho">The Fleming–Harrington ρ (0 log-rank, 1 Peto–Peto).</param>
/// <param name="Observed">Weighted observed events per group, summed over strata.</param>
/// <param name="Expected">Weighted expected events per group, summed over strata.</param>
/// <param name="ChiSquare">Uᵀ V⁻ U on the first k − 1 groups.</param>
/// <param name="Df">k − 1 (groups with subjects).</param>
/// <param name="P">Upper-tail χ² p-value.</param>
public sealed record StratifiedTestResult(double Rho, double[] Observed, double[] Expected, double ChiSquare, int Df, double P);

/// <summary>
/// The G-ρ family of k-sample tests stratified by a nuisance factor, as R's
/// <c>survdiff(Surv(time, event) ~ group + strata(s), rho = ρ)</c> (C routine <c>survdiff2</c>).
/// </summary>
/// <remarks>
/// <para>
/// Within each stratum, at each distinct death time t with n at risk and d deaths (n_g, d_g per group) and weight
/// W = Ŝ(t−)^ρ (Ŝ the pooled Kaplan–Meier of the stratum, left-continuous): U_g += W(d_g − d·n_g/n),
/// V_gh += W²·d(n − d)/(n²(n − 1))·n_g(δ_gh·n − n_h) (the last term 0 when n = 1). U and V are summed over strata;
/// χ² = Uᵀ V⁻¹ U over the first k − 1 groups (generalised inverse), df = k − 1. ρ = 0: stratified log-rank; ρ = 1:
/// Peto–Peto (Harrington–Fleming). One sort, one pass per stratum.
/// </para>
/// <para>
/// Edge behaviour: no weights (R's survdiff has none); a single group, or no deaths, gives χ² = 0, p = 1.
/// References: Peto &amp; Peto (1972); Harrington &amp; Fleming (1982), <i>Biometrika</i> 69:553.
/// </para>
/// </remarks>
public static class StratifiedLogRankTest
{
    /// <summary>Computes the test.</summary>
    /// <param name="time">Times.</param>
    /// <param name="status">Event indicators.</param>
    /// <param name="group">Group index (0…groups − 1).</param>
    /// <param name="groups">Number of groups.</param>
    /// <param name="strata">Stratum index of each subject; null for none.</param>
    /// <param name="rho">ρ ≥ 0.</param>
    /// <returns>The test.</returns>
    public static StratifiedTestResult Compute(double[] time, bool[] status, int[] group, int groups, int[]? strata, double rho = 0)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(status);
        ArgumentNullException.ThrowIfNull(group);
        var n = time.Length;
        if (status.Length != n || group.Length != n || (strata is not null && strata.Length != n))
        {
            throw new ArgumentException("time, status, group and strata must have the same length.", nameof(time));
        }

        var order = Enumerable.Range(0, n).ToArray();
        Array.Sort(order, (i, j) =>
        {
            var s = strata is null ? 0 : strata[i].CompareTo(strata[j]);
            return s != 0 ? s : time[i].CompareTo(time[j]);
        });

        var observed = new double[groups];
        var expected = new double[groups];
        var v = new double[groups * groups];
        var atRiskG = new double[groups];
        var deathsG = new double[groups];
        var start = 0;
        while (start < n)
        {
            var end = start;
            while (end < n && (strata is null || strata[order[end]] == strata[order[start]]))
            {
                end++;
            }

            Array.Clear(atRiskG);
            for (var k = start; k < end; k++)
            {
                atRiskG[group[order[k]]]++;
            }

            double km = 1;
            double atRisk = end - start;
            for (var k = start; k < end;)
            {
                var t = time[order[k]];
                var e = k;
                Array.Clear(deathsG);
                double d = 0;
                while (e < end && time[order[e]] == t)
                {
                    if (status[order[e]])
                    {
                        deathsG[group[order[e]]]++;
                        d++;
                    }

                    e++;
                }

                if (d > 0)
                {
                    var w = rho == 0 ? 1.0 : Math.Pow(km, rho);
                    for (var g = 0; g < groups; g++)
                    {
                        observed[g] += w * deathsG[g];
                        expected[g] += w * d * atRiskG[g] / atRisk;
                    }

                    if (atRisk > 1)
                    {
                        var kk = w * w * d * (atRisk - d) / (atRisk * atRisk * (atRisk - 1));
                        for (var g = 0; g < groups; g++)
                        {
                            for (var h = 0; h < groups; h++)
                            {
                                v[(g * groups) + h] += kk * atRiskG[g] * ((g == h ? atRisk : 0) - atRiskG[h]);
                            }
                        }
                    }

                    km *= (atRisk - d) / atRisk;
                }

                for (var j = k; j < e; j++)
                {
                    atRiskG[group[order[j]]]--;
                }

                atRisk -= e - k;
                k = e;
            }

            start = end;
        }

        var present = Enumerable.Range(0, groups).Where(g => group.Contains(g)).ToArray();
        var df = present.Length - 1;
        if (df < 1)
        {
            return new StratifiedTestResult(rho, observed, expected, 0, 0, 1);
        }

        var m = df;
        var vm = new double[m * m];
        var u = new double[m];
        for (var a = 0; a < m; a++)
        {
            u[a] = observed[present[a]] - expected[present[a]];
            for (var b = 0; b < m; b++)
            {
                vm[(a * m) + b] = v[(present[a] * groups) + present[b]];
            }
        }

        var solved = (double[])u.Clone();
        SmallLinearAlgebra.Cholesky(vm, m, 1e-10);
        SmallLinearAlgebra.Solve(vm, m, solved);
        double chi = 0;
        for (var a = 0; a < m; a++)
        {
            chi += u[a] * solved[a];
        }

        return new StratifiedTestResult(rho, observed, expected, chi, df, SurvivalMath.ChiSquareUpper(chi, df));
    }
}
