namespace HccOutcomes.Analysis.Survival;

/// <summary>Result of one weighted log-rank test.</summary>
public sealed class LogRankTestResult
{
    internal LogRankTestResult(
        LogRankWeighting weighting, ChiSquareStatistic test, double[] observed, double[] expected, double[,] variance, IReadOnlyList<string> groups)
    {
        Weighting = weighting;
        Test = test;
        Observed = observed;
        Expected = expected;
        Variance = variance;
        Groups = groups;
    }

    /// <summary>The weight function.</summary>
    public LogRankWeighting Weighting { get; }

    /// <summary>Chi-square statistic with k − 1 degrees of freedom (k = groups with expected &gt; 0) and its p-value.</summary>
    public ChiSquareStatistic Test { get; }

    /// <summary>Group names, in order.</summary>
    public IReadOnlyList<string> Groups { get; }

    /// <summary>Weighted observed events Σ w·d_g per group (plain event counts for the log-rank test).</summary>
    public IReadOnlyList<double> Observed { get; }

    /// <summary>Weighted expected events Σ w·d·n_g/n per group.</summary>
    public IReadOnlyList<double> Expected { get; }

    /// <summary>The k×k covariance matrix of O − E (R's <c>survdiff()$var</c>).</summary>
    public double[,] Variance { get; }
}

/// <summary>The four weighted log-rank tests computed in one pass.</summary>
/// <param name="LogRank">w = 1.</param>
/// <param name="GehanBreslow">w = n at risk.</param>
/// <param name="TaroneWare">w = √n.</param>
/// <param name="PetoPeto">w = pooled Ŝ(t−).</param>
public sealed record LogRankFamily(
    LogRankTestResult LogRank, LogRankTestResult GehanBreslow, LogRankTestResult TaroneWare, LogRankTestResult PetoPeto);

/// <summary>
/// Weighted log-rank tests for k ≥ 2 groups, as R's <c>survdiff</c> (survival 3.5-3, C routine <c>survdiff2</c>).
/// </summary>
/// <remarks>
/// <para>
/// At each distinct event time t_j with n_j at risk (n_gj in group g) and d_j events (d_gj in group g), with
/// weight w_j: O_g = Σ w_j d_gj, E_g = Σ w_j d_j n_gj/n_j and, for n_j &gt; 1, the hypergeometric covariance
/// V_gh = Σ w_j² d_j (n_j − d_j)/(n_j (n_j − 1)) · n_gj (δ_gh − n_hj/n_j), which handles ties exactly as
/// <c>survdiff</c>. The statistic is X² = (O − E)ᵀ V⁻¹ (O − E) over the groups with E_g &gt; 0, dropping the first
/// of them (k − 1 df).
/// </para>
/// <para>
/// Weights: log-rank w = 1 (<c>survdiff(rho = 0)</c>); Gehan–Breslow w = n_j; Tarone–Ware w = √n_j;
/// Peto–Peto w = Ŝ(t_j−), the pooled Kaplan–Meier estimate just before t_j (<c>survdiff(rho = 1)</c>).
/// References: Mantel (1966); Gehan (1965), Breslow (1970); Tarone &amp; Ware (1977); Peto &amp; Peto (1972),
/// Harrington &amp; Fleming (1982).
/// </para>
/// <para>
/// Edge cases: fewer than two groups → <see cref="ArgumentException"/>. Fewer than two groups with E &gt; 0
/// (e.g. no events) or a singular V → statistic and p are null, df = 0.
/// </para>
/// </remarks>
public static class WeightedLogRankTest
{
    private const int Families = 4;

    /// <summary>One weighted log-rank test.</summary>
    /// <param name="sample">The prepared sample (≥ 2 groups).</param>
    /// <param name="weighting">The weight function.</param>
    /// <returns>The test result.</returns>
    /// <exception cref="ArgumentException">Fewer than two groups.</exception>
    public static LogRankTestResult Compute(SurvivalSample sample, LogRankWeighting weighting = LogRankWeighting.LogRank)
    {
        var all = ComputeAll(sample, CancellationToken.None);
        return weighting switch
        {
            LogRankWeighting.LogRank => all.LogRank,
            LogRankWeighting.GehanBreslow => all.GehanBreslow,
            LogRankWeighting.TaroneWare => all.TaroneWare,
            LogRankWeighting.PetoPeto => all.PetoPeto,
            _ => throw new ArgumentOutOfRangeException(nameof(weighting), weighting, "Unknown weighting."),
        };
    }

    /// <summary>
    /// All four tests in a single pass over the sorted data: O(n + m·k) for m changes of a group's number at risk
    /// (m ≤ n), plus O(k³) for the statistics, so many groups do not multiply the cost per distinct time.
    /// </summary>
    /// <param name="sample">The prepared sample (≥ 2 groups).</param>
    /// <param name="cancellationToken">Checked every few thousand subjects.</param>
    /// <returns>The four tests.</returns>
    /// <exception cref="ArgumentException">Fewer than two groups.</exception>
    /// <remarks>
    /// The sums over event times are kept lazily. n_g is constant between two times at which a subject of group g
    /// leaves the risk set, so E_g = Σ w d n_g/n, the diagonal Σ c n_g (c = w² d (n − d)/(n (n − 1))) and the
    /// products Σ (c/n) n_g n_h only need the running totals Σ w d/n, Σ c and Σ c/n: each is brought up to date for
    /// group g (and its k pairs) when n_g changes, rather than for every group at every event time.
    /// </remarks>
    public static LogRankFamily ComputeAll(SurvivalSample sample, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sample);
        sample.RequireTwoGroups(nameof(sample));
        var k = sample.GroupCount;
        var time = sample.Time;
        var status = sample.Status;
        var group = sample.Group;
        var n = time.Length;

