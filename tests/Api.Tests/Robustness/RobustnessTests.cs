using System.Net;
using System.Text.Json;
using HccOutcomes.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace HccOutcomes.Api.Tests.Robustness;

/// <summary>Regression tests of the 5xx, contract and retry defects: each answered as the client's own error, or replayed.</summary>
[Collection(ApiCollection.Name)]
public sealed class RobustnessTests(ApiFactory factory)
{
    private readonly HttpClient _client = factory.CreateClient();

    [Theory]
    [InlineData("/api/v1/cohorts?page=1073741825&pageSize=2")]
    [InlineData("/api/v1/cohorts/{cohort}/patients?page=1073741825&pageSize=2")]
    [InlineData("/api/v1/audit?page=1073741825&pageSize=2")]
    public async Task A_page_number_whose_offset_would_overflow_is_400_naming_page(string url)
    {
        var cohort = await _client.CreateCohortAsync("robust");
        var errors = await (await _client.GetAsync(url.Replace("{cohort}", cohort.ToString(), StringComparison.Ordinal))).AssertFieldErrorAsync("page");
        Assert.NotEmpty(errors);
    }

    [Fact]
    public async Task Proportion_totals_that_overflow_together_are_400_naming_groups()
    {
        var response = await _client.PostAsync("/api/v1/analyses/proportions", ApiFactory.RawJson(
            """{ "groups": [ { "name": "A", "events": 1, "total": 2000000000 }, { "name": "B", "events": 1, "total": 2000000000 } ] }"""));
        await response.AssertFieldErrorAsync("groups");
    }

