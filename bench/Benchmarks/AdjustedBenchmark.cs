using System.Diagnostics;
using System.Globalization;
using System.Text;
using HccOutcomes.Analysis.Adjusted;
using HccOutcomes.Analysis.Survival;

namespace HccOutcomes.Benchmarks;

/// <summary>
/// The adjusted-comparison pipeline in process on generated data (single thread): propensity model, ATE weights,
/// balance, 1:1 caliper matching, weighted Kaplan–Meier with robust SE and weighted Cox with robust SE; then matching
/// alone at a larger size. <c>--csv</c> writes the data for <c>bench/adjusted/adjusted.R</c>, which times R on the same work.
/// </summary>
internal static class AdjustedBenchmark
{
    private const string Command = "dotnet run -c Release --project bench/Benchmarks -- adjusted";

    internal static int Run(string[] args)
    {
        var n = 100_000;
        var matchingN = 1_000_000;
        var runs = 5;
        string? csv = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--subjects": n = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--matching-subjects": matchingN = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--runs": runs = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--csv": csv = args[++i]; break;
                default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
            }
        }

        var d = AdjustedData.Generate(n, 20261206);
        if (csv is not null)
        {
            d.WriteCsv(csv);
            Console.WriteLine($"wrote {n} subjects to {csv}");
            return 0;
        }

        Console.WriteLine($"{Command}: {n} subjects, {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}; median (min) of {runs} runs after 2 warm-ups");
        LogisticResult ps = null!;
        double[] w = null!;
        var covariates = d.Covariates();
        var steps = new List<(string Name, Action Body)>
        {
            ("propensity model (glm binomial, 5 covariates, one categorical)", () => ps = LogisticRegression.Fit(DesignMatrix.Build(covariates), d.Treated)),
            ("ATE weights + Kish ESS", () =>
            {
                w = PropensityWeights.Compute(ps.Fitted, d.Treated, Estimand.Ate);
                _ = KishEffectiveSampleSize.Compute(w, d.Treated, true) + KishEffectiveSampleSize.Compute(w, d.Treated, false);
            }),
            ("balance (SMD, variance ratios; unadjusted + weighted)", () => _ = CovariateBalance.Compute(covariates, d.Treated, w)),
            ("1:1 caliper matching on the logit (0.2 SD)", () => _ = NearestNeighborMatching.Match(ps.LinearPredictor, d.Treated, 1, 0.2)),
            ("weighted Kaplan–Meier, robust SE", () => _ = WeightedKaplanMeier.Fit(d.Time, d.Event, d.GroupIndex, ["control", "treated"], w)),
            ("weighted Cox, robust SE (Efron)", () => _ = WeightedCoxRegression.Fit(d.Time, d.Event, DesignMatrix.Build([d.Group]), w, robust: true)),
        };

        var rows = Measure(steps, runs);
        var total = rows.Sum(r => r.Median);
        foreach (var (name, median, min) in rows)
        {
            Console.WriteLine($"| {name} | {median:F0} | {min:F0} |");
        }

        Console.WriteLine($"| total | {total:F0} | {rows.Sum(r => r.Min):F0} |");

        var big = AdjustedData.Generate(matchingN, 20261207);
        var bigPs = LogisticRegression.Fit(DesignMatrix.Build(big.Covariates()), big.Treated);
        var matching = Measure([("matching", () => _ = NearestNeighborMatching.Match(bigPs.LinearPredictor, big.Treated, 1, 0.2))], Math.Min(runs, 3))[0];
        var m = NearestNeighborMatching.Match(bigPs.LinearPredictor, big.Treated, 1, 0.2);
        Console.WriteLine($"matching at {matchingN} subjects: median {matching.Median:F0} ms (min {matching.Min:F0}); {m.Sets.Count} pairs, {m.UnmatchedTreated} treated unmatched");
        return 0;
    }

    private static List<(string Name, double Median, double Min)> Measure(List<(string Name, Action Body)> steps, int runs)
    {
        for (var warm = 0; warm < 2; warm++)
        {
            steps.ForEach(s => s.Body());
        }

        var times = steps.Select(_ => new List<double>()).ToList();
        for (var r = 0; r < runs; r++)
        {
            for (var s = 0; s < steps.Count; s++)
            {
                GC.Collect();
                var sw = Stopwatch.StartNew();
                steps[s].Body();
                times[s].Add(sw.Elapsed.TotalMilliseconds);
            }
        }

        return [.. steps.Select((s, i) => (s.Name, times[i].Order().ElementAt(runs / 2), times[i].Min()))];
    }
}

