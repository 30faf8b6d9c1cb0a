using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using HccOutcomes.Analysis.Survival;
using HccOutcomes.Api.Analyses;
using HccOutcomes.Api.Contracts.Analyses;
using HccOutcomes.Api.Hosting;
using HccOutcomes.Domain.Registry;
using HccOutcomes.Infrastructure.Analysis;
using CompareOptions = HccOutcomes.Api.Analyses.CompareOptions;

namespace HccOutcomes.Benchmarks;

/// <summary>
/// The comparison's sections and its JSON on generated analysis rows, in process (no HTTP, no database): each section
/// on one thread, all sections side by side as <see cref="CompareService"/> runs them, and the response serialized
/// with the API's JSON options. Median of several runs after two warm-ups.
/// </summary>
internal static class CompareBenchmark
{
    private const string Reference = "TACE+Sorafenib";

    internal static int Run(string[] args)
    {
        var patients = 100_000;
        var runs = 7;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--patients":
                    patients = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--runs":
                    runs = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                default:
                    Console.Error.WriteLine($"unknown option {args[i]}");
                    return 2;
            }
        }

        var names = new List<string> { "RT+PD1", Reference };
        var members = Generate(patients);
        var options = CompareOptions.From(new CompareRequest
        {
            Reference = Reference,
            MedianConvention = MedianConvention.Spss,
            Ties = CoxTies.Breslow,
            PrimarySurvivalTest = SurvivalTestChoice.GehanBreslow,
            Subgroups =
            [
                "age>=53", "hbv", "maxTumorDiameter<10", "macrovascularInvasion", "extrahepaticMetastasis", "bclc", "priorTace",
                "priorHepatectomy", "priorSystemicTherapy", "afp>=400",
            ],
        });
        var json = new JsonSerializerOptions();
        ApiServiceCollectionExtensions.ConfigureJson(json);

        CompareEngine Engine() => new(names, members, Reference, options);
        var criteria = options.Criteria;
        CompareResponse? response = null;
        var steps = new List<(string Name, Action Body)>
        {
            ("baseline (Table 1)", () => Engine().Baseline()),
            ("response, both criteria (Table 2, waterfall)", () => criteria.Select(Engine().Response).ToList()),
            ("PFS, both criteria", () => criteria.Select(c => Engine().Survival("PFS", c, p => p.Pfs(c))).ToList()),
            ("OS", () => Engine().Survival("OS", null, p => p.Os)),
            ("safety (Table 3)", () => Engine().Safety()),
            ("subgroups, PFS and OS (forest)", () =>
            {
                var engine = Engine();
                _ = new[] { engine.Subgroups("PFS", criteria[0], p => p.Pfs(criteria[0])), engine.Subgroups("OS", null, p => p.Os) };
            }),
            ("all sections side by side", () => response = CompareAll(Engine(), names, members, options)),
            ("JSON: response sections", () => JsonSerializer.Serialize(Stream.Null, response!.Response, json)),
            ("JSON: whole comparison", () => JsonSerializer.Serialize(Stream.Null, response, json)),
        };

        for (var w = 0; w < 2; w++)
        {
            foreach (var step in steps)
            {
                step.Body();
            }
        }

        // Wall clock, and the process's CPU time (all threads), which moves less than wall clock when other
        // processes share the cores.
        var times = steps.Select(_ => new double[runs]).ToArray();
        var cpu = steps.Select(_ => new double[runs]).ToArray();
        using var process = Process.GetCurrentProcess();
        for (var r = 0; r < runs; r++)
        {
            for (var s = 0; s < steps.Count; s++)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                GC.Collect();
                process.Refresh();
                var cpuStart = process.TotalProcessorTime;
                var start = Stopwatch.GetTimestamp();
                steps[s].Body();
                times[s][r] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                process.Refresh();
                cpu[s][r] = (process.TotalProcessorTime - cpuStart).TotalMilliseconds;
            }
        }

        var waterfallPoints = response!.Response!.Sum(r => r.Waterfall.Count);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{patients:N0} generated patients, {waterfallPoints:N0} waterfall points; {runs} runs after 2 warm-ups; ms, median (min):"));
        Console.WriteLine($"  {"step",-48} {"wall clock",18} {"process CPU",18}");
        for (var s = 0; s < steps.Count; s++)
        {
            Array.Sort(times[s]);
            Array.Sort(cpu[s]);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {steps[s].Name,-48} {times[s][runs / 2],8:F1} ({times[s][0],7:F1}) {cpu[s][runs / 2],8:F1} ({cpu[s][0],7:F1})"));
        }

        return 0;
    }

    // The sections as CompareService runs them: each on its own thread-pool task.
    private static CompareResponse CompareAll(CompareEngine engine, List<string> names, List<List<AnalysisPatient>> members, CompareOptions options)
    {
        var criteria = options.Criteria;
        var baseline = Task.Run(engine.Baseline);
        var response = Task.Run(() => criteria.Select(engine.Response).ToList());
        var pfs = Task.Run(() => criteria.Select(c => engine.Survival("PFS", c, p => p.Pfs(c))).ToList());
        var os = Task.Run(() => engine.Survival("OS", null, p => p.Os));
        var safety = Task.Run(engine.Safety);
        var subgroups = Task.Run(() => new List<SubgroupSection>
        {
            engine.Subgroups("PFS", criteria[0], p => p.Pfs(criteria[0])), engine.Subgroups("OS", null, p => p.Os),
        });
        Task.WaitAll(baseline, response, pfs, os, safety, subgroups);
        return new CompareResponse(
            Guid.Empty, Reference,
            new CompareSettings(options.Sections, options.Criteria, options.Landmarks, options.CategoricalTest, options.MedianConvention, "SPSS (type 6)",
                options.Ties, options.PrimaryTest, options.Level, "months (days / 30.4375)"),
            names.Select((n, g) => new GroupSize(n, members[g].Count)).ToList(),
            new Consort(members.Sum(m => m.Count), 0, 0, engine.Exclusions),
            baseline.Result, response.Result, pfs.Result, os.Result, safety.Result, subgroups.Result,
            new DerivationUsed(1, HccOutcomes.Domain.Conventions.PfsRuleSet.AsCollected, null, "none"));
    }

    /// <summary>Deterministic analysis rows, alternating arms, shaped like the load tool's synthetic patients.</summary>
    private static List<List<AnalysisPatient>> Generate(int n)
    {
        var rng = new Random(20220106);
        var arms = new List<List<AnalysisPatient>> { new(), new() };
        string[] rtTerms = ["Fatigue", "Hypothyroidism", "Pneumonitis", "Rash maculo-papular"];
        string[] taceTerms = ["Palmar-plantar erythrodysesthesia syndrome", "Diarrhea", "Hypertension", "Fatigue"];
        for (var i = 0; i < n; i++)
        {
            var rt = i % 2 == 0;
            var patient = new AnalysisPatient
            {
                ExternalId = "LT-" + i.ToString("D7", CultureInfo.InvariantCulture),
                Arm = rt ? "RT+PD1" : Reference,
                OnStudyDate = new DateOnly(2019, 1, 1).AddDays(rng.Next(0, 900)),
                Sex = rng.NextDouble() < 0.9 ? Sex.Male : Sex.Female,
                AgeYears = 35 + rng.Next(0, 40),
                BodyweightKg = Math.Round(50 + (rng.NextDouble() * 40), 1),
                Ecog = rng.Next(0, 2),
                ChildPughClass = ChildPughClass.A,
                BclcStage = rng.NextDouble() < 0.7 ? BclcStage.C : BclcStage.B,
                Hbv = rng.NextDouble() < 0.85,
                Afp = Math.Round(rng.NextDouble() * 2000, 2),
                Albumin = Math.Round(30 + (rng.NextDouble() * 15), 2),
                Bilirubin = Math.Round(8 + (rng.NextDouble() * 20), 2),
                MaxTumorDiameterCm = Math.Round(3 + (rng.NextDouble() * 10), 2),
                MacrovascularInvasion = rng.NextDouble() < 0.5,
                ExtrahepaticMetastasis = rng.NextDouble() < 0.3,
                PriorTace = rng.NextDouble() < 0.2,
                PriorHepatectomy = rng.NextDouble() < 0.1,
                PriorSystemicTherapy = rng.NextDouble() < 0.1,
                AlbiGrade = 1 + rng.Next(0, 2),
                Recist = Response(rng),
                MRecist = Response(rng),
                Os = new TimeToEventRow(Math.Round(1 + (rng.NextDouble() * 24), 2), rng.NextDouble() < 0.5),
                PfsRecist = new TimeToEventRow(Math.Round(0.5 + (rng.NextDouble() * 12), 2), rng.NextDouble() < 0.3),
                PfsMRecist = new TimeToEventRow(Math.Round(0.5 + (rng.NextDouble() * 12), 2), rng.NextDouble() < 0.3),
                AnyGrade3PlusTrae = rng.NextDouble() < 0.3,
                TreatmentRelatedDeath = rng.NextDouble() < 0.01,
            };
            foreach (var term in rt ? rtTerms : taceTerms)
            {
                patient.RelatedTerms.Add((term, 1 + rng.Next(0, 3)));
            }

            arms[rt ? 0 : 1].Add(patient);
        }

        return arms;
    }

    private static ResponseRow? Response(Random rng)
    {
        var u = rng.NextDouble();
        if (u < 0.03)
        {
            return null;
        }

        if (u < 0.06)
        {
            return new ResponseRow("NE", "None", null, null);
        }

        var change = u < 0.1 ? -100.0 : Math.Round(-90 + (rng.NextDouble() * 130), 1);
        var bor = change <= -100 ? "CR" : change <= -30 ? "PR" : change >= 20 ? "PD" : "SD";
        return new ResponseRow(bor, "Measured", change, bor is "CR" or "PR" ? 30 + rng.Next(0, 200) : null);
    }
}
