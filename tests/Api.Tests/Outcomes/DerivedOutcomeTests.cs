using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using HccOutcomes.Api.Tests.Infrastructure;

namespace HccOutcomes.Api.Tests.Outcomes;

/// <summary>Writes keep the derived outcome tables current, and the outcome endpoints explain themselves.</summary>
[Collection(ApiCollection.Name)]
public sealed class DerivedOutcomeTests(ApiFactory factory)
{
    private readonly HttpClient _client = factory.CreateClient();

    private Task<HttpResponseMessage> Put(Guid cohort, string id, JsonObject doc) =>
        _client.PutAsync($"/api/v1/cohorts/{cohort}/patients/{id}", ApiFactory.RawJson(doc.ToJsonString()));

    private async Task<JsonElement> Outcomes(Guid cohort, string id) =>
        await _client.GetFromJsonAsync<JsonElement>($"/api/v1/cohorts/{cohort}/patients/{id}/outcomes");

    private static JsonElement Response(JsonElement outcomes, string criteria) =>
        outcomes.GetProperty("responses").EnumerateArray().Single(r => r.GetProperty("criteria").GetString() == criteria);

    private static JsonElement Tte(JsonElement outcomes, string paramCd) =>
        outcomes.GetProperty("timeToEvent").EnumerateArray().Single(r => r.GetProperty("paramCd").GetString() == paramCd);

    private static JsonObject Assessment(string date, double diameter, double viable) => JsonNode.Parse($$"""
        { "date": "{{date}}", "modality": "MRI", "lesions": [
          { "lesionId": "T1", "site": "liver", "role": "target", "longestDiameterMm": {{diameter}}, "viableDiameterMm": {{viable}} },
          { "lesionId": "N1", "site": "portal vein", "role": "nonTarget", "nonTargetStatus": "present", "portalVeinTumorThrombus": true } ] }
        """)!.AsObject();

