using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using HccOutcomes.LoadTool;

// Loopback-only load tool. Every loop is bounded in count and time.
//   batch   --url U --patients N [--batch 10000] [--dryRun true] [--parallel 1] : POST /patients/batch into a fresh cohort, timed
//   put     --url U --requests N --concurrency C [--cohort ID] : single-patient PUTs, p50/p99/throughput
//   put-rate --url U --rate R --connections C [--seconds 60] [--warmup 20] [--patients 1000] : single-patient PUTs offered
//            at a fixed rate (open loop) over at most C connections; latency counted from each request's scheduled time
//   put-docs --url U --out FILE [--count 1000]         : creates a cohort (prints its id) and writes FILE for bench/wrk/put-patients.lua
//   read    --url U --cohort ID                         : GET /outcomes as JSON and CSV, timed
//   fhir    --url U [--patients 10000]                  : loads N patients by batch (untimed), then times GET /fhir (ndjson export)
//            and POST /imports/fhir of that export into a fresh cohort
//   survival --url U --subjects N                       : POST /analyses/survival with N generated subjects, timed
//   compare --url U --cohort ID [--runs 7]              : POST /analyses/compare (all sections) and the three figures, timed
//   redcap  --url U [--patients 10000]                 : loads N synthetic patients, exports the cohort as a REDCap CSV,
//            then POSTs that export to /imports/redcap of a fresh cohort (timed), and once more (a no-op, timed)
//   adjusted --url U --subjects N [--runs 4]            : POST /analyses/propensity (ATE, 1:1 matching) then /analyses/survival
//            with its weights (weighted KM and Cox, robust SE), timed
var options = Args.Parse(args);
var url = options.Get("url", null) ?? "http://127.0.0.1:5080";
if (!Uri.TryCreate(url, UriKind.Absolute, out var baseUri) || !(baseUri.IsLoopback))
{
    Console.Error.WriteLine("--url must be a loopback address");
    return 2;
}

using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = baseUri, Timeout = TimeSpan.FromMinutes(20) };
// Every /api/v1 call needs a token: from HCC_TOKEN, or fetched once with HCC_CLIENT_ID / HCC_CLIENT_SECRET (the
// local admin that './hcc run' prints; bench/wrk/common.sh exports them).
var token = Environment.GetEnvironmentVariable("HCC_TOKEN") ?? await FetchToken(http);
if (token is not null)
{
    http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
}

switch (args.FirstOrDefault())
{
    case "batch":
        return await Batch(http, options.GetInt("patients", 10_000), options.GetInt("batch", 10_000), options.Get("dryRun", null) == "true", options.GetInt("parallel", 1));
    case "put":
        return await Put(http, options.GetInt("requests", 20_000), options.GetInt("concurrency", 16), options.Get("cohort", null));
    case "put-rate":
        return await PutAtRate(baseUri, token, options.GetInt("rate", 500), options.GetInt("connections", 16), options.GetInt("seconds", 60),
            options.GetInt("warmup", 20), options.GetInt("patients", 1000));
    case "put-docs":
        return await PutDocuments(http, options.Get("out", null) ?? throw new ArgumentException("--out is required"), options.GetInt("count", 1000));
    case "fhir":
        return await Fhir(http, options.GetInt("patients", 10_000));
    case "read":
        return await Read(http, options.Get("cohort", null) ?? throw new ArgumentException("--cohort is required"));
    case "survival":
        return await Survival(http, options.GetInt("subjects", 1_000_000));
    case "adjusted":
        return await Adjusted(http, options.GetInt("subjects", 100_000), options.GetInt("runs", 4));
    case "redcap":
        return await Redcap(http, options.GetInt("patients", 10_000));
    case "compare":
        return await Compare(http, options.Get("cohort", null) ?? throw new ArgumentException("--cohort is required"), options.GetInt("runs", 7));
    default:
        Console.WriteLine("usage: loadtool batch|put|read [--url http://127.0.0.1:5080] ...");
        return 2;
}

static async Task<string> CreateCohort(HttpClient http, string name)
{
    var response = await http.PostAsync("/api/v1/cohorts", Json($$"""{"name":"{{name}} {{Guid.NewGuid():N}}","isSynthetic":true,"description":"load test"}"""));
    response.EnsureSuccessStatusCode();
    return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
}

static StringContent Json(string body) => new(body, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));

