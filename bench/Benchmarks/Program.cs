using System.Diagnostics;
using System.Globalization;
using System.Text;
using HccOutcomes.Analysis.Survival;
using HccOutcomes.Benchmarks;

CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var suite = args.Length > 0 ? args[0] : string.Empty;
switch (suite)
{
    case "survival":
        return SurvivalBenchmark.Run(args.Skip(1).ToArray());
    case "survival-groups":
        return SurvivalGroupsBenchmark.Run(args.Skip(1).ToArray());
    case "put-steps":
        return PutStepsBenchmark.Run(args.Skip(1).ToArray());
    case "insert-forms":
        return await InsertFormsBenchmark.RunAsync(args.Skip(1).ToArray());
    case "compare":
        return CompareBenchmark.Run(args.Skip(1).ToArray());
    case "adjusted":
        return AdjustedBenchmark.Run(args.Skip(1).ToArray());
    case "figures":
        return FigureBenchmark.Run(args.Skip(1).ToArray());
    default:
        Console.WriteLine("usage: dotnet run -c Release --project bench/Benchmarks -- <suite>");
        Console.WriteLine("suites: survival [--sizes 100000,1000000] [--runs 7] [--out bench/Benchmarks/survival-results.md]");
        Console.WriteLine("        survival-groups [--shapes 1x1000000,50x20000] [--runs 3]   (the whole analysis, few vs many groups)");
        Console.WriteLine("        put-steps [--documents 20000]   (a PUT's own steps without HTTP or the database, one thread)");
        Console.WriteLine("        insert-forms --connection CS [--table patient_outcomes --key patient_id --rows 5 --iterations 1000]");
        Console.WriteLine("                                        (PostgreSQL CPU of a small upsert through unnest and through VALUES)");
        Console.WriteLine("        compare [--patients 100000] [--runs 7]   (the comparison's sections and JSON in process, generated rows)");
        Console.WriteLine("        adjusted [--subjects 100000] [--matching-subjects 1000000] [--runs 5] [--csv FILE]");
        Console.WriteLine("                                        (propensity, weights, balance, matching, weighted KM and Cox; --csv writes the data for bench/adjusted/adjusted.R)");
        Console.WriteLine("        figures [--runs 9]               (a Kaplan–Meier figure as SVG, PNG at 300 and 600 dpi, and PDF, in process)");
        return suite.Length == 0 ? 0 : 2;
}

namespace HccOutcomes.Benchmarks
{
    /// <summary>POSIX clock access for per-thread CPU time.</summary>
    internal static class NativeClock
    {
        [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "clock_gettime")]
        internal static extern int clock_gettime(int clockId, out TimeSpec time);

