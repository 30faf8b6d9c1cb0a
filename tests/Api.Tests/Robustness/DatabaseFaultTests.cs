using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using HccOutcomes.Api.Tests.Infrastructure;
using Npgsql;
using Xunit.Abstractions;

namespace HccOutcomes.Api.Tests.Robustness;

/// <summary>
/// The database crashes under load: during a stream of patient PUTs and batch imports the postmaster of a private
/// cluster is killed with SIGKILL and started again, while the API keeps running. Whatever was acknowledged is stored
/// as acknowledged, a batch is all there or not at all, the outage is answered 503 with Retry-After, and the API
/// recovers by itself.
/// </summary>
public sealed class DatabaseFaultTests(ITestOutputHelper output)
{
    private const int BatchSize = 10;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_killed_database_loses_no_acknowledged_write_splits_no_batch_answers_503_and_is_recovered_from_without_a_restart()
    {
        await using var cluster = await PrivateCluster.StartAsync();
        await using var factory = new ApiFactory { PostgresServer = cluster.ConnectionString };
        await factory.InitializeAsync();
        using var client = factory.CreateClient();
        var cohort = await client.CreateCohortAsync("fault");

        var run = new Run(client, cohort);
        using var stop = new CancellationTokenSource();
        var workers = Enumerable.Range(0, 3).Select(w => run.PutStreamAsync(w, stop.Token))
            .Append(run.BatchStreamAsync(stop.Token)).ToList();

        await WaitForAsync(() => run.AcknowledgedPuts >= 5 && run.AcknowledgedBatches >= 1, "writes before the crash");
        var logMark = factory.Log.Mark();
        var killedAt = run.Now;
        var pid = await cluster.KillPostmasterAsync();
        var acknowledgedBeforeCrash = run.Acknowledged;

        // The retries (about 5 s) are used up first; then the outage is answered 503, to the PUTs and to a batch.
        await WaitForAsync(() => run.PutOutageAnswers >= 1 && run.BatchOutageAnswers >= 1, "503 answers during the outage");
        var firstOutageAnswer = run.FirstOutageAnswerAt - killedAt;
        using (var ready = await client.GetAsync("/health/ready"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        }

        var downFor = run.Now - killedAt;
        await cluster.StartServerAsync();
        var restartedAt = run.Now;
        await WaitForAsync(() => run.LastAcknowledgedAt > restartedAt, "a write acknowledged after the restart");
        var recovery = run.LastAcknowledgedAt - restartedAt;
        var acknowledgedAtRecovery = run.Acknowledged;
        await WaitForAsync(() => run.Acknowledged >= acknowledgedAtRecovery + 5, "writes after the recovery");
        await stop.CancelAsync();
        await Task.WhenAll(workers);
        using (var ready = await client.GetAsync("/health/ready"))
        {
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        }

        output.WriteLine(
            $"postmaster {pid} killed; down {downFor.TotalSeconds:F1} s; first 503 {firstOutageAnswer.TotalSeconds:F1} s after the kill; " +
            $"acknowledged: {run.AcknowledgedPuts} PUTs and {run.AcknowledgedBatches} batches of {BatchSize} ({acknowledgedBeforeCrash} writes before the crash); " +
            $"503: {run.PutOutageAnswers} PUTs, {run.BatchOutageAnswers} batches; first write acknowledged {recovery.TotalSeconds:F1} s after the restart");

        Assert.Empty(run.Defects);
        await AssertStoredAsAcknowledgedAsync(factory, cohort, run);

        // One Error line per outage (none when another test's outage in this process was logged moments before), not one
        // per request (the request log has those 503s as warnings); besides it only the readiness probe's own report.
        var errors = factory.Log.Since(logMark).Where(e => e.Level >= Serilog.Events.LogEventLevel.Error).Select(CapturedLog.Text).ToList();
        Assert.True(errors.Count(e => e.Contains("database is unavailable", StringComparison.Ordinal)) <= 1, string.Join("\n", errors));
        Assert.All(errors, e => Assert.True(
            e.Contains("database is unavailable", StringComparison.Ordinal) || e.StartsWith("Health check \"database\"", StringComparison.Ordinal), e));
    }

    private static async Task AssertStoredAsAcknowledgedAsync(ApiFactory factory, Guid cohort, Run run)
    {
        var stored = new Dictionary<string, string?>(StringComparer.Ordinal);
        // Unpooled: the pool's connections from before the crash are dead.
        await using (var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(factory.Database.ConnectionString) { Pooling = false }.ConnectionString))
        {
            await connection.OpenAsync();
            await using var query = new NpgsqlCommand("SELECT external_id, source_id FROM patients WHERE cohort_id = @c", connection);
            query.Parameters.AddWithValue("c", cohort);
            await using var reader = await query.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                stored[reader.GetString(0)] = reader.IsDBNull(1) ? null : reader.GetString(1);
            }
        }

        // A patient holds its last acknowledged version, or one sent after it whose answer was lost in the outage.
        foreach (var (externalId, attempts) in run.PutAttempts)
        {
            var lastAcknowledged = attempts.FindLastIndex(a => a.Acknowledged);
            var allowed = attempts.Skip(Math.Max(lastAcknowledged, 0)).Select(a => a.Version).ToList();
            if (lastAcknowledged >= 0)
            {
                Assert.True(stored.TryGetValue(externalId, out var version), $"Acknowledged patient {externalId} is missing.");
                Assert.Contains(version, allowed);
            }
            else if (stored.TryGetValue(externalId, out var version))
            {
                Assert.Contains(version, allowed);
            }
        }

