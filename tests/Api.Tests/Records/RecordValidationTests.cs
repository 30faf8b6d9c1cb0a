using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HccOutcomes.Api.Tests.Infrastructure;

namespace HccOutcomes.Api.Tests.Records;

/// <summary>Each class of bad input on the record endpoints: the ProblemDetails names the field, and nothing is written.</summary>
[Collection(ApiCollection.Name)]
public sealed class RecordValidationTests(ApiFactory factory)
{
    private const string Fatigue = """{ "sourceId": "ae-x", "term": "Fatigue", "grade": 2, "onsetDate": "2021-03-01", "attribution": "possible" }""";

    private readonly HttpClient _client = factory.CreateClient();

    /// <summary>Sends <paramref name="request"/> to a fresh RtPd1 patient (death 2021-09-30) and checks nothing changed.</summary>
    private async Task<HttpResponseMessage> RejectedAsync(Func<string, Task<HttpRequestMessage>> request)
    {
        var cohort = await _client.CreatePatientAsync("P1", SamplePatients.RtPd1());
        var before = await factory.SnapshotAsync(cohort);
        var response = await _client.SendAsync(await request($"/api/v1/cohorts/{cohort}/patients/P1"));
        Assert.Equal(before, await factory.SnapshotAsync(cohort));
        return response;
    }

    private Task<HttpResponseMessage> PostAsync(string segment, string json, Action<JsonObject>? change = null) => RejectedAsync(patient =>
    {
        var body = JsonNode.Parse(json)!.AsObject();
        change?.Invoke(body);
        return Task.FromResult(RegistryState.Request(HttpMethod.Post, $"{patient}/{segment}", body));
    });

    private async Task<Guid> FirstIdAsync(string url) =>
        (await _client.GetFromJsonAsync<JsonArray>(url))![0]!["id"]!.GetValue<Guid>();

    [Fact]
    public async Task Grade_6_is_rejected()
    {
        var response = await PostAsync("adverse-events", Fatigue, ae => ae["grade"] = 6);
        Assert.Contains(await response.AssertFieldErrorAsync("grade"), m => m.Contains('5', StringComparison.Ordinal));
    }

