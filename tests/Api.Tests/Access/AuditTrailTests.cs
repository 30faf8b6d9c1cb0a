using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using HccOutcomes.Api.Tests.Infrastructure;
using Npgsql;

namespace HccOutcomes.Api.Tests.Access;

/// <summary>Every write leaves exactly one entry per changed patient or resource, with the right before and after.</summary>
[Collection(ApiCollection.Name)]
public sealed class AuditTrailTests(ApiFactory factory)
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task Each_patient_change_is_one_entry_whose_before_is_the_previous_after()
    {
        var cohort = await _client.CreateCohortAsync("audit");
        var url = $"/api/v1/cohorts/{cohort}/patients/AUD-1";
        var document = SamplePatients.RtPd1("AUD-1");
        using (var create = new HttpRequestMessage(HttpMethod.Put, url) { Content = ApiFactory.RawJson(document.ToJsonString()) })
        {
            create.Headers.Add("X-Change-Reason", "first enrolment");
            Assert.Equal(HttpStatusCode.Created, (await _client.SendAsync(create)).StatusCode);
        }

        // The same document again changes nothing, so it leaves no entry.
        Assert.Equal(HttpStatusCode.OK, (await _client.PutAsync(url, ApiFactory.RawJson(document.ToJsonString()))).StatusCode);
        document["ageYears"] = 61;
        Assert.Equal(HttpStatusCode.OK, (await _client.PutAsync(url, ApiFactory.RawJson(document.ToJsonString()))).StatusCode);
        var added = await _client.PostAsync(url + "/adverse-events", ApiFactory.RawJson(
            """{ "term": "Fatigue", "grade": 1, "onsetDate": "2021-03-01", "attribution": "possible", "suspectedTreatments": ["antiPd1"] }"""));
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var batch = await _client.PostAsync($"/api/v1/cohorts/{cohort}/patients/batch", ApiFactory.RawJson(
            $$"""{ "patients": [ {{SamplePatients.TaceSorafenib("AUD-2").ToJsonString()}}, {{SamplePatients.TaceSorafenib("AUD-3").ToJsonString()}} ] }"""));
        Assert.Equal(HttpStatusCode.OK, batch.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync(url)).StatusCode);

        var history = JsonDocument.Parse(await _client.GetStringAsync(url + "/history")).RootElement.EnumerateArray().ToList();
        Assert.Equal(["patient.delete", "adverseEvents.add", "patient.replace", "patient.create"], history.Select(e => e.GetProperty("action").GetString()));
        // Newest first: each entry's before is the entry below's after; a creation has no before, a deletion no after.
        for (var i = 0; i < history.Count - 1; i++)
        {
            Assert.Equal(history[i + 1].GetProperty("after").GetRawText(), history[i].GetProperty("before").GetRawText());
        }

        Assert.Equal(JsonValueKind.Null, history[^1].GetProperty("before").ValueKind);
        Assert.Equal(JsonValueKind.Null, history[0].GetProperty("after").ValueKind);
        Assert.Equal(56, history[^1].GetProperty("after").GetProperty("ageYears").GetInt32());
        Assert.Equal(61, history[^2].GetProperty("after").GetProperty("ageYears").GetInt32());
        Assert.Equal("Fatigue", history[1].GetProperty("after").GetProperty("adverseEvents")[0].GetProperty("term").GetString());
        Assert.Equal("first enrolment", history[^1].GetProperty("reason").GetString());
        Assert.All(history, e => Assert.Equal("admin", e.GetProperty("clientRole").GetString()));
        Assert.All(history, e => Assert.False(string.IsNullOrEmpty(e.GetProperty("requestId").GetString())));

        // The batch: one entry per patient.
        Assert.Equal(2, await factory.CountAsync(
            "SELECT count(*) FROM audit_entries WHERE cohort_id = @c AND action = 'patient.create' AND patient_external_id IN ('AUD-2', 'AUD-3')",
            ("c", cohort)));
    }

    [Fact]
    public async Task Cohort_changes_lock_and_recompute_are_audited_and_the_trail_is_paged_for_admins()
    {
        var cohort = await _client.CreateCohortAsync("audit");
        Assert.Equal(HttpStatusCode.OK, (await _client.PostAsync($"/api/v1/cohorts/{cohort}/lock", ApiFactory.RawJson("""{ "reason": "primary analysis" }"""))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _client.PostAsync($"/api/v1/cohorts/{cohort}/unlock", ApiFactory.RawJson("""{ "reason": "query resolved" }"""))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _client.PostAsync($"/api/v1/cohorts/{cohort}/outcomes/recompute", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync($"/api/v1/cohorts/{cohort}")).StatusCode);

        var page = JsonDocument.Parse(await _client.GetStringAsync($"/api/v1/audit?cohortId={cohort}&pageSize=2")).RootElement;
        Assert.Equal(5, page.GetProperty("totalCount").GetInt32());
        Assert.Equal(["cohort.delete", "outcomes.recompute"], page.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("action").GetString()));
        Assert.NotNull(page.GetProperty("next").GetString());
        var all = JsonDocument.Parse(await _client.GetStringAsync($"/api/v1/audit?cohortId={cohort}")).RootElement.GetProperty("items");
        Assert.Equal(["cohort.delete", "outcomes.recompute", "cohort.unlock", "cohort.lock", "cohort.create"], all.EnumerateArray().Select(e => e.GetProperty("action").GetString()));
        var locked = all[3];
        Assert.Equal(JsonValueKind.Null, locked.GetProperty("before").GetProperty("lock").ValueKind);
        Assert.Equal("primary analysis", locked.GetProperty("after").GetProperty("lock").GetProperty("reason").GetString());
    }

    [Fact]
    public async Task The_database_refuses_to_update_or_delete_the_trail_even_for_its_owner()
    {
        await _client.CreateCohortAsync("audit");
        foreach (var connectionString in new[] { factory.Database.ApiConnectionString, factory.Database.ConnectionString })
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            foreach (var sql in new[] { "UPDATE audit_entries SET reason = 'x'", "DELETE FROM audit_entries" })
            {
                await using var command = new NpgsqlCommand(sql, connection);
                var refused = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
                Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
            }
        }

        Assert.True(await factory.CountAsync("SELECT count(*) FROM audit_entries") > 0);
    }
}
