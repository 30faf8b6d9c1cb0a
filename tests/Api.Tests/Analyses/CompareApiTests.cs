using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using HccOutcomes.Api.Tests.Infrastructure;

namespace HccOutcomes.Api.Tests.Analyses;

/// <summary>POST /analyses/compare on a small stored cohort: sections, counts, CONSORT, CSV and bad input.</summary>
[Collection(ApiCollection.Name)]
public sealed class CompareApiTests(ApiFactory factory)
{
    private readonly HttpClient _client = factory.CreateClient();

    private async Task<Guid> CohortWithPatients(int perArm, bool reversed = false)
    {
        var cohort = await _client.CreateCohortAsync("Compare");
        var patients = new JsonArray();
        for (var i = 0; i < perArm; i++)
        {
            var rt = SamplePatients.RtPd1($"R{i:D3}");
            rt["ageYears"] = 40 + i;
            rt["followUp"]!["deathDate"] = new DateOnly(2021, 4, 1).AddDays(9 * i).ToString("yyyy-MM-dd");
            rt["followUp"]!["lastKnownAliveDate"] = new DateOnly(2021, 3, 31).AddDays(9 * i).ToString("yyyy-MM-dd");
            patients.Add(rt);
            var ts = SamplePatients.TaceSorafenib($"T{i:D3}");
            ts["ageYears"] = 45 + i;
            ts["followUp"]!["lastKnownAliveDate"] = new DateOnly(2021, 3, 14).AddDays(5 * i).ToString("yyyy-MM-dd");
            if (i % 2 == 0)
            {
                ts["followUp"]!["deathDate"] = new DateOnly(2021, 3, 15).AddDays(5 * i).ToString("yyyy-MM-dd");
            }

            patients.Add(ts);
        }

        if (reversed)
        {
            var nodes = patients.ToList();
            patients.Clear();
            nodes.Reverse();
            nodes.ForEach(patients.Add);
        }

        var response = await _client.PostAsync($"/api/v1/cohorts/{cohort}/patients/batch",
            ApiFactory.RawJson(new JsonObject { ["patients"] = patients }.ToJsonString()));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return cohort;
    }

    private static JsonObject Request(Guid cohort) => JsonNode.Parse($$"""
        { "cohortId": "{{cohort}}",
          "groups": [ { "name": "RT+PD1", "filter": { "arm": "RT+PD1" } }, { "name": "TACE+Sorafenib", "filter": { "arm": "TACE+Sorafenib" } } ],
          "reference": "TACE+Sorafenib",
          "categoricalTest": "fisher", "medianConvention": "spss", "ties": "breslow", "primarySurvivalTest": "gehanBreslow",
          "subgroups": ["age>=53", "hbv", "bclc", "macrovascularInvasion"] }
        """)!.AsObject();