static async Task<int> Redcap(HttpClient http, int patients)
{
    var source = await CreateCohort(http, "redcap benchmark source");
    if (await Batch(http, patients, 10_000, false, 1, source) != 0)
    {
        return 1;
    }

    var sw = Stopwatch.StartNew();
    var export = await http.GetByteArrayAsync($"/api/v1/cohorts/{source}/exports/redcap");
    var exportSeconds = sw.Elapsed.TotalSeconds;
    var rows = export.Count(b => b == (byte)'\n') - 1;
    var target = await CreateCohort(http, "redcap benchmark import");
    foreach (var run in new[] { "import", "re-import (no-op)" })
    {
        var content = new ByteArrayContent(export);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        sw.Restart();
        var response = await http.PostAsync($"/api/v1/cohorts/{target}/imports/redcap", content);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            Console.Error.WriteLine($"redcap {run} failed {(int)response.StatusCode}: {text[..Math.Min(2000, text.Length)]}");
            return 1;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"redcap {run}: {patients} records, {rows} rows, {export.Length / 1048576.0:F1} MiB CSV in {sw.Elapsed.TotalSeconds:F1} s (export took {exportSeconds:F1} s); cohort {target}"));
    }

    return 0;
}

static async Task<int> Batch(HttpClient http, int patients, int batchSize, bool dryRun, int parallel, string? into = null)
{
    var cohort = into ?? await CreateCohort(http, "batch benchmark");
    var total = Stopwatch.StartNew();
    double maxBatch = 0, server = 0;
    var failed = false;
    var next = -1;
    var gate = new Lock();
    // With --parallel 2 a second batch is parsed and validated by the API while the first one is being written
    // (different patients of one cohort, so the two transactions never wait for each other).
    await Task.WhenAll(Enumerable.Range(0, parallel).Select(async _ =>
    {
        for (var start = Interlocked.Increment(ref next) * batchSize; start < patients && !failed; start = Interlocked.Increment(ref next) * batchSize)
        {
            var count = Math.Min(batchSize, patients - start);
            var body = BatchBody(start, count);
            var sw = Stopwatch.StartNew();
            var response = await http.PostAsync($"/api/v1/cohorts/{cohort}/patients/batch{(dryRun ? "?dryRun=true" : "")}", body);
            var text = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode)
            {
                Console.Error.WriteLine($"batch failed {(int)response.StatusCode}: {text[..Math.Min(2000, text.Length)]}");
                failed = true;
                return;
            }

            lock (gate)
            {
                maxBatch = Math.Max(maxBatch, sw.Elapsed.TotalSeconds);
                server += sw.Elapsed.TotalSeconds;
            }
        }
    }));
    if (failed)
    {
        return 1;
    }

    var seconds = total.Elapsed.TotalSeconds;
    var what = parallel == 1
        ? $"{server:F1} s of requests ({patients / server:F0} patients/s; slowest batch of {batchSize}: {maxBatch:F1} s; {seconds:F1} s including generating the documents)"
        : $"{seconds:F1} s wall clock with {parallel} batches in flight, including generating the documents ({patients / seconds:F0} patients/s; slowest batch of {batchSize}: {maxBatch:F1} s)";
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"batch import{(dryRun ? " (dry run: validation only)" : "")}: {patients} patients in {what}; cohort {cohort}"));
    return 0;
}

// A batch request of the synthetic patients start … start + count − 1.
static StringContent BatchBody(int start, int count)
{
    var body = new StringBuilder(count * 6000).Append("{\"patients\":[");
    for (var i = 0; i < count; i++)
    {
        body.Append(i == 0 ? "" : ",").Append(SyntheticPatients.Document(start + i, withExternalId: true));
    }

    return Json(body.Append("]}").ToString());
}

