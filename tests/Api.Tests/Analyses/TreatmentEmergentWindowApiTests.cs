using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using HccOutcomes.Api.Tests.Infrastructure;

namespace HccOutcomes.Api.Tests.Analyses;

/// <summary>
/// Table 3 counts AEs after TACE or radiotherapy that follow the last systemic dose: the treatment-emergent window ends
/// 30 days after the last protocol treatment of any kind (ICH E9).
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class TreatmentEmergentWindowApiTests(ApiFactory factory)
{
    private readonly HttpClient _client = factory.CreateClient();

    // TACE+sorafenib (on study 2020-11-02): sorafenib until 2021-03-10, a second TACE on 2021-04-15, grade 3 AST rise
    // attributed probably to TACE on the given date.
    private static JsonObject TaceAfterSorafenib(string id, string astOnset)
    {
        var doc = SamplePatients.TaceSorafenib(id);
        doc["taceSessions"]!.AsArray().Add(JsonNode.Parse("""
            { "sourceId": "tace-2", "date": "2021-04-15", "chemotherapyAgent": "pirarubicin", "chemotherapyDose": 40,
              "chemotherapyDoseUnit": "mg", "lipiodolMl": 10, "embolicAgent": "calliSpheresMicrospheres", "technicalSuccess": true }
            """));
        doc["adverseEvents"]!.AsArray().Add(JsonNode.Parse($$"""
            { "term": "Aspartate aminotransferase increased", "grade": 3, "onsetDate": "{{astOnset}}", "attribution": "probable", "suspectedTreatments": ["tace"] }
            """));
        return doc;
    }

    // RT+PD1 (on study 2021-01-10): last anti-PD1 dose 2021-02-16, a second radiotherapy course 2021-04-01 to
    // 2021-04-14, grade 3 pneumonitis on 2021-05-01.
    private static JsonObject RadiotherapyAfterAntiPd1(string id)
    {
        var doc = SamplePatients.RtPd1(id);
        doc["radiotherapyCourses"]!.AsArray().Add(JsonNode.Parse("""
            { "sourceId": "rt-2", "startDate": "2021-04-01", "endDate": "2021-04-14", "technique": "SBRT",
              "totalDoseGy": 40, "dosePerFractionGy": 8, "fractionsPlanned": 5, "lesionsTreated": 1 }
            """));
        doc["adverseEvents"]!.AsArray().Add(JsonNode.Parse("""
            { "term": "Pneumonitis", "grade": 3, "onsetDate": "2021-05-01", "attribution": "probable", "suspectedTreatments": ["rt"] }
            """));
        return doc;
    }

    [Fact]
    public async Task Table_3_counts_the_grade_3_events_after_a_tace_or_radiotherapy_that_follows_the_last_systemic_dose()
    {
        var cohort = await _client.CreateCohortAsync("Window");
        var patients = new JsonArray(
            TaceAfterSorafenib("T1", "2021-03-20"), TaceAfterSorafenib("T2", "2021-03-25"), TaceAfterSorafenib("T3", "2021-05-05"),
            RadiotherapyAfterAntiPd1("R1"), SamplePatients.RtPd1("R2"), SamplePatients.RtPd1("R3"));
        var write = await _client.PostAsync($"/api/v1/cohorts/{cohort}/patients/batch",
            ApiFactory.RawJson(new JsonObject { ["patients"] = patients }.ToJsonString()));
        Assert.Equal(HttpStatusCode.OK, write.StatusCode);

        var response = await _client.PostAsync("/api/v1/analyses/compare", ApiFactory.RawJson($$"""
            { "cohortId": "{{cohort}}", "sections": ["safety"],
              "groups": [ { "name": "RT+PD1", "filter": { "arm": "RT+PD1" } }, { "name": "TACE+Sorafenib", "filter": { "arm": "TACE+Sorafenib" } } ],
              "reference": "TACE+Sorafenib" }
            """));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var safety = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("safety");
        int Grade3(string term, int group) => safety.GetProperty("rows").EnumerateArray()
            .Single(r => r.GetProperty("term").GetString() == term).GetProperty("grade3Plus")[group].GetProperty("n").GetInt32();

        Assert.Equal(3, Grade3("Aspartate aminotransferase increased", 1));
        Assert.Equal(1, Grade3("Pneumonitis", 0));
        var any = safety.GetProperty("anyGrade3PlusTreatmentRelated").GetProperty("groups");
        Assert.Equal(1, any[0].GetProperty("events").GetInt32());
        Assert.Equal(3, any[1].GetProperty("events").GetInt32());

        var t3 = await _client.GetFromJsonAsync<JsonElement>($"/api/v1/cohorts/{cohort}/patients/T3/outcomes");
        Assert.Contains("to 2021-05-15: 30 days after the last protocol treatment, TACE on 2021-04-15",
            t3.GetProperty("safety").GetProperty("reasoning").GetString(), StringComparison.Ordinal);
    }
}