    [Fact]
    public async Task Compare_returns_every_section_computed_from_the_records()
    {
        var cohort = await CohortWithPatients(12);
        var response = await _client.PostAsJsonAsync("/api/v1/analyses/compare", Request(cohort));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        var json = JsonDocument.Parse(text).RootElement;

        Assert.Equal(12, json.GetProperty("groups")[0].GetProperty("n").GetInt32());
        Assert.Equal(24, json.GetProperty("consort").GetProperty("cohortPatients").GetInt32());
        Assert.Equal(0, json.GetProperty("consort").GetProperty("inNoGroup").GetInt32());

        var male = json.GetProperty("baseline").GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("variable").GetString() == "sex_male");
        Assert.Equal(12, male.GetProperty("levels")[0].GetProperty("counts")[0].GetProperty("n").GetInt32());
        Assert.Equal(0, male.GetProperty("levels")[0].GetProperty("counts")[1].GetProperty("n").GetInt32());
        Assert.Equal("Fisher's exact", male.GetProperty("test").GetProperty("test").GetString());
        var age = json.GetProperty("baseline").GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("variable").GetString() == "age_years");
        Assert.Equal(45.5, age.GetProperty("summaries")[0].GetProperty("mean").GetDouble(), 9);

        Assert.Equal(2, json.GetProperty("response").GetArrayLength());
        var recist = json.GetProperty("response")[0];
        Assert.Equal("recist11", recist.GetProperty("criteria").GetString());
        var sd = recist.GetProperty("categories").EnumerateArray().Single(c => c.GetProperty("category").GetString() == "SD");
        Assert.Equal(12, sd.GetProperty("counts")[0].GetProperty("n").GetInt32());

        var os = json.GetProperty("os");
        Assert.Equal(12, os.GetProperty("groups")[0].GetProperty("events").GetInt32());
        Assert.Equal(6, os.GetProperty("groups")[1].GetProperty("events").GetInt32());
        Assert.Single(os.GetProperty("hazardRatios").EnumerateArray());
        Assert.Equal("TACE+Sorafenib", os.GetProperty("hazardRatios")[0].GetProperty("reference").GetString());
        Assert.Equal(4, os.GetProperty("tests").GetArrayLength());
        Assert.True(os.GetProperty("tests").EnumerateArray().Single(t => t.GetProperty("primary").GetBoolean()).GetProperty("test").GetString() == "gehanBreslow");
        Assert.Equal(4, os.GetProperty("groups")[0].GetProperty("landmarks").GetArrayLength());

        var safety = json.GetProperty("safety");
        Assert.Contains(safety.GetProperty("rows").EnumerateArray(), r => r.GetProperty("term").GetString() == "Fatigue");

        var forest = json.GetProperty("subgroups")[1].GetProperty("rows");
        Assert.Equal("overall", forest[0].GetProperty("variable").GetString());
        Assert.Contains(forest.EnumerateArray(), r => r.GetProperty("variable").GetString() == "age>=53");
    }

    [Fact]
    public async Task Compare_as_csv_has_a_section_column()
    {
        var cohort = await CohortWithPatients(6);
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/analyses/compare") { Content = JsonContent.Create(Request(cohort)) };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));
        var response = await _client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("section,analysis,variable,level,group,patient,time,statistic,value,test", lines[0]);
        Assert.Contains(lines, l => l.StartsWith("baseline,,sex_male,Yes,RT+PD1,,,n,6,", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("baseline,,sex_male,,,,,p,", StringComparison.Ordinal) && l.EndsWith(",Fisher's exact", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("os,OS,hazardRatio,", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_group_that_matches_no_patient_is_422_naming_it_and_the_arms_the_cohort_has_for_tables_and_figures()
    {
        var cohort = await CohortWithPatients(6);
        var request = Request(cohort);
        // One lower-case letter off: the typo a silent n = 0 used to hide.
        request["groups"]!.AsArray().Add(new JsonObject { ["name"] = "Nobody", ["filter"] = new JsonObject { ["arm"] = "TACE+sorafenib" } });

        foreach (var url in new[] { "/api/v1/analyses/compare", "/api/v1/analyses/compare/figures/kaplan-meier?endpoint=os", "/api/v1/analyses/compare/figures/forest" })
        {
            var response = await _client.PostAsJsonAsync(url, request);
            var problem = await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
            Assert.True(problem.GetProperty("errors").TryGetProperty("groups[2].filter", out _), url);
            Assert.Contains("'TACE+Sorafenib' (", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("groups", """{ "groups": [ { "name": "A", "filter": {} } ] }""")]
    [InlineData("reference", """{ "groups": [ { "name": "A", "filter": {} }, { "name": "B", "filter": {} } ], "reference": "C" }""")]
    [InlineData("subgroups[0]", """{ "groups": [ { "name": "A", "filter": {} }, { "name": "B", "filter": {} } ], "subgroups": ["shoeSize>=40"] }""")]
    [InlineData("sections[0]", """{ "groups": [ { "name": "A", "filter": {} }, { "name": "B", "filter": {} } ], "sections": ["everything"] }""")]
    [InlineData("groups", """{ "groups": null }""")]
    [InlineData("groups[1]", """{ "groups": [ { "name": "A", "filter": {} }, null ] }""")]
    public async Task Bad_request_is_400_naming_the_field(string field, string body)
    {
        var cohort = await _client.CreateCohortAsync();
        var json = JsonNode.Parse(body)!.AsObject();
        json["cohortId"] = cohort.ToString();
        var response = await _client.PostAsync("/api/v1/analyses/compare", ApiFactory.RawJson(json.ToJsonString()));
        await response.AssertFieldErrorAsync(field);
    }

    [Theory]
    [InlineData("/api/v1/analyses/compare", "text/csv", "groups")]
    [InlineData("/api/v1/analyses/compare/figures/kaplan-meier", "image/svg+xml", "groups")]
    public async Task A_rejection_is_a_problem_even_when_the_client_accepts_only_csv_or_svg(string url, string accept, string field)
    {
        var cohort = await _client.CreateCohortAsync();
        var mark = factory.Log.Mark();
        var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = ApiFactory.RawJson($$"""{ "cohortId": "{{cohort}}", "groups": [ { "name": "A", "filter": {} } ] }"""),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
        var response = await _client.SendAsync(request);
        await response.AssertFieldErrorAsync(field);
        Assert.DoesNotContain(factory.Log.Since(mark), e => e.Level >= Serilog.Events.LogEventLevel.Error);
    }

    [Fact]
    public async Task Unknown_cohort_is_404()
    {
        var response = await _client.PostAsJsonAsync("/api/v1/analyses/compare", Request(Guid.NewGuid()));
        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_replace_after_a_comparison_is_in_the_next_comparison()
    {
        var cohort = await CohortWithPatients(3);
        Assert.Equal(new[] { 3, 3 }, await GroupSizes(cohort));

        var moved = SamplePatients.TaceSorafenib("T000");
        moved["arm"] = "RT+PD1";
        var put = await _client.PutAsync($"/api/v1/cohorts/{cohort}/patients/T000", ApiFactory.RawJson(moved.ToJsonString()));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);

        Assert.Equal(new[] { 4, 2 }, await GroupSizes(cohort));
    }

    // The cached rows are keyed by a version of the cohort. A replace can be stamped (updatedAt) before another
    // patient's write and still commit after it; the version must change anyway. The SQL update stands in for such a
    // write: it commits after the cohort's other writes with the earliest stamp of all.
    [Fact]
    public async Task A_write_committed_with_an_earlier_stamp_than_the_latest_is_in_the_next_comparison()
    {
        var cohort = await CohortWithPatients(3);
        Assert.Equal(new[] { 3, 3 }, await GroupSizes(cohort));

        await factory.CountAsync(
            "WITH earliest AS (SELECT id FROM patients WHERE cohort_id = @c AND arm = 'TACE+Sorafenib' ORDER BY updated_at LIMIT 1) " +
            "UPDATE patients p SET arm = 'RT+PD1', updated_at = p.updated_at - interval '1 day' FROM earliest e WHERE p.id = e.id RETURNING 1",
            ("c", cohort));

        Assert.Equal(new[] { 4, 2 }, await GroupSizes(cohort));
    }

    [Fact]
    public async Task The_waterfall_order_does_not_depend_on_the_order_the_patients_were_stored_in()
    {
        static List<(double Change, string Group, string Id)> Waterfall(JsonElement json) =>
            [.. json.GetProperty("response")[0].GetProperty("waterfall").EnumerateArray().Select(w => (
                w.GetProperty("bestPercentChange").GetDouble(), w.GetProperty("group").GetString()!, w.GetProperty("externalId").GetString()!))];

        var points = Waterfall(await CompareAsync(await CohortWithPatients(6)));
        var reversed = Waterfall(await CompareAsync(await CohortWithPatients(6, reversed: true)));

        Assert.Equal(points, reversed);
        Assert.Contains(points.Zip(points.Skip(1)), pair => pair.First.Change == pair.Second.Change); // ties to break
        string[] groups = ["RT+PD1", "TACE+Sorafenib"];
        Assert.Equal(
            points.OrderByDescending(p => p.Change).ThenBy(p => Array.IndexOf(groups, p.Group)).ThenBy(p => p.Id, StringComparer.Ordinal),
            points);
    }

    private async Task<JsonElement> CompareAsync(Guid cohort)
    {
        var response = await _client.PostAsJsonAsync("/api/v1/analyses/compare", Request(cohort));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<int[]> GroupSizes(Guid cohort) =>
        [.. (await CompareAsync(cohort)).GetProperty("groups").EnumerateArray().Select(g => g.GetProperty("n").GetInt32())];
}
