using HccOutcomes.Analysis.Survival;

namespace HccOutcomes.Analysis.Tests.Survival;

/// <summary>
/// Many groups: the log-rank family and the group-only Cox model keep their sums per group change rather than per
/// group at every time; they must give what the direct computations give. And a cancelled analysis stops.
/// </summary>
public class ManyGroupsTests
{
    // 12 groups of unequal size, times rounded so that ties (also across groups and between deaths and censorings) abound.
    private static SurvivalSample ManyGroups(int groups = 12, int n = 600)
    {
        var random = new Random(20261206);
        var time = new double[n];
        var observed = new bool[n];
        var group = new string[n];
        for (var i = 0; i < n; i++)
        {
            var g = (i * 7) % groups;
            var te = -Math.Log(random.NextDouble()) / (0.1 * (1 + (g / 4.0)));
            var tc = -Math.Log(random.NextDouble()) / 0.05;
            time[i] = Math.Max(0.5, Math.Round(Math.Min(te, tc) * 2) / 2);
            observed[i] = te <= tc;
            group[i] = $"G{g:D2}";
        }

        return SurvivalSample.FromLabels(time, observed, group, [.. Enumerable.Range(0, groups).Select(g => $"G{g:D2}")]);
    }

    [Fact]
    public void The_log_rank_family_over_many_groups_equals_the_direct_sums_at_every_event_time()
    {
        var sample = ManyGroups();
        var family = WeightedLogRankTest.ComputeAll(sample);
        var direct = Direct(sample);
        foreach (var (test, f) in new[] { family.LogRank, family.GehanBreslow, family.TaroneWare, family.PetoPeto }.Select((t, f) => (t, f)))
        {
            var k = sample.GroupCount;
            for (var g = 0; g < k; g++)
            {
                Assert.Equal(direct.Expected[f][g], test.Expected[g], 1e-9 * Math.Max(1, Math.Abs(direct.Expected[f][g])));
                for (var h = 0; h < k; h++)
                {
                    Assert.Equal(direct.Variance[f][g, h], test.Variance[g, h], 1e-9 * Math.Max(1, Math.Abs(direct.Variance[f][g, h])));
                }
            }

            Assert.NotNull(test.Test.ChiSquare);
            Assert.Equal(k - 1, test.Test.Df);
        }
    }

    [Theory]
    [InlineData(CoxTies.Efron)]
    [InlineData(CoxTies.Breslow)]
    public void The_group_only_cox_model_over_many_groups_equals_the_general_evaluator(CoxTies ties)
    {
        var sample = ManyGroups();
        var fast = CoxRegression.FitGroups(sample, ties: ties);
        var general = CoxRegression.FitGroups(sample, ties: ties, control: new CoxControl { GeneralEvaluatorOnly = true });
        Assert.Equal(CoxFitStatus.Converged, fast.Status);
        Assert.Equal(general.Iterations, fast.Iterations);
        Assert.Equal(general.LogLikelihood!.Value, fast.LogLikelihood!.Value, 1e-8);
        Assert.Equal(general.Score.ChiSquare!.Value, fast.Score.ChiSquare!.Value, 1e-7);
        Assert.Equal(sample.GroupCount - 1, fast.Terms.Count);
        for (var j = 0; j < fast.Terms.Count; j++)
        {
            Assert.Equal(general.Terms[j].Coefficient!.Value, fast.Terms[j].Coefficient!.Value, 1e-8);
            Assert.Equal(general.Terms[j].StdErr!.Value, fast.Terms[j].StdErr!.Value, 1e-8);
        }
    }

    [Fact]
    public void A_cancelled_analysis_stops_with_OperationCanceledException()
    {
        var sample = ManyGroups();
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.Throws<OperationCanceledException>(() => SurvivalAnalysis.Run(sample, null, cancelled.Token));
        Assert.Throws<OperationCanceledException>(() => WeightedLogRankTest.ComputeAll(sample, cancelled.Token));
        Assert.Throws<OperationCanceledException>(() => CoxRegression.FitGroups(sample, control: new CoxControl { CancellationToken = cancelled.Token }));
    }

    [Fact]
    public void Fifty_groups_of_one_subject_each_give_a_complete_analysis()
    {
        var time = Enumerable.Range(1, 50).Select(i => (double)i).ToArray();
        var observed = time.Select(t => t % 3 != 0).ToArray();
        var groups = time.Select(t => $"G{t:00}").ToArray();
        var result = SurvivalAnalysis.Run(SurvivalSample.FromLabels(time, observed, groups));
        Assert.Equal(50, result.Groups.Count);
        Assert.All(result.Groups, g => Assert.Equal(1, g.Count));
        Assert.Equal(49, result.Cox!.Terms.Count);
        Assert.Equal(49, result.Tests!.LogRank.Test.Df);
    }

    // The textbook sums, O(T·k²): at each distinct event time, every group's at-risk number and deaths.
    private static (double[][] Expected, double[][,] Variance) Direct(SurvivalSample sample)
    {
        var k = sample.GroupCount;
        var expected = Enumerable.Range(0, 4).Select(_ => new double[k]).ToArray();
        var variance = Enumerable.Range(0, 4).Select(_ => new double[k, k]).ToArray();
        var times = sample.Time.Distinct().Order().ToArray();
        var km = 1.0;
        foreach (var t in times)
        {
            var atRisk = new double[k];
            var deaths = new double[k];
            for (var i = 0; i < sample.Count; i++)
            {
                if (sample.Time[i] >= t)
                {
                    atRisk[sample.Group[i]]++;
                }

                if (sample.Time[i] == t && sample.Status[i] != 0)
                {
                    deaths[sample.Group[i]]++;
                }
            }

            double n = atRisk.Sum(), d = deaths.Sum();
            if (d == 0)
            {
                continue;
            }

            double[] w = [1, n, Math.Sqrt(n), km];
            for (var f = 0; f < 4; f++)
            {
                for (var g = 0; g < k; g++)
                {
                    expected[f][g] += w[f] * d * atRisk[g] / n;
                    for (var h = 0; h < k && n > 1; h++)
                    {
                        variance[f][g, h] += w[f] * w[f] * d * (n - d) / (n * (n - 1)) * atRisk[g] * ((g == h ? 1 : 0) - (atRisk[h] / n));
                    }
                }
            }

            km *= (n - d) / n;
        }

        return (expected, variance);
    }
}
