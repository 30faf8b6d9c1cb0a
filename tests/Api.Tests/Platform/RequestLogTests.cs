using System.Net;
using System.Text.Json.Nodes;
using HccOutcomes.Api.Tests.Infrastructure;
using Npgsql;
using Serilog.Events;

namespace HccOutcomes.Api.Tests.Platform;

/// <summary>
/// What the API writes to its log, read from a capturing Serilog sink: route templates, status codes and timings,
/// never patient identifiers or clinical values; and a client that goes away is not logged as a server failure.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class RequestLogTests(ApiFactory factory)
{
    private const string PatientRoute = "api/v1/cohorts/{cohortId:guid}/patients/{externalId}";

    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task Request_log_has_route_templates_and_status_but_no_patient_identifier_or_clinical_value()
    {
        var mark = factory.Log.Mark();
        var cohort = await _client.CreateCohortAsync();

        // Values chosen to be unmistakable in a log line.
        var patient = SamplePatients.RtPd1();
        patient["baseline"]!["afpNgPerMl"] = 98765.43;
        Assert.Equal(HttpStatusCode.Created, (await _client.PutAsync($"/api/v1/cohorts/{cohort}/patients/PSN-4417-QX", ApiFactory.RawJson(patient.ToJsonString()))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync($"/api/v1/cohorts/{cohort}/patients/PSN-4417-QX")).StatusCode);

        var rejected = SamplePatients.RtPd1();
        rejected["baseline"]!["albuminGPerL"] = 912.75;
        Assert.Equal(HttpStatusCode.BadRequest, (await _client.PutAsync($"/api/v1/cohorts/{cohort}/patients/PSN-5120-ZR", ApiFactory.RawJson(rejected.ToJsonString()))).StatusCode);
        // A rejection whose message quotes the identifiers.
        Assert.Equal(HttpStatusCode.BadRequest, (await _client.PutAsync($"/api/v1/cohorts/{cohort}/patients/PSN-4417-QX", ApiFactory.RawJson(SamplePatients.RtPd1("PSN-9001-AA").ToJsonString()))).StatusCode);
        var stale = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/cohorts/{cohort}/patients/PSN-4417-QX") { Content = ApiFactory.RawJson(patient.ToJsonString()) };
        stale.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await _client.SendAsync(stale)).StatusCode);
        var batch = new JsonObject { ["patients"] = new JsonArray(SamplePatients.TaceSorafenib("PSN-7731-KD"), rejected.DeepClone()) }.ToJsonString();
        Assert.Equal(HttpStatusCode.BadRequest, (await _client.PostAsync($"/api/v1/cohorts/{cohort}/patients/batch", ApiFactory.RawJson(batch))).StatusCode);
        var record = new JsonObject { ["term"] = "Fatigue", ["grade"] = 9, ["onsetDate"] = "2021-02-01" }.ToJsonString();
        Assert.Equal(HttpStatusCode.BadRequest, (await _client.PostAsync($"/api/v1/cohorts/{cohort}/patients/PSN-4417-QX/adverse-events", ApiFactory.RawJson(record))).StatusCode);

        var logged = factory.Log.Since(mark);
        // The requests were logged, by route template and status...
        var requests = logged.Where(e => e.Properties.ContainsKey("RouteTemplate"))
            .Select(e => $"{CapturedLog.Property(e, "RequestMethod")} {CapturedLog.Property(e, "RouteTemplate")} {CapturedLog.Property(e, "StatusCode")}")
            .ToList();
        Assert.Equal(
            [
                "POST api/v1/cohorts 201",
                $"PUT {PatientRoute} 201",
                $"GET {PatientRoute} 200",
                $"PUT {PatientRoute} 400",
                $"PUT {PatientRoute} 400",
                $"PUT {PatientRoute} 412",
                "POST api/v1/cohorts/{cohortId:guid}/patients/batch 400",
                "POST api/v1/cohorts/{cohortId:guid}/patients/{externalId}/adverse-events 400",
            ],
            requests);

        // ... with nothing above Information: these are the client's mistakes, and the body limits are applied before the
        // body is read, so nothing warns that it could not apply one ...
        Assert.DoesNotContain(logged, e => e.Level >= LogEventLevel.Warning);

        // ... and nothing in any event names the patients or quotes their values.
        foreach (var text in logged.Select(CapturedLog.Text))
        {
            Assert.DoesNotContain("PSN-", text, StringComparison.Ordinal);
            Assert.DoesNotContain("98765", text, StringComparison.Ordinal);
            Assert.DoesNotContain("912.75", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_client_that_goes_away_is_logged_as_499_not_as_a_server_error_and_its_retry_is_answered_as_usual()
    {
        var cohort = await _client.CreateCohortAsync();
        var url = $"/api/v1/cohorts/{cohort}/patients/P1";
        Assert.Equal(HttpStatusCode.Created, (await _client.PutAsync(url, ApiFactory.RawJson(SamplePatients.RtPd1().ToJsonString()))).StatusCode);
        var replacement = SamplePatients.RtPd1();
        replacement["ageYears"] = 61;

        var mark = factory.Log.Mark();
        // Another transaction holds the stored patient's row lock, so the PUT waits for it, as it would behind a slow
        // write, until its client gives up.
        await using var blocker = new NpgsqlConnection(factory.Database.ConnectionString);
        await blocker.OpenAsync();
        await using (var transaction = await blocker.BeginTransactionAsync())
        {
            await using (var lockRow = new NpgsqlCommand("SELECT 1 FROM patients WHERE cohort_id = @c AND external_id = 'P1' FOR UPDATE", blocker, transaction))
            {
                lockRow.Parameters.AddWithValue("c", cohort);
                await lockRow.ExecuteScalarAsync();
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _client.PutAsync(url, ApiFactory.RawJson(replacement.ToJsonString()), timeout.Token));

            var aborted = await WaitForAsync(() => factory.Log.Since(mark).FirstOrDefault(e => Equals(CapturedLog.Property(e, "RouteTemplate"), PatientRoute)));
            Assert.Equal(499, CapturedLog.Property(aborted, "StatusCode"));
            Assert.Equal(LogEventLevel.Information, aborted.Level);
            Assert.Null(aborted.Exception);
            await transaction.RollbackAsync();
        }

        // The write was never acknowledged. Its group (ADR 0021) may still have written it once the row was free; the
        // client's retry is answered as usual either way (replaced, or unchanged), and the patient is stored once.
        Assert.Equal(HttpStatusCode.OK, (await _client.PutAsync(url, ApiFactory.RawJson(replacement.ToJsonString()))).StatusCode);
        Assert.Equal(1, await factory.CountAsync("SELECT count(*) FROM patients WHERE cohort_id = @c AND age_years = 61", ("c", cohort)));
        Assert.DoesNotContain(factory.Log.Since(mark), e => e.Level >= LogEventLevel.Error);
    }

    private static Task<T> WaitForAsync<T>(Func<T?> probe) where T : class => WaitForAsync(() => Task.FromResult(probe()));

    private static async Task<T> WaitForAsync<T>(Func<Task<T?>> probe) where T : class
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            if (await probe() is { } found)
            {
                return found;
            }

            Assert.True(DateTime.UtcNow < deadline, "Timed out waiting.");
            await Task.Delay(50);
        }
    }
}