    [Fact]
    public async Task A_type_error_names_the_expected_values_and_no_dotnet_type()
    {
        var cohort = await _client.CreateCohortAsync("robust");
        var document = SamplePatients.RtPd1("TYPE-1");
        document["sex"] = "f";
        var response = await _client.PutAsync($"/api/v1/cohorts/{cohort}/patients/TYPE-1", ApiFactory.RawJson(document.ToJsonString()));
        var messages = await response.AssertFieldErrorAsync("sex");
        Assert.Contains(messages, m => m.Contains("male", StringComparison.Ordinal) && m.Contains("female", StringComparison.Ordinal));

        document = SamplePatients.RtPd1("TYPE-1");
        document["onStudyDate"] = "10/01/2021";
        messages = await (await _client.PutAsync($"/api/v1/cohorts/{cohort}/patients/TYPE-1", ApiFactory.RawJson(document.ToJsonString())))
            .AssertFieldErrorAsync("onStudyDate");
        Assert.Contains(messages, m => m.Contains("yyyy-MM-dd", StringComparison.Ordinal));
        var body = await (await _client.PutAsync($"/api/v1/cohorts/{cohort}/patients/TYPE-1", ApiFactory.RawJson(document.ToJsonString()))).Content.ReadAsStringAsync();
        Assert.DoesNotContain("System.", body, StringComparison.Ordinal);
        Assert.DoesNotContain("HccOutcomes.", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_type_and_format_error_of_a_body_is_reported_at_once_under_its_json_path()
    {
        var cohort = await _client.CreateCohortAsync("robust");
        var document = SamplePatients.RtPd1("TYPES-1");
        document["sex"] = "f";
        document["ageYears"] = "fifty";
        document["onStudyDate"] = "10/01/2021";
        document["baseline"]!["hbv"] = "yes";
        document["adverseEvents"]![0]!["grade"] = 2.5;
        document["adverseEvents"]![0]!["onsetDate"] = "2021-02-30";
        document["tumorAssessments"]![0]!["lesions"]![0]!["role"] = "main";
        document["radiotherapyCourses"] = new System.Text.Json.Nodes.JsonObject();
        document["notAMember"] = 1;

        var response = await _client.PutAsync($"/api/v1/cohorts/{cohort}/patients/TYPES-1", ApiFactory.RawJson(document.ToJsonString()));
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors").EnumerateObject().ToDictionary(e => e.Name, e => string.Join(" ", e.Value.EnumerateArray().Select(m => m.GetString())));
        Assert.Equal(
            ["adverseEvents[0].grade", "adverseEvents[0].onsetDate", "ageYears", "baseline.hbv", "notAMember", "onStudyDate", "radiotherapyCourses", "sex", "tumorAssessments[0].lesions[0].role"],
            errors.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("whole number", errors["ageYears"], StringComparison.Ordinal);
        Assert.Contains("yyyy-MM-dd", errors["adverseEvents[0].onsetDate"], StringComparison.Ordinal);
        Assert.Contains("nonTarget", errors["tumorAssessments[0].lesions[0].role"], StringComparison.Ordinal);
        Assert.Contains("true or false", errors["baseline.hbv"], StringComparison.Ordinal);
        Assert.Contains("array", errors["radiotherapyCourses"], StringComparison.Ordinal);
        Assert.DoesNotContain("System.", problem.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/api/v1/cohorts/{cohort}/patients/TYPES-1")).StatusCode);
    }

    [Fact]
    public async Task A_retried_redcap_import_with_an_idempotency_key_is_replayed_and_another_body_is_422()
    {
        var cohort = await _client.CreateCohortAsync("robust");
        async Task<HttpResponseMessage> ImportAsync(string csv)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/cohorts/{cohort}/imports/redcap")
            {
                Content = new StringContent(csv, System.Text.Encoding.UTF8, "text/csv"),
            };
            request.Headers.Add("Idempotency-Key", "redcap-import-1");
            return await _client.SendAsync(request);
        }

        const string Csv = "record_id,arm,on_study_date,sex,age_years\nR-IDEM,RT+PD1,2021-01-10,1,60\n";
        var first = await ImportAsync(Csv);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var again = await ImportAsync(Csv);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal("true", again.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(await first.Content.ReadAsStringAsync(), await again.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await ImportAsync(Csv.Replace("60", "61", StringComparison.Ordinal))).StatusCode);
    }

    [Fact]
    public async Task A_retried_post_with_an_idempotency_key_creates_one_row_and_replays_the_first_answer()
    {
        var cohort = await _client.CreateCohortAsync("robust");
        var url = $"/api/v1/cohorts/{cohort}/patients/IDEM-1";
        Assert.Equal(HttpStatusCode.Created, (await _client.PutAsync(url, ApiFactory.RawJson(SamplePatients.RtPd1("IDEM-1").ToJsonString()))).StatusCode);
        const string Event = """{ "term": "Fatigue", "grade": 1, "onsetDate": "2021-03-01", "attribution": "possible", "suspectedTreatments": ["antiPd1"] }""";

        const string Count = "SELECT count(*) FROM adverse_events a JOIN patients p ON p.id = a.patient_id WHERE p.cohort_id = @c";
        var before = await factory.CountAsync(Count, ("c", cohort));
        var key = Guid.NewGuid().ToString();
        var first = await Post(url + "/adverse-events", Event, key);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var second = await Post(url + "/adverse-events", Event, key);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal("true", second.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        Assert.Equal(before + 1, await factory.CountAsync(Count, ("c", cohort)));

        // The same key for another body is refused; no key, no replay.
        var reused = await (await Post(url + "/adverse-events", Event.Replace("Fatigue", "Nausea", StringComparison.Ordinal), key))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.True(reused.GetProperty("errors").TryGetProperty("Idempotency-Key", out _));
        Assert.Equal(HttpStatusCode.Created, (await Post(url + "/adverse-events", Event, null)).StatusCode);
        Assert.Equal(before + 2, await factory.CountAsync(Count, ("c", cohort)));
    }

    [Fact]
    public async Task A_post_with_an_idempotency_key_that_fails_keeps_no_answer_so_the_corrected_retry_creates()
    {
        var cohort = await _client.CreateCohortAsync("robust");
        var url = $"/api/v1/cohorts/{cohort}/patients/IDEM-2";
        const string Event = """{ "term": "Fatigue", "grade": 1, "onsetDate": "2021-03-01", "attribution": "possible", "suspectedTreatments": ["antiPd1"] }""";
        var key = Guid.NewGuid().ToString();

        // The patient does not exist yet: the action throws (404), answered by the exception handler after the filter.
        await (await Post(url + "/adverse-events", Event, key)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.Created, (await _client.PutAsync(url, ApiFactory.RawJson(SamplePatients.RtPd1("IDEM-2").ToJsonString()))).StatusCode);
        var retried = await Post(url + "/adverse-events", Event, key);
        Assert.Equal(HttpStatusCode.Created, retried.StatusCode);
        Assert.False(retried.Headers.Contains("Idempotent-Replayed"));
        Assert.NotEmpty(await retried.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Survival_with_fifty_groups_of_one_subject_answers_every_group_and_more_groups_are_400_naming_subjects()
    {
        var fifty = await _client.PostAsync("/api/v1/analyses/survival", Subjects(50, i => $"G{i:D4}"));
        Assert.Equal(HttpStatusCode.OK, fifty.StatusCode);
        var result = JsonDocument.Parse(await fifty.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(50, result.GetProperty("groups").GetArrayLength());
        Assert.Equal(49, result.GetProperty("cox").GetProperty("terms").GetArrayLength());
        Assert.Equal(49, result.GetProperty("tests").GetProperty("logRank").GetProperty("df").GetInt32());

        var messages = await (await _client.PostAsync("/api/v1/analyses/survival", Subjects(1000, i => $"G{i:D4}"))).AssertFieldErrorAsync("subjects");
        Assert.Contains(messages, m => m.Contains("at most 50 groups", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Survival_with_more_than_a_million_subjects_is_400_naming_subjects()
    {
        var messages = await (await _client.PostAsync("/api/v1/analyses/survival", Subjects(1_000_001, i => i % 2 == 0 ? "A" : "B")))
            .AssertFieldErrorAsync("subjects");
        Assert.Contains(messages, m => m.Contains("1,000,000", StringComparison.Ordinal));
    }

    // A survival request of n subjects, written as it is sent rather than held as one string.
    private static HttpContent Subjects(int n, Func<int, string> group) => new SubjectsContent(n, group);

    private sealed class SubjectsContent : HttpContent
    {
        private readonly int _n;
        private readonly Func<int, string> _group;

        public SubjectsContent(int n, Func<int, string> group)
        {
            _n = n;
            _group = group;
            Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        }

        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            await using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false), 1 << 16, leaveOpen: true);
            await writer.WriteAsync("""{"subjects":[""");
            for (var i = 0; i < _n; i++)
            {
                await writer.WriteAsync($$"""{{(i == 0 ? "" : ",")}}{"time":{{1 + (i % 997)}},"event":{{(i % 3 == 2 ? "false" : "true")}},"group":"{{_group(i)}}"}""");
            }

            await writer.WriteAsync("]}");
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }

    [Fact]
    public async Task A_get_with_the_current_etag_in_if_none_match_is_304_without_a_body()
    {
        var cohort = await _client.CreateCohortAsync("robust");
        var url = $"/api/v1/cohorts/{cohort}/patients/ETAG-1";
        Assert.Equal(HttpStatusCode.Created, (await _client.PutAsync(url, ApiFactory.RawJson(SamplePatients.RtPd1("ETAG-1").ToJsonString()))).StatusCode);
        var get = await _client.GetAsync(url);
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.IfNoneMatch.Add(get.Headers.ETag!);
        var notModified = await _client.SendAsync(request);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());
        using var stale = new HttpRequestMessage(HttpMethod.Get, url);
        stale.Headers.IfNoneMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue("\"1\""));
        Assert.Equal(HttpStatusCode.OK, (await _client.SendAsync(stale)).StatusCode);
    }

    [Fact]
    public async Task The_outcome_table_carries_an_etag_that_answers_304_until_the_cohort_changes()
    {
        var cohort = await _client.CreateCohortAsync("robust");
        var url = $"/api/v1/cohorts/{cohort}/patients/ETAG-2";
        Assert.Equal(HttpStatusCode.Created, (await _client.PutAsync(url, ApiFactory.RawJson(SamplePatients.RtPd1("ETAG-2").ToJsonString()))).StatusCode);
        var table = await _client.GetAsync($"/api/v1/cohorts/{cohort}/outcomes");
        var etag = table.Headers.ETag!;

        using (var again = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/cohorts/{cohort}/outcomes"))
        {
            again.Headers.IfNoneMatch.Add(etag);
            Assert.Equal(HttpStatusCode.NotModified, (await _client.SendAsync(again)).StatusCode);
        }

        // The CSV is another representation, with its own tag.
        using (var csv = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/cohorts/{cohort}/outcomes"))
        {
            csv.Headers.IfNoneMatch.Add(etag);
            csv.Headers.Accept.Add(new System.Net.Http.Headers.MediaTypeWithQualityHeaderValue("text/csv"));
            Assert.Equal(HttpStatusCode.OK, (await _client.SendAsync(csv)).StatusCode);
        }

        var changed = SamplePatients.RtPd1("ETAG-2");
        changed["ageYears"] = 66;
        Assert.Equal(HttpStatusCode.OK, (await _client.PutAsync(url, ApiFactory.RawJson(changed.ToJsonString()))).StatusCode);
        using var after = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/cohorts/{cohort}/outcomes");
        after.Headers.IfNoneMatch.Add(etag);
        var fresh = await _client.SendAsync(after);
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        Assert.NotEqual(etag, fresh.Headers.ETag);
    }

    [Fact]
    public async Task Facets_list_the_values_the_patients_have_and_a_submitter_sees_its_own_site()
    {
        var cohort = await _client.CreateCohortAsync("robust");
        foreach (var (id, site, tace) in new[] { ("F-1", "site-a", false), ("F-2", "site-a", true), ("F-3", "site-b", true) })
        {
            var document = tace ? SamplePatients.TaceSorafenib(id) : SamplePatients.RtPd1(id);
            document["site"] = site;
            Assert.Equal(HttpStatusCode.Created, (await _client.PutAsync($"/api/v1/cohorts/{cohort}/patients/{id}", ApiFactory.RawJson(document.ToJsonString()))).StatusCode);
        }

        var facets = JsonDocument.Parse(await _client.GetStringAsync($"/api/v1/cohorts/{cohort}/facets")).RootElement;
        Assert.Equal(3, facets.GetProperty("patients").GetInt32());
        Assert.Equal(["RT+PD1:1", "TACE+Sorafenib:2"], facets.GetProperty("arms").EnumerateArray().Select(f => $"{f.GetProperty("value").GetString()}:{f.GetProperty("count").GetInt32()}"));
        Assert.Equal(["site-a:2", "site-b:1"], facets.GetProperty("sites").EnumerateArray().Select(f => $"{f.GetProperty("value").GetString()}:{f.GetProperty("count").GetInt32()}"));

        using var siteB = factory.ClientWith(await factory.TokenAsync(HccOutcomes.Infrastructure.Access.Roles.Submitter, "site-b", cohort));
        var own = JsonDocument.Parse(await siteB.GetStringAsync($"/api/v1/cohorts/{cohort}/facets")).RootElement;
        Assert.Equal(1, own.GetProperty("patients").GetInt32());
    }

    [Fact]
    public async Task With_the_database_down_requests_are_503_with_retry_after_and_readiness_reports_it()
    {
        await using var down = factory.WithWebHostBuilder(b =>
        {
            b.UseSetting("ConnectionStrings:Default", "Host=127.0.0.1;Port=1;Database=none;Username=x;Password=x;Timeout=1");
            b.UseSetting("Database:ApplyMigrations", "false");
        });
        // The client carries the admin token, signed before the outage; it stays valid: the signing key is read once and kept.
        var client = down.CreateClient();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/health/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
    }

    private Task<HttpResponseMessage> Post(string url, string body, string? key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = ApiFactory.RawJson(body) };
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        return _client.SendAsync(request);
    }
}