        var atRisk = new double[k];
        for (var g = 0; g < k; g++)
        {
            atRisk[g] = sample.GroupSizes[g];
        }

        var dg = new double[k];
        var leaving = new double[k];
        var touched = new int[k];
        var obs = new double[Families * k];
        var exp = new double[Families * k];
        var diag = new double[Families * k];
        var products = new double[Families * k * k];

        // Running totals over event times so far, and their values when each group / pair was last brought up to date.
        var expected = new double[Families];
        var diagonal = new double[Families];
        var product = new double[Families];
        var expectedAt = new double[Families * k];
        var diagonalAt = new double[Families * k];
        var productAt = new double[Families * k * k];
        Span<double> w = stackalloc double[Families];
        var km = 1.0;
        double total = n;

        var i = 0;
        var nextCheck = 0;
        while (i < n)
        {
            if (i >= nextCheck)
            {
                cancellationToken.ThrowIfCancellationRequested();
                nextCheck = i + 4096;
            }

            var ti = time[i];
            var deaths = 0;
            var touchedCount = 0;
            var j = i;
            while (j < n && time[j] == ti)
            {
                var g = group[j];
                if (leaving[g] == 0)
                {
                    touched[touchedCount++] = g;
                }

                leaving[g]++;
                if (status[j] != 0)
                {
                    dg[g]++;
                    deaths++;
                }

                j++;
            }

            if (deaths > 0)
            {
                w[0] = 1.0;
                w[1] = total;
                w[2] = Math.Sqrt(total);
                w[3] = km;
                double d = deaths;
                var vfac = total > 1 ? d * (total - d) / (total * (total - 1)) : 0.0;
                for (var f = 0; f < Families; f++)
                {
                    var wf = w[f];
                    for (var t = 0; t < touchedCount; t++)
                    {
                        var g = touched[t];
                        obs[(f * k) + g] += wf * dg[g];
                    }

                    expected[f] += wf * d / total;
                    if (total > 1)
                    {
                        var c = wf * wf * vfac;
                        diagonal[f] += c;
                        product[f] += c / total;
                    }
                }

                km *= (total - d) / total;
            }

            // Bring the leaving groups (and their pairs) up to date with the at-risk numbers they had, then remove them.
            for (var t = 0; t < touchedCount; t++)
            {
                var g = touched[t];
                for (var f = 0; f < Families; f++)
                {
                    var fg = (f * k) + g;
                    exp[fg] += atRisk[g] * (expected[f] - expectedAt[fg]);
                    expectedAt[fg] = expected[f];
                    diag[fg] += atRisk[g] * (diagonal[f] - diagonalAt[fg]);
                    diagonalAt[fg] = diagonal[f];
                    var row = fg * k;
                    for (var h = 0; h < k; h++)
                    {
                        var delta = product[f] - productAt[row + h];
                        if (delta != 0)
                        {
                            var value = atRisk[g] * atRisk[h] * delta;
                            products[row + h] += value;
                            productAt[row + h] = product[f];
                            if (h != g)
                            {
                                products[(((f * k) + h) * k) + g] += value;
                                productAt[(((f * k) + h) * k) + g] = product[f];
                            }
                        }
                    }
                }

                atRisk[g] -= leaving[g];
                total -= leaving[g];
                leaving[g] = 0;
                dg[g] = 0;
            }

            i = j;
        }

        // V_gh = Σ c n_g δ_gh − Σ (c/n) n_g n_h (every group has left the risk set, so every sum is complete).
        var var = new double[Families * k * k];
        for (var f = 0; f < Families; f++)
        {
            for (var g = 0; g < k; g++)
            {
                for (var h = 0; h < k; h++)
                {
                    var[(((f * k) + g) * k) + h] = (g == h ? diag[(f * k) + g] : 0) - products[(((f * k) + g) * k) + h];
                }
            }
        }

        var results = new LogRankTestResult[Families];
        for (var f = 0; f < Families; f++)
        {
            var o = new double[k];
            var e = new double[k];
            var v = new double[k, k];
            Array.Copy(obs, f * k, o, 0, k);
            Array.Copy(exp, f * k, e, 0, k);
            for (var g = 0; g < k; g++)
            {
                for (var h = 0; h < k; h++)
                {
                    v[g, h] = var[(f * k * k) + (g * k) + h];
                }
            }

            results[f] = new LogRankTestResult((LogRankWeighting)f, ChiSquare(o, e, v), o, e, v, sample.GroupNames);
        }

        return new LogRankFamily(results[0], results[1], results[2], results[3]);
    }

    /// <summary>X² over the groups with E &gt; 0, the first of them dropped (as <c>survdiff</c>).</summary>
    private static ChiSquareStatistic ChiSquare(double[] o, double[] e, double[,] v)
    {
        var keep = new List<int>();
        for (var g = 0; g < e.Length; g++)
        {
            if (e[g] > 0)
            {
                keep.Add(g);
            }
        }

        var df = keep.Count - 1;
        if (df < 1)
        {
            return new ChiSquareStatistic(null, 0, null);
        }

        var a = new double[df, df];
        var b = new double[df];
        for (var r = 0; r < df; r++)
        {
            b[r] = o[keep[r + 1]] - e[keep[r + 1]];
            for (var c = 0; c < df; c++)
            {
                a[r, c] = v[keep[r + 1], keep[c + 1]];
            }
        }

        var x = SmallLinearAlgebra.SolveSymmetric(a, b);
        if (x is null)
        {
            return new ChiSquareStatistic(null, df, null);
        }

        double chi = 0;
        for (var r = 0; r < df; r++)
        {
            chi += x[r] * b[r];
        }

        return SurvivalMath.ChiSquare(chi, df);
    }
}
