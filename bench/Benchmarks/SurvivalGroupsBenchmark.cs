using System.Diagnostics;
using HccOutcomes.Analysis.Survival;

namespace HccOutcomes.Benchmarks;

/// <summary>
/// The whole survival analysis (<see cref="SurvivalAnalysis.Run"/>: sort, Kaplan–Meier, medians, follow-up, the
/// log-rank family, Cox on the group indicators) for the same number of subjects split into few or many groups, to
/// show that its cost follows the subjects, not the groups. Times are continuous (nearly all distinct: the worst case).
/// </summary>
internal static class SurvivalGroupsBenchmark
{
    internal static int Run(string[] args)
    {
        (int Groups, int PerGroup)[] shapes = [(1, 1_000_000), (2, 500_000), (50, 20_000), (50, 2_000), (1, 100_000)];
        var runs = 3;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--shapes":
                    shapes = [.. args[++i].Split(',').Select(s => s.Split('x')).Select(p => (int.Parse(p[0]), int.Parse(p[1])))];
                    break;
                case "--runs": runs = int.Parse(args[++i]); break;
                default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
            }
        }

        Console.WriteLine("| groups × subjects per group | subjects n | whole analysis: median ms (min) | ms per n·log2(n) × 1e6 | of which log-rank family ms | Cox ms | log-rank χ² | Cox terms |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var (groups, perGroup) in shapes)
        {
            var (time, observed, group) = Generate(groups, perGroup, 20261206UL);
            var names = Enumerable.Range(0, groups).Select(g => $"G{g:D2}").ToArray();
            SurvivalAnalysisResult result = null!;
            var times = new List<double>();
            for (var r = -1; r < runs; r++)
            {
                GC.Collect();
                var clock = Stopwatch.StartNew();
                result = SurvivalAnalysis.Run(SurvivalSample.FromLabels(time, observed, group, names));
                if (r >= 0)
                {
                    times.Add(clock.Elapsed.TotalMilliseconds);
                }
            }

            times.Sort();
            var sample = SurvivalSample.FromLabels(time, observed, group, names);
            var logRank = groups > 1 ? Time(() => WeightedLogRankTest.ComputeAll(sample)) : 0;
            var cox = groups > 1 ? Time(() => CoxRegression.FitGroups(sample)) : 0;
            var n = groups * perGroup;
            var median = times[times.Count / 2];
            Console.WriteLine($"| {groups} × {perGroup:N0} | {n:N0} | {median:F0} ({times[0]:F0}) | {median / (n * Math.Log2(n)) * 1e6:F1} | {logRank:F0} | {cox:F0} | " +
                              $"{result.Tests?.LogRank.Test.ChiSquare:F1} | {result.Cox?.Terms.Count ?? 0} |");
        }

        Console.WriteLine($"load average: {File.ReadAllText("/proc/loadavg").Trim()}");
        return 0;
    }

    private static double Time(Action step)
    {
        var clock = Stopwatch.StartNew();
        step();
        return clock.Elapsed.TotalMilliseconds;
    }

    // SplitMix64 uniforms; group g has hazard 0.1·(1 + g/groups), censoring Exp(0.05).
    private static (double[] Time, bool[] Event, string[] Group) Generate(int groups, int perGroup, ulong seed)
    {
        var state = seed;
        double U()
        {
            state += 0x9E3779B97F4A7C15UL;
            var z = state;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
            return ((z >> 11) + 0.5) * (1.0 / 9007199254740992.0);
        }

        var n = groups * perGroup;
        var time = new double[n];
        var observed = new bool[n];
        var group = new string[n];
        for (var i = 0; i < n; i++)
        {
            var g = i % groups;
            var te = -Math.Log(U()) / (0.1 * (1 + ((double)g / groups)));
            var tc = -Math.Log(U()) / 0.05;
            time[i] = Math.Min(te, tc);
            observed[i] = te <= tc;
            group[i] = $"G{g:D2}";
        }

        return (time, observed, group);
    }
}