static async Task<int> Fhir(HttpClient http, int patients)
{
    var source = await CreateCohort(http, "fhir benchmark source");
    for (var start = 0; start < patients; start += 10_000)
    {
        var loaded = await http.PostAsync($"/api/v1/cohorts/{source}/patients/batch", BatchBody(start, Math.Min(10_000, patients - start)));
        if (!loaded.IsSuccessStatusCode)
        {
            Console.Error.WriteLine($"loading failed {(int)loaded.StatusCode}: {await loaded.Content.ReadAsStringAsync()}");
            return 1;
        }
    }

    var sw = Stopwatch.StartNew();
    using var export = await http.GetAsync($"/api/v1/cohorts/{source}/fhir", HttpCompletionOption.ResponseHeadersRead);
    export.EnsureSuccessStatusCode();
    var ndjson = await export.Content.ReadAsByteArrayAsync();
    var exportSeconds = sw.Elapsed.TotalSeconds;
    var resources = ndjson.Count(b => b == (byte)'\n');

    var target = await CreateCohort(http, "fhir benchmark target");
    var content = new ByteArrayContent(ndjson);
    content.Headers.ContentType = new MediaTypeHeaderValue("application/fhir+ndjson");
    sw.Restart();
    var import = await http.PostAsync($"/api/v1/cohorts/{target}/imports/fhir", content);
    var importSeconds = sw.Elapsed.TotalSeconds;
    var text = await import.Content.ReadAsStringAsync();
    if (!import.IsSuccessStatusCode)
    {
        Console.Error.WriteLine($"import failed {(int)import.StatusCode}: {text[..Math.Min(2000, text.Length)]}");
        return 1;
    }

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"fhir: {patients} patients, {resources} resources, {ndjson.Length / 1048576.0:F0} MiB of ndjson; export {exportSeconds:F1} s; import {importSeconds:F1} s; cohorts {source} → {target}"));
    return 0;
}

static async Task<int> Put(HttpClient http, int requests, int concurrency, string? cohort)
{
    cohort ??= await CreateCohort(http, "put benchmark");
    // Warm-up (not measured).
    for (var i = 0; i < 200; i++)
    {
        (await http.PutAsync($"/api/v1/cohorts/{cohort}/patients/W{i}", Json(SyntheticPatients.Document(i, false)))).EnsureSuccessStatusCode();
    }

    var latencies = new double[requests];
    var next = -1;
    var failures = 0;
    var done = 0;
    var deadline = Stopwatch.StartNew();
    var sw = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
    {
        while (deadline.Elapsed < TimeSpan.FromMinutes(5))
        {
            // Each worker takes a pair: it creates patient P{2k}, then replaces it with a changed document,
            // so half the requests are inserts and half are replacements, and no two workers touch one patient.
            var pair = Interlocked.Increment(ref next);
            var id = 2 * pair;
            if (id >= requests)
            {
                return;
            }

            for (var variant = 0; variant < 2 && id + variant < requests; variant++)
            {
                // The document seed is the pair number, so the arms alternate (RT+PD1, TACE+Sorafenib).
                var body = Json(SyntheticPatients.Document(pair, false, variant));
                var t = Stopwatch.GetTimestamp();
                var response = await http.PutAsync($"/api/v1/cohorts/{cohort}/patients/P{id}", body);
                latencies[id + variant] = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
                if (!response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref failures);
                }

                Interlocked.Increment(ref done);
            }
        }
    }));
    var seconds = sw.Elapsed.TotalSeconds;
    var sorted = latencies.Take(done).Order().ToArray();
    double P(double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"PUT whole patient: {done} requests, concurrency {concurrency}, {done / seconds:F0} req/s, p50 {P(0.50):F1} ms, p99 {P(0.99):F1} ms, max {sorted[^1]:F1} ms, failures {failures}"));
    return failures == 0 ? 0 : 1;
}

// Open loop: request k is due at start + k / rate whatever happened to the earlier ones, and its latency runs from that
// moment, so time spent waiting for one of the C connections counts (no coordinated omission). Request k replaces
// patient k mod N with the other of its two documents, so every PUT changes the stored patient.
static async Task<string?> FetchToken(HttpClient http)
{
    var id = Environment.GetEnvironmentVariable("HCC_CLIENT_ID");
    var secret = Environment.GetEnvironmentVariable("HCC_CLIENT_SECRET");
    if (id is null || secret is null)
    {
        return null;
    }

    using var response = await http.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
    {
        ["grant_type"] = "client_credentials",
        ["client_id"] = id,
        ["client_secret"] = secret,
    }));
    response.EnsureSuccessStatusCode();
    return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("access_token").GetString();
}

