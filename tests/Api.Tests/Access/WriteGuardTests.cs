using System.Net;
using System.Text.Json;
using HccOutcomes.Api.Tests.Infrastructure;
using HccOutcomes.Infrastructure.Access;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace HccOutcomes.Api.Tests.Access;

/// <summary>Lock (423), required and strict If-Match (428, 400, 412), sites, rate limits and security headers.</summary>
[Collection(ApiCollection.Name)]
public sealed class WriteGuardTests(ApiFactory factory)
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task A_locked_cohort_refuses_every_write_with_423_and_analyses_report_the_lock()
    {
        var cohort = await _client.CreateCohortAsync("guard");
        var url = $"/api/v1/cohorts/{cohort}/patients/LOCK-1";
        Assert.Equal(HttpStatusCode.Created, (await _client.PutAsync(url, Json(SamplePatients.RtPd1("LOCK-1")))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await _client.PutAsync($"/api/v1/cohorts/{cohort}/patients/LOCK-T", Json(SamplePatients.TaceSorafenib("LOCK-T")))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _client.PostAsync($"/api/v1/cohorts/{cohort}/lock", ApiFactory.RawJson("{}"))).StatusCode);
        var locked = await _client.PostAsync($"/api/v1/cohorts/{cohort}/lock", ApiFactory.RawJson("""{ "reason": "database lock" }"""));
        Assert.Equal(HttpStatusCode.OK, locked.StatusCode);
        var entries = await factory.CountAsync("SELECT count(*) FROM audit_entries WHERE cohort_id = @c", ("c", cohort));

        var changed = SamplePatients.RtPd1("LOCK-1");
        changed["ageYears"] = 70;
        await (await _client.PutAsync(url, Json(changed))).AssertProblemAsync((HttpStatusCode)423);
        await (await _client.PutAsync($"/api/v1/cohorts/{cohort}/patients/LOCK-2", Json(SamplePatients.RtPd1("LOCK-2")))).AssertProblemAsync((HttpStatusCode)423);
        await (await _client.DeleteAsync(url)).AssertProblemAsync((HttpStatusCode)423);
        await (await _client.PostAsync($"/api/v1/cohorts/{cohort}/outcomes/recompute", null)).AssertProblemAsync((HttpStatusCode)423);
        await (await _client.DeleteAsync($"/api/v1/cohorts/{cohort}?cascade=true")).AssertProblemAsync((HttpStatusCode)423);
        Assert.Equal(2, await factory.CountAsync("SELECT count(*) FROM patients WHERE cohort_id = @c", ("c", cohort)));
        Assert.Equal(entries, await factory.CountAsync("SELECT count(*) FROM audit_entries WHERE cohort_id = @c", ("c", cohort)));

        var compare = await _client.PostAsync("/api/v1/analyses/compare", ApiFactory.RawJson(
            $$"""{ "cohortId": "{{cohort}}", "groups": [ { "name": "RT+PD1", "filter": { "arm": "RT+PD1" } }, { "name": "TACE", "filter": { "arm": "TACE+Sorafenib" } } ], "sections": ["baseline"] }"""));
        Assert.Equal(HttpStatusCode.OK, compare.StatusCode);
        var data = JsonDocument.Parse(await compare.Content.ReadAsStringAsync()).RootElement.GetProperty("data");
        Assert.True(data.GetProperty("locked").GetBoolean());
        Assert.False(string.IsNullOrEmpty(data.GetProperty("contentVersion").GetString()));

        Assert.Equal(HttpStatusCode.OK, (await _client.PostAsync($"/api/v1/cohorts/{cohort}/unlock", ApiFactory.RawJson("""{ "reason": "query" }"""))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _client.PutAsync(url, Json(changed))).StatusCode);
    }

    [Fact]
    public async Task With_if_match_required_two_concurrent_puts_of_one_version_give_one_success_and_one_412()
    {
        await using var strict = factory.WithWebHostBuilder(b => b.UseSetting("Registry:RequireIfMatch", "true"));
        var client = strict.CreateClient();
        var cohort = await _client.CreateCohortAsync("guard");
        var url = $"/api/v1/cohorts/{cohort}/patients/IFM-1";
        var created = await client.PutAsync(url, Json(SamplePatients.RtPd1("IFM-1")));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var etag = created.Headers.ETag!.Tag;

        var changed = SamplePatients.RtPd1("IFM-1");
        changed["ageYears"] = 71;
        await (await client.PutAsync(url, Json(changed))).AssertProblemAsync((HttpStatusCode)428);
        await (await client.DeleteAsync(url)).AssertProblemAsync((HttpStatusCode)428);
        using (var malformed = new HttpRequestMessage(HttpMethod.Put, url) { Content = Json(changed) })
        {
            malformed.Headers.TryAddWithoutValidation("If-Match", etag.Trim('"'));
            var errors = await (await client.SendAsync(malformed)).AssertFieldErrorAsync("If-Match");
            Assert.NotEmpty(errors);
        }

        for (var round = 0; round < 10; round++)
        {
            var current = (await client.GetAsync(url)).Headers.ETag!.Tag;
            var first = SamplePatients.RtPd1("IFM-1");
            first["ageYears"] = 40 + round;
            var second = SamplePatients.RtPd1("IFM-1");
            second["ageYears"] = 80 - round;
            var answers = await Task.WhenAll(Send(first), Send(second));
            Assert.Equal([HttpStatusCode.OK, HttpStatusCode.PreconditionFailed], answers.Select(r => r.StatusCode).Order());

            Task<HttpResponseMessage> Send(System.Text.Json.Nodes.JsonObject body)
            {
                var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = Json(body) };
                request.Headers.TryAddWithoutValidation("If-Match", current);
                return client.SendAsync(request);
            }
        }
    }

    [Fact]
    public async Task A_submitter_writes_and_sees_only_its_own_site()
    {
        var cohort = await _client.CreateCohortAsync("guard");
        using var siteA = factory.ClientWith(await factory.TokenAsync(Roles.Submitter, "site-a", cohort));
        using var siteB = factory.ClientWith(await factory.TokenAsync(Roles.Submitter, "site-b", cohort));
        var url = $"/api/v1/cohorts/{cohort}/patients/SITE-1";

        var foreign = SamplePatients.RtPd1("SITE-1");
        foreign["site"] = "site-b";
        await (await siteA.PutAsync(url, Json(foreign))).AssertFieldErrorAsync("site");
        Assert.Equal(HttpStatusCode.Created, (await siteA.PutAsync(url, Json(SamplePatients.RtPd1("SITE-1")))).StatusCode);
        Assert.Equal("site-a", await factory.ScalarAsync<string>("SELECT site FROM patients WHERE cohort_id = @c", ("c", cohort)));
        await (await siteB.GetAsync(url)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await siteB.PutAsync(url, Json(SamplePatients.RtPd1("SITE-1")))).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await siteB.DeleteAsync(url)).AssertProblemAsync(HttpStatusCode.NotFound);
        var list = JsonDocument.Parse(await siteB.GetStringAsync($"/api/v1/cohorts/{cohort}/patients")).RootElement;
        Assert.Equal(0, list.GetProperty("totalCount").GetInt32());
        Assert.Equal(HttpStatusCode.OK, (await siteA.GetAsync(url)).StatusCode);

        // A cohort not granted does not exist for the client, in lists too.
        using var other = factory.ClientWith(await factory.TokenAsync(Roles.Submitter, "site-a", []));
        await (await other.GetAsync(url)).AssertProblemAsync(HttpStatusCode.NotFound);
        var cohorts = JsonDocument.Parse(await other.GetStringAsync("/api/v1/cohorts")).RootElement;
        Assert.Equal(0, cohorts.GetProperty("totalCount").GetInt32());
    }

    [Fact]
    public async Task A_client_over_its_rate_gets_429_with_retry_after_and_headers_protect_clinical_data()
    {
        await using var limited = factory.WithWebHostBuilder(b =>
        {
            b.UseSetting("RateLimits:PermitsPerSecond", "1");
            b.UseSetting("RateLimits:Burst", "2");
        });
        var client = limited.CreateClient();
        HttpResponseMessage? refused = null;
        for (var i = 0; i < 5 && refused is null; i++)
        {
            var response = await client.GetAsync("/api/v1/vocabularies/ctcae-terms");
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                refused = response;
            }
        }

        Assert.NotNull(refused);
        Assert.True(refused.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
        await refused.AssertProblemAsync(HttpStatusCode.TooManyRequests);

        var ok = await _client.GetAsync("/api/v1/vocabularies/ctcae-terms");
        Assert.Equal("nosniff", ok.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.True(ok.Headers.CacheControl?.NoStore);
        Assert.False(ok.Headers.Contains("Server"));
        var ui = await _client.GetAsync("/swagger/index.html");
        Assert.Contains("default-src 'self'", ui.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    private static StringContent Json(System.Text.Json.Nodes.JsonObject body) => ApiFactory.RawJson(body.ToJsonString());
}