        foreach (var (batch, acknowledged) in run.Batches)
        {
            var rows = stored.Where(s => s.Key.StartsWith($"B{batch}-", StringComparison.Ordinal)).ToList();
            Assert.True(rows.Count is 0 or BatchSize, $"Batch {batch} is partial: {rows.Count} of {BatchSize} patients.");
            Assert.All(rows, r => Assert.Equal($"b{batch}", r.Value));
            Assert.True(!acknowledged || rows.Count == BatchSize, $"Acknowledged batch {batch} is missing.");
        }
    }

    private static async Task WaitForAsync(Func<bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > Bound)
            {
                throw new TimeoutException($"Waited {Bound.TotalSeconds} s for {what}.");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>The writers and what each of their requests was answered.</summary>
    private sealed class Run(HttpClient client, Guid cohort)
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private int _versions;
        private int _putOutage;
        private int _batchOutage;
        private int _acknowledgedPuts;
        private int _acknowledgedBatches;
        private long _lastAcknowledgedTicks;
        private long _firstOutageTicks;

        public TimeSpan Now => _clock.Elapsed;

        public ConcurrentDictionary<string, List<(string Version, bool Acknowledged)>> PutAttempts { get; } = new(StringComparer.Ordinal);

        public ConcurrentDictionary<int, bool> Batches { get; } = new();

        public ConcurrentQueue<string> Defects { get; } = new();

        public int AcknowledgedPuts => Volatile.Read(ref _acknowledgedPuts);

        public int AcknowledgedBatches => Volatile.Read(ref _acknowledgedBatches);

        public int Acknowledged => AcknowledgedPuts + AcknowledgedBatches;

        public int PutOutageAnswers => Volatile.Read(ref _putOutage);

        public int BatchOutageAnswers => Volatile.Read(ref _batchOutage);

        public TimeSpan LastAcknowledgedAt => TimeSpan.FromTicks(Interlocked.Read(ref _lastAcknowledgedTicks));

        public TimeSpan FirstOutageAnswerAt => TimeSpan.FromTicks(Interlocked.Read(ref _firstOutageTicks));

        /// <summary>New patients, and every third request a new version of the worker's latest patient.</summary>
        public async Task PutStreamAsync(int worker, CancellationToken stop)
        {
            string? latest = null;
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var externalId = i % 3 == 2 && latest is not null ? latest : $"P{worker}-{i}";
                latest = externalId;
                var version = $"v{Interlocked.Increment(ref _versions)}";
                var document = Document(externalId, version, i);
                var attempts = PutAttempts.GetOrAdd(externalId, _ => []);
                using var response = await client.PutAsync($"/api/v1/cohorts/{cohort}/patients/{externalId}", ApiFactory.RawJson(document.ToJsonString()));
                var acknowledged = await ClassifyAsync(response, batch: false);
                attempts.Add((version, acknowledged));
                if (acknowledged)
                {
                    Interlocked.Increment(ref _acknowledgedPuts);
                }
            }
        }

        public async Task BatchStreamAsync(CancellationToken stop)
        {
            for (var batch = 0; !stop.IsCancellationRequested; batch++)
            {
                var patients = Enumerable.Range(0, BatchSize).Select(k => (JsonNode?)Document($"B{batch}-{k}", $"b{batch}", k)).ToArray();
                var body = new JsonObject { ["patients"] = new JsonArray(patients) }.ToJsonString();
                Batches[batch] = false;
                using var response = await client.PostAsync($"/api/v1/cohorts/{cohort}/patients/batch", ApiFactory.RawJson(body));
                if (await ClassifyAsync(response, batch: true))
                {
                    Batches[batch] = true;
                    Interlocked.Increment(ref _acknowledgedBatches);
                }
            }
        }

        private static JsonObject Document(string externalId, string version, int i)
        {
            var document = i % 2 == 0 ? SamplePatients.RtPd1(externalId) : SamplePatients.TaceSorafenib(externalId);
            document["sourceId"] = version;
            return document;
        }

        /// <summary>True when acknowledged; counts a 503 and checks its form; anything else is a defect.</summary>
        private async Task<bool> ClassifyAsync(HttpResponseMessage response, bool batch)
        {
            var body = await response.Content.ReadAsStringAsync();
            if (response.IsSuccessStatusCode)
            {
                Interlocked.Exchange(ref _lastAcknowledgedTicks, Now.Ticks);
                return true;
            }

            if (response.StatusCode != HttpStatusCode.ServiceUnavailable)
            {
                Defects.Enqueue($"{(int)response.StatusCode}: {body}");
                return false;
            }

            Interlocked.Increment(ref batch ? ref _batchOutage : ref _putOutage);
            Interlocked.CompareExchange(ref _firstOutageTicks, Now.Ticks, 0);
            if (response.Headers.RetryAfter?.Delta is not { TotalSeconds: > 0 })
            {
                Defects.Enqueue("503 without Retry-After");
            }

            if (response.Content.Headers.ContentType?.MediaType != "application/problem+json" ||
                JsonDocument.Parse(body).RootElement.GetProperty("status").GetInt32() != 503)
            {
                Defects.Enqueue($"503 without a ProblemDetails: {body}");
            }

            return false;
        }
    }
}