    [Fact]
    public async Task Put_derives_response_time_to_event_and_safety_rows()
    {
        var cohort = await _client.CreateCohortAsync();
        Assert.Equal(HttpStatusCode.Created, (await Put(cohort, "P1", SamplePatients.RtPd1())).StatusCode);
        var outcomes = await Outcomes(cohort, "P1");

        // One follow-up scan: 92 → 60 mm is −34.8% (RECIST PR) but unconfirmed; ≥ 42 days after on-study, so SD.
        var recist = Response(outcomes, "recist11");
        Assert.Equal("SD", recist.GetProperty("bestOverallResponse").GetString());
        Assert.Equal(-34.78, recist.GetProperty("bestPercentChange").GetDouble(), 2);
        Assert.Contains("unconfirmed", recist.GetProperty("reasoning").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.True(recist.GetProperty("explanation").GetProperty("timepoints").GetArrayLength() >= 1);
        Assert.Equal(-62.5, Response(outcomes, "mrecist").GetProperty("bestPercentChange").GetDouble(), 2);

        var os = Tte(outcomes, "OS");
        Assert.False(os.GetProperty("censored").GetBoolean());
        Assert.Equal("2021-09-30", os.GetProperty("analysisDate").GetString());
        Assert.Equal("Death", os.GetProperty("eventDescription").GetString());

        Assert.Equal(2, outcomes.GetProperty("safety").GetProperty("worstGradeTreatmentRelated").GetInt32());
        Assert.Equal(1, await factory.CountAsync("SELECT count(*) FROM safety_term_outcomes s JOIN patients p ON p.id = s.patient_id WHERE p.cohort_id = @c", ("c", cohort)));
    }

    [Fact]
    public async Task Adding_an_adverse_event_changes_the_safety_row()
    {
        var cohort = await _client.CreateCohortAsync();
        var doc = SamplePatients.RtPd1();
        await Put(cohort, "P1", doc);
        Assert.False((await Outcomes(cohort, "P1")).GetProperty("safety").GetProperty("anyGrade3PlusTreatmentRelated").GetBoolean());

        doc["adverseEvents"]!.AsArray().Add(JsonNode.Parse("""
            { "term": "Pneumonitis", "grade": 3, "onsetDate": "2021-03-01", "attribution": "probable", "suspectedTreatments": ["rt", "antiPd1"] }
            """));
        Assert.Equal(HttpStatusCode.OK, (await Put(cohort, "P1", doc)).StatusCode);
        var safety = (await Outcomes(cohort, "P1")).GetProperty("safety");
        Assert.True(safety.GetProperty("anyGrade3PlusTreatmentRelated").GetBoolean());
        Assert.Equal(3, safety.GetProperty("worstGradeTreatmentRelated").GetInt32());
        Assert.Equal(2, await factory.CountAsync("SELECT count(*) FROM safety_term_outcomes s JOIN patients p ON p.id = s.patient_id WHERE p.cohort_id = @c", ("c", cohort)));
    }

    [Fact]
    public async Task Removing_every_adverse_event_removes_the_per_term_rows_and_keeps_one_row_per_key()
    {
        // A replace rewrites the derived rows: a key no longer derived is gone, the others updated, none doubled.
        var cohort = await _client.CreateCohortAsync();
        var doc = SamplePatients.RtPd1();
        doc["adverseEvents"]!.AsArray().Add(JsonNode.Parse("""
            { "term": "Pneumonitis", "grade": 3, "onsetDate": "2021-03-01", "attribution": "probable", "suspectedTreatments": ["rt"] }
            """));
        await Put(cohort, "P1", doc);
        Task<long> Rows(string table) =>
            factory.CountAsync($"SELECT count(*) FROM {table} s JOIN patients p ON p.id = s.patient_id WHERE p.cohort_id = @c", ("c", cohort));
        Assert.Equal(2, await Rows("safety_term_outcomes"));

        doc["adverseEvents"] = new JsonArray();
        doc["followUp"]!["deathDate"] = "2021-10-15";
        Assert.Equal(HttpStatusCode.OK, (await Put(cohort, "P1", doc)).StatusCode);
        var outcomes = await Outcomes(cohort, "P1");
        Assert.Equal(0, await Rows("safety_term_outcomes"));
        Assert.False(outcomes.GetProperty("safety").GetProperty("anyGrade3PlusTreatmentRelated").GetBoolean());
        Assert.Equal("2021-10-15", Tte(outcomes, "OS").GetProperty("analysisDate").GetString());
        Assert.Equal(4, await Rows("time_to_event_outcomes"));
        Assert.Equal(2, await Rows("response_outcomes"));
        Assert.Equal(1, await Rows("safety_outcomes"));
    }

    [Fact]
    public async Task A_new_assessment_changes_the_best_overall_response()
    {
        var cohort = await _client.CreateCohortAsync();
        var doc = SamplePatients.RtPd1();
        await Put(cohort, "P1", doc);
        Assert.Equal("SD", Response(await Outcomes(cohort, "P1"), "recist11").GetProperty("bestOverallResponse").GetString());

        // A confirming scan ≥ 28 days after the first PR.
        doc["tumorAssessments"]!.AsArray().Add(Assessment("2021-04-20", 58, 25));
        await Put(cohort, "P1", doc);
        var recist = Response(await Outcomes(cohort, "P1"), "recist11");
        Assert.Equal("PR", recist.GetProperty("bestOverallResponse").GetString());
        Assert.Equal("2021-03-10", recist.GetProperty("responseDate").GetString());
    }

    [Fact]
    public async Task A_death_date_changes_overall_survival()
    {
        var cohort = await _client.CreateCohortAsync();
        var doc = SamplePatients.TaceSorafenib();
        await Put(cohort, "P1", doc);
        var before = Tte(await Outcomes(cohort, "P1"), "OS");
        Assert.True(before.GetProperty("censored").GetBoolean());

        doc["followUp"]!["deathDate"] = "2021-07-15";
        doc["followUp"]!["deathCause"] = "Liver failure";
        await Put(cohort, "P1", doc);
        var after = Tte(await Outcomes(cohort, "P1"), "OS");
        Assert.False(after.GetProperty("censored").GetBoolean());
        Assert.Equal("2021-07-15", after.GetProperty("analysisDate").GetString());
        // ADaM: AVAL = ADT − STARTDT + 1
        Assert.Equal(DateOnly.Parse("2021-07-15").DayNumber - DateOnly.Parse("2020-11-02").DayNumber + 1, after.GetProperty("days").GetInt32());
    }

    [Fact]
    public async Task Cohort_outcome_table_as_json_and_adtte_csv()
    {
        var cohort = await _client.CreateCohortAsync();
        await Put(cohort, "A1", SamplePatients.RtPd1());
        await Put(cohort, "B1", SamplePatients.TaceSorafenib());

        var rows = await _client.GetFromJsonAsync<JsonElement>($"/api/v1/cohorts/{cohort}/outcomes");
        Assert.Equal(2, rows.GetArrayLength());
        Assert.Equal("A1", rows[0].GetProperty("externalId").GetString());
        Assert.False(rows[0].GetProperty("osCensored").GetBoolean());

        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/cohorts/{cohort}/outcomes");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));
        var csv = await _client.SendAsync(request);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("USUBJID,ARM,PARAMCD,PARAM,AVAL,AVALU,AVALM,CNSR,STARTDT,ADT,EVNTDESC,SRCREC,BORRECIST,BORMRECIST,SETVER,DCUTDT", lines[0].TrimEnd('\r'));
        Assert.Equal(1 + (2 * 4), lines.Length);
        Assert.Contains(lines, l => l.StartsWith("A1,RT+PD1,OS,", StringComparison.Ordinal) && l.Contains(",0,2021-01-10,2021-09-30,Death,", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Recompute_rebuilds_the_cohort_rows()
    {
        var cohort = await _client.CreateCohortAsync();
        await Put(cohort, "A1", SamplePatients.RtPd1());
        await Put(cohort, "B1", SamplePatients.TaceSorafenib());
        Assert.Equal(2, await factory.CountAsync("WITH d AS (DELETE FROM patient_outcomes WHERE cohort_id = @c RETURNING 1) SELECT count(*) FROM d", ("c", cohort)));
        Assert.Equal(0, await factory.CountAsync("SELECT count(*) FROM response_outcomes WHERE cohort_id = @c", ("c", cohort)));

        var result = await (await _client.PostAsync($"/api/v1/cohorts/{cohort}/outcomes/recompute", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, result.GetProperty("patients").GetInt32());
        Assert.Equal(4, await factory.CountAsync("SELECT count(*) FROM response_outcomes WHERE cohort_id = @c", ("c", cohort)));
        Assert.Equal(8, await factory.CountAsync("SELECT count(*) FROM time_to_event_outcomes WHERE cohort_id = @c", ("c", cohort)));
    }
}