static async Task<int> PutAtRate(Uri baseUri, string? token, int rate, int connections, int seconds, int warmupSeconds, int patients)
{
    using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections }) { BaseAddress = baseUri, Timeout = TimeSpan.FromMinutes(1) };
    if (token is not null)
    {
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    var cohort = await CreateCohort(client, "put-rate benchmark");
    var documents = new string[2][];
    for (var variant = 0; variant < 2; variant++)
    {
        documents[variant] = Enumerable.Range(0, patients).Select(i => SyntheticPatients.Document(i, false, variant)).ToArray();
    }

    for (var i = 0; i < patients; i++)
    {
        (await client.PutAsync($"/api/v1/cohorts/{cohort}/patients/P{i}", Json(documents[0][i]))).EnsureSuccessStatusCode();
    }

    var slots = new SemaphoreSlim(connections);
    var total = rate * (warmupSeconds + seconds);
    var measuredFrom = rate * warmupSeconds;
    var latencies = new double[total];
    var failures = 0;
    var inFlight = new List<Task>(total);
    var start = Stopwatch.GetTimestamp();
    var ticksPerRequest = Stopwatch.Frequency / (double)rate;
    for (var k = 0; k < total; k++)
    {
        var due = start + (long)(k * ticksPerRequest);
        // Sleep, never spin: the load tool shares the cores with the API and PostgreSQL. A request sent a little late
        // still counts its latency from the moment it was due.
        var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
        if (wait >= TimeSpan.FromMilliseconds(1))
        {
            await Task.Delay(wait);
        }

        var request = k;
        inFlight.Add(Task.Run(async () =>
        {
            await slots.WaitAsync();
            try
            {
                var patient = request % patients;
                var variant = (request / patients + 1) % 2;
                using var response = await client.PutAsync($"/api/v1/cohorts/{cohort}/patients/P{patient}", Json(documents[variant][patient]));
                if (!response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref failures);
                }
            }
            finally
            {
                slots.Release();
                latencies[request] = Stopwatch.GetElapsedTime(due).TotalMilliseconds;
            }
        }));
    }

    await Task.WhenAll(inFlight);
    var elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
    var sorted = latencies[measuredFrom..].Order().ToArray();
    double P(double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"PUT whole patient at {rate} req/s offered over {connections} connections: {total / elapsed:F0} req/s achieved over {elapsed:F0} s " +
        $"({warmupSeconds} s warm-up not counted); p50 {P(0.50):F1} ms, p90 {P(0.90):F1} ms, p99 {P(0.99):F1} ms, max {sorted[^1]:F1} ms; failures {failures}"));
    return failures == 0 ? 0 : 1;
}

static async Task<int> PutDocuments(HttpClient http, string path, int count)
{
    var cohort = await CreateCohort(http, "wrk put benchmark");
    await using var file = new StreamWriter(path);
    for (var i = 0; i < count; i++)
    {
        // One line per patient: the document that creates it, a tab, the document that replaces it.
        await file.WriteLineAsync(SyntheticPatients.Document(i, false) + "\t" + SyntheticPatients.Document(i, false, 1));
    }

    Console.WriteLine(cohort);
    return 0;
}

static async Task<int> Read(HttpClient http, string cohort)
{
    foreach (var accept in new[] { "application/json", "text/csv" })
    {
        var times = new List<double>();
        long bytes = 0;
        for (var i = 0; i < 6; i++)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/cohorts/{cohort}/outcomes");
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
            var sw = Stopwatch.StartNew();
            var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            response.EnsureSuccessStatusCode();
            bytes = await Drain(response);
            if (i > 0)
            {
                times.Add(sw.Elapsed.TotalMilliseconds); // first is warm-up
            }
        }

        times.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"GET outcomes ({accept}): median {times[times.Count / 2]:F0} ms, max {times[^1]:F0} ms, {bytes / 1024.0 / 1024.0:F1} MiB"));
    }

    return 0;
}