        [System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Sequential)]
        internal struct TimeSpec
        {
            public long Seconds;
            public long Nanoseconds;
        }
    }

    /// <summary>
    /// Console harness timing the survival pipeline on generated data (single-threaded): warm-up first, then the
    /// median of several runs per step.
    /// </summary>
    internal static class SurvivalBenchmark
    {
        private const string Command = "dotnet run -c Release --project bench/Benchmarks -- survival";

        internal static int Run(string[] args)
        {
            int[] sizes = [100_000, 1_000_000];
            var runs = 7;
            string? output = null;
            for (var i = 0; i < args.Length; i++)
            {
                switch (args[i])
                {
                    case "--sizes": sizes = [.. args[++i].Split(',').Select(int.Parse)]; break;
                    case "--runs": runs = int.Parse(args[++i]); break;
                    case "--out": output = args[++i]; break;
                    default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
                }
            }

            output ??= FindDefaultOutput();
            var md = new StringBuilder();
            md.AppendLine("# Survival benchmark");
            md.AppendLine();
            md.AppendLine($"Command: `{Command}`");
            md.AppendLine();
            md.AppendLine($"Machine: {Environment.ProcessorCount} logical cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, " +
                          $"{System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}, " +
                          $"{System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture}; single-threaded; " +
                          $"{(Debugger.IsAttached ? "debugger attached" : "no debugger")}; measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC.");
            md.AppendLine();
            md.AppendLine("Data (deterministic, SplitMix64 seed 20240601): two groups (Bernoulli 0.5), one covariate age ~ N(60, 10),");
            md.AppendLine("event time ~ Exp(0.1·exp(0.4·group + 0.02·(age − 60))), censoring ~ Exp(0.05) and administrative at 36,");
            md.AppendLine("time = min(event, censoring) rounded to 0.01 (so ties exist, minimum 0.01).");
            md.AppendLine();
            md.AppendLine($"Each step: 2 warm-up runs, then the median of {runs} timed runs (Stopwatch wall-clock, GC collected before each run).");
            md.AppendLine("\"thread CPU ms\" is the benchmark thread's own CPU time for the step (clock_gettime(CLOCK_THREAD_CPUTIME_ID)): it");
            md.AppendLine("excludes time spent waiting for a core while other processes run. Wall-clock is the figure that counts against the target.");
            md.AppendLine("\"Prepare\" validates the input and sorts it once (counting sort over the distinct times when there are at most");
            md.AppendLine("65,536 of them, else an LSD radix sort); every later step reuses that order. Cox: the group-only model uses the");
            md.AppendLine("categorical path (per-time counts by group, computed once); group + covariate evaluates exp(xβ) for every subject");
            md.AppendLine("in each Newton–Raphson iteration (4 likelihood evaluations here: β = 0 and 3 iterations), Efron ties throughout.");
            md.AppendLine("R 4.2.2 / survival 3.5.3 anchor on this machine class: 10.95 s in total at n = 1e6 (survfit 2.5 s, survdiff 1.6 s,");
            md.AppendLine("coxph 2.2 s, 2-covariate coxph 4.6 s) and 1.21 s at n = 1e5.");
            md.AppendLine();

            var loadBefore = LoadAverage();
            foreach (var n in sizes)
            {
                Console.WriteLine($"n = {n:N0}: generating…");
                var data = Generate(n, 20240601UL);
                var rows = Measure(data, runs, out var check);
                var table = Table(n, rows);
                Console.WriteLine(table);
                Console.WriteLine(check);
                md.AppendLine($"## n = {n:N0}");
                md.AppendLine();
                md.AppendLine(table);
                md.AppendLine($"Results at this size (sanity): {check}");
                md.AppendLine();
            }

            md.AppendLine($"Peak working set of the benchmark process: {Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0):F0} MiB.");
            md.AppendLine();
            md.AppendLine($"System load average (1/5/15 min) before: {loadBefore}; after: {LoadAverage()}. The machine is shared: a load well " +
                          $"above the {Environment.ProcessorCount} cores means other work competed for the CPU, and the median then overstates the " +
                          "cost; the min column is the least-disturbed run.");
            File.WriteAllText(output, md.ToString());
            Console.WriteLine($"written {output}");
            return 0;
        }

        private static string LoadAverage()
        {
            try
            {
                return File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
            }
            catch (IOException)
            {
                return "n/a";
            }
        }

        private static string FindDefaultOutput()
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "HccOutcomes.sln")))
            {
                dir = dir.Parent;
            }

            var root = dir?.FullName ?? Directory.GetCurrentDirectory();
            return Path.Combine(root, "bench", "Benchmarks", "survival-results.md");
        }

        private sealed record Data(double[] Time, bool[] Event, string[] Group, double[] Age);

        private sealed record Row(string Step, double MedianMs, double MinMs, double CpuMs, double AllocMb);

        /// <summary>
        /// CPU time consumed by the current thread in ms (POSIX <c>clock_gettime(CLOCK_THREAD_CPUTIME_ID)</c>), or NaN
        /// where unavailable. Unlike wall-clock time it does not count time spent waiting for a core.
        /// </summary>
        private static double ThreadCpuMs()
        {
            if (!OperatingSystem.IsLinux())
            {
                return double.NaN;
            }

            try
            {
                return NativeClock.clock_gettime(3 /* CLOCK_THREAD_CPUTIME_ID */, out var ts) == 0
                    ? (ts.Seconds * 1e3) + (ts.Nanoseconds / 1e6)
                    : double.NaN;
            }
            catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
            {
                return double.NaN;
            }
        }

        /// <summary>Deterministic data: SplitMix64 uniforms, inverse-CDF exponentials, Box–Muller normals.</summary>
        private static Data Generate(int n, ulong seed)
        {
            var state = seed;
            double U()
            {
                state += 0x9E3779B97F4A7C15UL;
                var z = state;
                z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
                z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
                z ^= z >> 31;
                return ((z >> 11) + 0.5) * (1.0 / 9007199254740992.0); // (0, 1)
            }

            var time = new double[n];
            var ev = new bool[n];
            var group = new string[n];
            var age = new double[n];
            for (var i = 0; i < n; i++)
            {
                var b = U() < 0.5;
                var a = 60 + (10 * Math.Sqrt(-2 * Math.Log(U())) * Math.Cos(2 * Math.PI * U()));
                var rate = 0.1 * Math.Exp((b ? 0.4 : 0.0) + (0.02 * (a - 60)));
                var te = -Math.Log(U()) / rate;
                var tc = Math.Min(-Math.Log(U()) / 0.05, 36.0);
                var t = Math.Max(0.01, Math.Round(Math.Min(te, tc), 2));
                time[i] = t;
                ev[i] = te <= tc;
                group[i] = b ? "B" : "A";
                age[i] = Math.Round(a, 1);
            }

            return new Data(time, ev, group, age);
        }

        private static List<Row> Measure(Data d, int runs, out string check)
        {
            SurvivalSample sample = null!;
            var steps = new List<(string Name, Action Body)>
            {
                ("Prepare: validate + sort once", () => sample = SurvivalSample.FromLabels(d.Time, d.Event, d.Group, ["A", "B"], [new Covariate("age", d.Age)])),
                ("Kaplan–Meier + median, both groups", () =>
                {
                    var km = KaplanMeier.Fit(sample);
                    foreach (var c in km.Curves) { _ = c.Median(); } }),
                ("All four weighted log-rank tests", () => _ = WeightedLogRankTest.ComputeAll(sample)),
                ("Cox, group only (Efron)", () => _ = CoxRegression.FitGroups(sample)),
                ("Cox, group + covariate (Efron)", () => _ = CoxRegression.FitGroups(sample, ["age"])),
            };

            // Warm-up (JIT, tiered compilation) — twice through the whole pipeline.
            for (var w = 0; w < 2; w++)
            {
                foreach (var s in steps)
                {
                    s.Body();
                }
            }

            var rows = new List<Row>();
            var totals = new double[runs];
            var perStep = steps.Select(_ => new double[runs]).ToArray();
            var cpuStep = steps.Select(_ => new double[runs]).ToArray();
            var cpuTotals = new double[runs];
            var alloc = new double[steps.Count];
            for (var r = 0; r < runs; r++)
            {
                for (var s = 0; s < steps.Count; s++)
                {
                    GC.Collect();
                    GC.WaitForPendingFinalizers();
                    GC.Collect();
                    var before = GC.GetAllocatedBytesForCurrentThread();
                    var cpu0 = ThreadCpuMs();
                    var t0 = Stopwatch.GetTimestamp();
                    steps[s].Body();
                    var ms = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
                    var cpu = ThreadCpuMs() - cpu0;
                    cpuStep[s][r] = cpu;
                    cpuTotals[r] += cpu;
                    alloc[s] = (GC.GetAllocatedBytesForCurrentThread() - before) / (1024.0 * 1024.0);
                    perStep[s][r] = ms;
                    totals[r] += ms;
                }
            }

            for (var s = 0; s < steps.Count; s++)
            {
                rows.Add(new Row(steps[s].Name, Median(perStep[s]), perStep[s].Min(), Median(cpuStep[s]), alloc[s]));
            }

            rows.Add(new Row("**Total (sum per run)**", Median(totals), totals.Min(), Median(cpuTotals), alloc.Sum()));

            var fit = KaplanMeier.Fit(sample);
            var tests = WeightedLogRankTest.ComputeAll(sample);
            var cox1 = CoxRegression.FitGroups(sample);
            var cox2 = CoxRegression.FitGroups(sample, ["age"]);
            check = $"events {sample.EventCount:N0}; distinct times A/B {fit.Curves[0].Rows.Count:N0}/{fit.Curves[1].Rows.Count:N0}; " +
                    $"median A {fit.Curves[0].Median().Estimate} B {fit.Curves[1].Median().Estimate}; " +
                    $"log-rank χ² {tests.LogRank.Test.ChiSquare:F2}; " +
                    $"Cox HR(B) {cox1.Terms[0].HazardRatio:F4} ({cox1.Iterations} it.); " +
                    $"Cox HR(B) {cox2.Terms[0].HazardRatio:F4}, HR(age) {cox2.Terms[1].HazardRatio:F4} ({cox2.Iterations} it.).";
            return rows;
        }

        private static double Median(double[] x)
        {
            var s = (double[])x.Clone();
            Array.Sort(s);
            return s.Length % 2 == 1 ? s[s.Length / 2] : (s[(s.Length / 2) - 1] + s[s.Length / 2]) / 2;
        }

        private static string Table(int n, List<Row> rows)
        {
            var sb = new StringBuilder();
            sb.AppendLine($"| Step (n = {n:N0}) | median ms | min ms | thread CPU ms (median) | allocated MiB |");
            sb.AppendLine("| --- | ---: | ---: | ---: | ---: |");
            foreach (var r in rows)
            {
                sb.AppendLine($"| {r.Step} | {r.MedianMs:F1} | {r.MinMs:F1} | {r.CpuMs:F1} | {r.AllocMb:F1} |");
            }

            return sb.ToString();
        }
    }
}
