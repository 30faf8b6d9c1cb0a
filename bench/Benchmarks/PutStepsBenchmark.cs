using System.Diagnostics;
using System.Text;
using System.Text.Json;
using FluentValidation;
using HccOutcomes.Api.Contracts.Patients;
using HccOutcomes.Api.Hosting;
using HccOutcomes.LoadTool;

namespace HccOutcomes.Benchmarks;

/// <summary>
/// The application's own steps of a single-patient PUT, without HTTP or the database, on one thread: reading the
/// document, validating it, mapping it to entities, its content hash and the response document. Per step: µs and KB
/// allocated per document, for the documents the PUT benchmark sends (bench/LoadTool, both variants). Three rounds;
/// the first includes the JIT's tiering, so the last is the steady state.
/// </summary>
internal static class PutStepsBenchmark
{
    internal static int Run(string[] args)
    {
        var count = 20_000;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--documents": count = int.Parse(args[++i]); break;
                default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
            }
        }

        var json = new JsonSerializerOptions();
        ApiServiceCollectionExtensions.ConfigureJson(json);
        json.MakeReadOnly(populateMissingResolver: true);
        var validator = new PatientDocumentValidator();
        var documents = Enumerable.Range(0, 200).Select(i => Encoding.UTF8.GetBytes(SyntheticPatients.Document(i, false, i % 2))).ToArray();
        var cohort = Guid.NewGuid();
        var now = DateTimeOffset.UtcNow;
        Console.WriteLine($"{documents.Length} documents of ~{documents.Average(d => d.Length):F0} bytes, {count:N0} per round");

        string[] steps = ["deserialize", "validate", "map", "content hash", "response document"];
        for (var round = 1; round <= 3; round++)
        {
            var ticks = new long[steps.Length];
            var bytes = new long[steps.Length];
            var gen0 = GC.CollectionCount(0);
            for (var i = 0; i < count; i++)
            {
                var step = 0;
                var t = Stopwatch.GetTimestamp();
                var a = GC.GetAllocatedBytesForCurrentThread();
                void Done()
                {
                    var t1 = Stopwatch.GetTimestamp();
                    var a1 = GC.GetAllocatedBytesForCurrentThread();
                    ticks[step] += t1 - t;
                    bytes[step] += a1 - a;
                    (t, a, step) = (t1, a1, step + 1);
                }

                var document = JsonSerializer.Deserialize<PatientDocument>(documents[i % documents.Length], json)!;
                Done();
                if (!validator.Validate(document).IsValid)
                {
                    throw new InvalidOperationException("A generated document is invalid.");
                }

                Done();
                var patient = PatientDocumentMapper.ToEntity(document, cohort, "BENCH-" + i, now);
                Done();
                patient.ContentHash = PatientDocumentMapper.ContentHash(patient, json);
                Done();
                JsonSerializer.SerializeToUtf8Bytes(PatientDocumentMapper.ToDocument(patient), json);
                Done();
            }

            var line = string.Join(", ", steps.Select((s, k) =>
                $"{s} {ticks[k] * 1e6 / Stopwatch.Frequency / count:F1} µs/{bytes[k] / 1024.0 / count:F0} KB"));
            Console.WriteLine($"round {round}: {line}; total {ticks.Sum() * 1e6 / Stopwatch.Frequency / count:F1} µs; " +
                              $"{GC.CollectionCount(0) - gen0} gen0 collections");
        }

        return 0;
    }
}