static async Task<int> Adjusted(HttpClient http, int subjects, int runs)
{
    // Five covariates (one categorical), treatment by a logistic model on them, exponential times rounded to 0.01.
    var rng = new Random(20261206);
    double Normal() => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
    var time = new double[subjects];
    var ev = new bool[subjects];
    var treated = new bool[subjects];
    var ps = new StringBuilder(subjects * 120).Append("{\"subjects\":[");
    for (var i = 0; i < subjects; i++)
    {
        double age = Math.Round(62 + (10 * Normal()), 1), afp = Math.Round(2 + Normal(), 3), albumin = Math.Round(38 + (5 * Normal()), 1);
        var diameter = Math.Round(-3 * (Math.Log(1 - rng.NextDouble()) + Math.Log(1 - rng.NextDouble())), 1);
        var u = rng.NextDouble();
        var bclc = u < 0.2 ? "A" : u < 0.5 ? "B" : "C";
        var lp = -0.3 - (0.02 * (age - 62)) + (0.3 * (afp - 2)) - (0.03 * (albumin - 38)) + (0.05 * (diameter - 6)) + (bclc == "C" ? 0.4 : bclc == "B" ? 0.2 : 0);
        treated[i] = rng.NextDouble() < 1 / (1 + Math.Exp(-lp));
        var te = -Math.Log(1 - rng.NextDouble()) / (0.05 * Math.Exp((treated[i] ? Math.Log(0.7) : 0) + (0.2 * (afp - 2))));
        var tc = 36 * rng.NextDouble();
        time[i] = Math.Max(0.01, Math.Round(Math.Min(te, tc), 2));
        ev[i] = te <= tc;
        ps.Append(i == 0 ? "" : ",").Append(CultureInfo.InvariantCulture,
            $"{{\"id\":\"s{i}\",\"group\":\"{(treated[i] ? "treated" : "control")}\",\"covariates\":{{\"age\":{age},\"afp\":{afp},\"albumin\":{albumin},\"diameter\":{diameter},\"bclc\":\"{bclc}\"}}}}");
    }

    ps.Append("],\"treated\":\"treated\",\"covariates\":[\"age\",\"afp\",\"albumin\",\"diameter\",\"bclc\"],\"estimand\":\"ATE\",\"matching\":{\"ratio\":1,\"caliper\":0.2}}");
    var psPayload = Encoding.UTF8.GetBytes(ps.ToString());
    var times = new List<(double Propensity, double Survival)>();
    for (var run = 0; run < runs; run++)
    {
        var sw = Stopwatch.StartNew();
        var response = await http.PostAsync("/api/v1/analyses/propensity", new ByteArrayContent(psPayload) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } });
        var text = await response.Content.ReadAsByteArrayAsync();
        var propensityMs = sw.Elapsed.TotalMilliseconds;
        if (!response.IsSuccessStatusCode)
        {
            Console.Error.WriteLine(Encoding.UTF8.GetString(text, 0, Math.Min(2000, text.Length)));
            return 1;
        }

        // The survival request carries the weights of the propensity response (built outside the timing).
        using var doc = JsonDocument.Parse(text);
        var body = new StringBuilder(subjects * 80).Append("{\"subjects\":[");
        var k = 0;
        foreach (var s in doc.RootElement.GetProperty("subjects").EnumerateArray())
        {
            body.Append(k == 0 ? "" : ",").Append(CultureInfo.InvariantCulture,
                $"{{\"time\":{time[k]},\"event\":{(ev[k] ? "true" : "false")},\"group\":\"{(treated[k] ? "treated" : "control")}\",\"weight\":{s.GetProperty("weight").GetDouble():R}}}");
            k++;
        }

        body.Append("],\"groupOrder\":[\"control\",\"treated\"],\"robust\":true}");
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body.ToString()));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        sw.Restart();
        response = await http.PostAsync("/api/v1/analyses/survival", content);
        text = await response.Content.ReadAsByteArrayAsync();
        if (!response.IsSuccessStatusCode)
        {
            Console.Error.WriteLine(Encoding.UTF8.GetString(text, 0, Math.Min(2000, text.Length)));
            return 1;
        }

        if (run > 0)
        {
            times.Add((propensityMs, sw.Elapsed.TotalMilliseconds));
        }
    }

    var totals = times.Select(t => t.Propensity + t.Survival).Order().ToList();
    var median = times.OrderBy(t => t.Propensity + t.Survival).ElementAt(times.Count / 2);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"POST /analyses/propensity + /analyses/survival (weights, robust): {subjects} subjects, propensity body {psPayload.Length / 1048576.0:F0} MiB; median total {totals[totals.Count / 2]:F0} ms (propensity {median.Propensity:F0} + survival {median.Survival:F0}), min {totals[0]:F0} ms over {times.Count} runs after warm-up"));
    return 0;
}