/// <summary>
/// Generated cohort: age ~ N(62, 10), AFP log-normal (log10 ~ N(2, 1)), albumin ~ N(38, 5), max tumor diameter
/// ~ Gamma-like (sum of two exponentials, mean 6), BCLC ∈ {A, B, C} (20/30/50 %); treatment by a logistic model on them;
/// exponential event times with a treatment HR of 0.7 and covariate effects, uniform censoring up to 36 months, times
/// rounded to 0.01 so that ties exist. SplitMix64, deterministic per seed.
/// </summary>
internal sealed record AdjustedData(
    double[] Time, bool[] Event, bool[] Treated, double[] Age, double[] Afp, double[] Albumin, double[] Diameter, string[] Bclc)
{
    public int[] GroupIndex => [.. Treated.Select(t => t ? 1 : 0)];

    public ModelCovariate Group => ModelCovariate.Categorical("group", [.. Treated.Select(t => t ? "treated" : "control")], ["control", "treated"]);

    public List<ModelCovariate> Covariates() =>
    [
        ModelCovariate.Numeric("age", Age), ModelCovariate.Numeric("log10afp", Afp), ModelCovariate.Numeric("albumin", Albumin),
        ModelCovariate.Numeric("diameter", Diameter), ModelCovariate.Categorical("bclc", Bclc),
    ];

    public static AdjustedData Generate(int n, ulong seed)
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

        double Normal() => Math.Sqrt(-2 * Math.Log(U())) * Math.Cos(2 * Math.PI * U());
        var d = new AdjustedData(new double[n], new bool[n], new bool[n], new double[n], new double[n], new double[n], new double[n], new string[n]);
        for (var i = 0; i < n; i++)
        {
            var age = Math.Round(62 + (10 * Normal()), 1);
            var afp = Math.Round(2 + Normal(), 3);
            var albumin = Math.Round(38 + (5 * Normal()), 1);
            var diameter = Math.Round(-3 * (Math.Log(U()) + Math.Log(U())), 1);
            var u = U();
            var bclc = u < 0.2 ? "A" : u < 0.5 ? "B" : "C";
            var lp = -0.3 - (0.02 * (age - 62)) + (0.3 * (afp - 2)) - (0.03 * (albumin - 38)) + (0.05 * (diameter - 6)) + (bclc == "C" ? 0.4 : bclc == "B" ? 0.2 : 0);
            var treated = U() < 1 / (1 + Math.Exp(-lp));
            var rate = 0.05 * Math.Exp((treated ? Math.Log(0.7) : 0) + (0.01 * (age - 62)) + (0.2 * (afp - 2)) + (bclc == "C" ? 0.5 : 0));
            var te = -Math.Log(U()) / rate;
            var tc = 36 * U();
            d.Time[i] = Math.Max(0.01, Math.Round(Math.Min(te, tc), 2));
            d.Event[i] = te <= tc;
            d.Treated[i] = treated;
            d.Age[i] = age;
            d.Afp[i] = afp;
            d.Albumin[i] = albumin;
            d.Diameter[i] = diameter;
            d.Bclc[i] = bclc;
        }

        return d;
    }

    public void WriteCsv(string path)
    {
        var sb = new StringBuilder("id,time,event,group,age,log10afp,albumin,diameter,bclc\n");
        for (var i = 0; i < Time.Length; i++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"s{i + 1},{Time[i]},{(Event[i] ? 1 : 0)},{(Treated[i] ? "treated" : "control")},{Age[i]},{Afp[i]},{Albumin[i]},{Diameter[i]},{Bclc[i]}\n");
        }

        File.WriteAllText(path, sb.ToString());
    }
}