    [Fact]
    public async Task Unknown_ctcae_term_points_to_the_vocabulary()
    {
        var response = await PostAsync("adverse-events", Fatigue, ae => ae["term"] = "Tiredness of the soul");
        Assert.Contains(await response.AssertFieldErrorAsync("term"), m => m.Contains("GET /api/v1/vocabularies/ctcae-terms", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Grade_the_term_does_not_allow_is_rejected()
    {
        var response = await PostAsync("adverse-events", Fatigue, ae =>
        {
            ae["term"] = "Palmar-plantar erythrodysesthesia syndrome";
            ae["grade"] = 4;
        });
        Assert.Contains(await response.AssertFieldErrorAsync("grade"), m => m.Contains('4', StringComparison.Ordinal));
    }

    [Fact]
    public async Task Resolution_before_onset_names_both_dates()
    {
        var response = await PostAsync("adverse-events", Fatigue, ae => ae["resolutionDate"] = "2021-02-20");
        Assert.Contains(await response.AssertFieldErrorAsync("resolutionDate"),
            m => m.Contains("2021-02-20", StringComparison.Ordinal) && m.Contains("2021-03-01", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Adverse_event_after_death_names_both_dates()
    {
        var response = await PostAsync("adverse-events", Fatigue, ae => ae["onsetDate"] = "2021-10-05");
        Assert.Contains(await response.AssertFieldErrorAsync("onsetDate"),
            m => m.Contains("2021-10-05", StringComparison.Ordinal) && m.Contains("2021-09-30", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Replacing_a_record_with_a_date_after_death_is_rejected()
    {
        var response = await RejectedAsync(async patient =>
        {
            var id = await FirstIdAsync($"{patient}/anti-pd1-cycles");
            var cycle = JsonNode.Parse("""{ "agent": "camrelizumab", "date": "2021-11-02", "doseMg": 200, "cycleNumber": 1 }""");
            return RegistryState.Request(HttpMethod.Put, $"{patient}/anti-pd1-cycles/{id}", cycle);
        });
        Assert.Contains(await response.AssertFieldErrorAsync("date"), m => m.Contains("2021-09-30", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Duplicate_lesion_ids_within_one_assessment_are_rejected()
    {
        const string Assessment = """
            { "date": "2021-05-10", "modality": "CT", "lesions": [
              { "lesionId": "T1", "site": "liver", "role": "target", "longestDiameterMm": 50 },
              { "lesionId": "T1", "site": "liver", "role": "target", "longestDiameterMm": 20 } ] }
            """;
        var response = await PostAsync("tumor-assessments", Assessment);
        Assert.Contains(await response.AssertFieldErrorAsync("lesions[1].lesionId"), m => m.Contains("T1", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("anti-pd1-cycles", """{ "agent": "camrelizumab", "date": "2021-03-09", "doseMg": -200, "cycleNumber": 3 }""", "doseMg")]
    [InlineData("tace-sessions", """{ "date": "2021-04-01", "chemotherapyAgent": "epirubicin", "chemotherapyDose": -50, "chemotherapyDoseUnit": "mg", "embolicAgent": "gelatinSponge", "technicalSuccess": true }""", "chemotherapyDose")]
    [InlineData("sorafenib-courses", """{ "startDate": "2021-04-01", "startingDailyDoseMg": -400 }""", "startingDailyDoseMg")]
    [InlineData("radiotherapy-courses", """{ "startDate": "2021-04-01", "technique": "SBRT", "totalDoseGy": -40, "dosePerFractionGy": 8, "fractionsPlanned": 5, "lesionsTreated": 1 }""", "totalDoseGy")]
    public async Task Negative_dose_is_rejected(string segment, string json, string field)
    {
        var response = await PostAsync(segment, json);
        await response.AssertFieldErrorAsync(field);
    }

    [Theory]
    [InlineData("tumor-assessments", """{ "date": "2021-04-01", "modality": "CT", "lesions": [ null ] }""", "lesions[0]")]
    [InlineData("tumor-assessments", """{ "date": "2021-04-01", "modality": "CT", "lesions": null }""", "lesions")]
    [InlineData("sorafenib-courses", """{ "startDate": "2021-04-01", "startingDailyDoseMg": 400, "doseChanges": [ null ] }""", "doseChanges[0]")]
    public async Task Null_for_a_list_or_a_list_element_is_rejected(string segment, string json, string field)
    {
        var response = await PostAsync(segment, json);
        await response.AssertFieldErrorAsync(field);
    }

    [Fact]
    public async Task Follow_up_death_before_on_study_is_rejected()
    {
        var response = await RejectedAsync(patient => Task.FromResult(RegistryState.Request(
            HttpMethod.Put, $"{patient}/follow-up", JsonNode.Parse("""{ "deathDate": "2020-12-24" }"""))));
        Assert.Contains(await response.AssertFieldErrorAsync("deathDate"),
            m => m.Contains("2020-12-24", StringComparison.Ordinal) && m.Contains("2021-01-10", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Errors_in_other_records_keep_their_document_path()
    {
        // An earlier death date puts the stored adverse event (onset 2021-02-01) after death.
        var response = await RejectedAsync(patient => Task.FromResult(RegistryState.Request(
            HttpMethod.Put, $"{patient}/follow-up", JsonNode.Parse("""{ "deathDate": "2021-01-20" }"""))));
        Assert.Contains(await response.AssertFieldErrorAsync("adverseEvents[0].onsetDate"),
            m => m.Contains("2021-02-01", StringComparison.Ordinal) && m.Contains("2021-01-20", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Source_id_of_another_record_is_rejected_on_replace()
    {
        var response = await RejectedAsync(async patient =>
        {
            var id = await FirstIdAsync($"{patient}/anti-pd1-cycles");
            var cycle = JsonNode.Parse("""{ "sourceId": "pd1-2", "agent": "camrelizumab", "date": "2021-01-26", "doseMg": 200, "cycleNumber": 1 }""");
            return RegistryState.Request(HttpMethod.Put, $"{patient}/anti-pd1-cycles/{id}", cycle);
        });
        Assert.Contains(await response.AssertFieldErrorAsync("sourceId"), m => m.Contains("pd1-2", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    public async Task Stale_if_match_is_412(string method)
    {
        var response = await RejectedAsync(async patient =>
        {
            var url = $"{patient}/adverse-events";
            var id = await FirstIdAsync(url);
            return method switch
            {
                "POST" => RegistryState.Request(HttpMethod.Post, url, JsonNode.Parse(Fatigue), "\"12345\""),
                "PUT" => RegistryState.Request(HttpMethod.Put, $"{url}/{id}", JsonNode.Parse(Fatigue), "\"12345\""),
                _ => RegistryState.Request(HttpMethod.Delete, $"{url}/{id}", ifMatch: "\"12345\""),
            };
        });
        await response.AssertProblemAsync(HttpStatusCode.PreconditionFailed);
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    public async Task Unknown_record_id_is_404(string method)
    {
        var response = await RejectedAsync(patient => Task.FromResult(
            RegistryState.Request(new HttpMethod(method), $"{patient}/adverse-events/{Guid.NewGuid()}", method == "PUT" ? JsonNode.Parse(Fatigue) : null)));
        var problem = await response.AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Contains("adverse event", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_cohort_or_patient_is_404()
    {
        await (await _client.GetAsync($"/api/v1/cohorts/{Guid.NewGuid()}/patients/P1/adverse-events")).AssertProblemAsync(HttpStatusCode.NotFound);
        var cohort = await _client.CreateCohortAsync();
        await (await _client.PostAsync($"/api/v1/cohorts/{cohort}/patients/nobody/adverse-events", ApiFactory.RawJson(Fatigue)))
            .AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _client.GetAsync($"/api/v1/cohorts/{cohort}/patients/nobody/follow-up")).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(0, await factory.CountAsync("SELECT count(*) FROM patients WHERE cohort_id = @c", ("c", cohort)));
    }
}