static async Task<int> Survival(HttpClient http, int subjects)
{
    // Exponential times rounded to 0.01 (ties), two groups, one covariate; deterministic.
    var rng = new Random(20240601);
    var body = new StringBuilder(subjects * 80).Append("{\"subjects\":[");
    for (var i = 0; i < subjects; i++)
    {
        var group = rng.Next(2);
        var age = 60 + (10 * (rng.NextDouble() - 0.5));
        var eventTime = -Math.Log(1 - rng.NextDouble()) / (0.1 * Math.Exp(0.4 * group));
        var censor = -Math.Log(1 - rng.NextDouble()) / 0.05;
        var time = Math.Round(Math.Min(Math.Min(eventTime, censor), 36), 2) + 0.01;
        body.Append(i == 0 ? "" : ",").Append("{\"time\":").Append(time.ToString("0.##", CultureInfo.InvariantCulture))
            .Append(",\"event\":").Append(eventTime <= censor && eventTime < 36 ? "true" : "false")
            .Append(",\"group\":\"").Append(group == 0 ? "B" : "A").Append("\",\"covariates\":{\"age\":")
            .Append(age.ToString("0.#", CultureInfo.InvariantCulture)).Append("}}");
    }

    body.Append("],\"groupOrder\":[\"B\",\"A\"],\"covariates\":[\"age\"],\"landmarks\":[3,6,9,12]}");
    var payload = Encoding.UTF8.GetBytes(body.ToString());
    var times = new List<double>();
    for (var run = 0; run < 4; run++)
    {
        var content = new ByteArrayContent(payload);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var sw = Stopwatch.StartNew();
        var response = await http.PostAsync("/api/v1/analyses/survival", content);
        var text = await response.Content.ReadAsByteArrayAsync();
        if (!response.IsSuccessStatusCode)
        {
            Console.Error.WriteLine(Encoding.UTF8.GetString(text, 0, Math.Min(2000, text.Length)));
            return 1;
        }

        if (run > 0)
        {
            times.Add(sw.Elapsed.TotalMilliseconds);
        }
    }

    times.Sort();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"POST /analyses/survival: {subjects} subjects, body {payload.Length / 1048576.0:F0} MiB, median {times[times.Count / 2]:F0} ms (min {times[0]:F0}) over {times.Count} runs after warm-up"));
    return 0;
}

// Reads a response body to its end into one reused buffer, as curl -o /dev/null does: the timing includes the transfer
// but not the client's copying of tens of MiB into a growing array, which on a two-core machine would compete with the
// API for CPU.
static async Task<long> Drain(HttpResponseMessage response)
{
    var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(1 << 16);
    try
    {
        await using var body = await response.Content.ReadAsStreamAsync();
        long total = 0;
        int read;
        while ((read = await body.ReadAsync(buffer)) > 0)
        {
            total += read;
        }

        return total;
    }
    finally
    {
        System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
    }
}

static async Task<int> Compare(HttpClient http, string cohort, int runs)
{
    var body = $$"""
        { "cohortId": "{{cohort}}",
          "groups": [ { "name": "RT+PD1", "filter": { "arm": "RT+PD1" } }, { "name": "TACE+Sorafenib", "filter": { "arm": "TACE+Sorafenib" } } ],
          "reference": "TACE+Sorafenib", "categoricalTest": "auto", "medianConvention": "spss", "ties": "breslow", "primarySurvivalTest": "gehanBreslow",
          "subgroups": ["age>=53", "hbv", "maxTumorDiameter<10", "macrovascularInvasion", "extrahepaticMetastasis", "bclc", "priorTace", "priorHepatectomy", "priorSystemicTherapy", "afp>=400"] }
        """;
    foreach (var path in new[] { "compare", "compare/figures/kaplan-meier?endpoint=pfs", "compare/figures/forest?endpoint=pfs", "compare/figures/waterfall" })
    {
        var times = new List<double>();
        long bytes = 0;
        for (var run = 0; run <= runs; run++)
        {
            var sw = Stopwatch.StartNew();
            var response = await http.SendAsync(
                new HttpRequestMessage(HttpMethod.Post, $"/api/v1/analyses/{path}") { Content = Json(body) }, HttpCompletionOption.ResponseHeadersRead);
            if (!response.IsSuccessStatusCode)
            {
                Console.Error.WriteLine(await response.Content.ReadAsStringAsync());
                return 1;
            }

            bytes = await Drain(response);
            if (run > 0)
            {
                times.Add(sw.Elapsed.TotalMilliseconds);
            }
        }

        times.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"POST /analyses/{path}: median {times[times.Count / 2]:F0} ms, min {times[0]:F0}, max {times[^1]:F0} ({runs} runs after warm-up, {bytes / 1024.0:F0} KiB)"));
    }

    return 0;
}

internal sealed class Args
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public static Args Parse(string[] args)
    {
        var result = new Args();
        for (var i = 1; i + 1 < args.Length; i += 2)
        {
            result._values[args[i].TrimStart('-')] = args[i + 1];
        }

        return result;
    }

    public string? Get(string name, string? fallback) => _values.TryGetValue(name, out var v) ? v : fallback;

    public int GetInt(string name, int fallback) => _values.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
}
