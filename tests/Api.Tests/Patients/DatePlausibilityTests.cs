using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using HccOutcomes.Api.Tests.Infrastructure;

namespace HccOutcomes.Api.Tests.Patients;

/// <summary>
/// Clinical dates must be possible: not in the future, not before the patient was born. A record long before on-study is
/// possible (baseline scans precede it), so it is accepted with a warning naming its field path.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class DatePlausibilityTests(ApiFactory factory)
{
    private readonly HttpClient _client = factory.CreateClient();

    private Task<HttpResponseMessage> Put(Guid cohort, string id, JsonObject doc) =>
        _client.PutAsync($"/api/v1/cohorts/{cohort}/patients/{id}", ApiFactory.RawJson(doc.ToJsonString()));

    [Fact]
    public async Task A_death_date_in_the_future_is_refused_with_its_field_path_and_nothing_is_stored()
    {
        var cohort = await _client.CreateCohortAsync("Plausibility");
        var doc = SamplePatients.RtPd1();
        doc["followUp"]!["deathDate"] = "2099-01-01";

        var messages = await (await Put(cohort, "P1", doc)).AssertFieldErrorAsync("followUp.deathDate");
        Assert.Contains(messages, m => m.StartsWith("deathDate 2099-01-01 is in the future (today is ", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/api/v1/cohorts/{cohort}/patients/P1")).StatusCode);
    }

    [Fact]
    public async Task An_adverse_event_before_the_patient_could_have_been_born_is_refused()
    {
        var cohort = await _client.CreateCohortAsync("Plausibility");
        var doc = SamplePatients.RtPd1();
        doc["adverseEvents"]![0]!["onsetDate"] = "1964-01-10";

        var messages = await (await Put(cohort, "P1", doc)).AssertFieldErrorAsync("adverseEvents[0].onsetDate");
        Assert.Contains(
            "onsetDate 1964-01-10 is before the patient could have been born (aged 56 on onStudyDate 2021-01-10, so born after 1964-01-10).",
            messages);

        // A day later the patient may have been a newborn: possible, and long before on-study, so only a warning.
        doc["adverseEvents"]![0]!["onsetDate"] = "1964-01-11";
        doc["adverseEvents"]![0]!["resolutionDate"] = "1964-02-01";
        Assert.Equal(HttpStatusCode.Created, (await Put(cohort, "P1", doc)).StatusCode);
    }

    [Fact]
    public async Task A_record_more_than_365_days_before_on_study_is_accepted_with_a_warning_naming_its_field()
    {
        var cohort = await _client.CreateCohortAsync("Plausibility");
        var doc = SamplePatients.RtPd1();
        doc["adverseEvents"]![0]!["onsetDate"] = "2020-01-05";
        doc["adverseEvents"]![0]!["resolutionDate"] = "2020-01-08";

        var response = await Put(cohort, "P1", doc);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var warnings = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("warnings");
        Assert.Equal(2, warnings.GetArrayLength());
        Assert.Equal("adverseEvents[0].onsetDate", warnings[0].GetProperty("field").GetString());
        Assert.Equal(
            "onsetDate 2020-01-05 is 371 days before onStudyDate 2021-01-10 (more than 365): accepted, please check it.",
            warnings[0].GetProperty("message").GetString());
        Assert.Equal("adverseEvents[0].resolutionDate", warnings[1].GetProperty("field").GetString());

        // The baseline scan five days before on-study draws none.
        var plain = await (await Put(cohort, "P2", SamplePatients.RtPd1())).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(0, plain.GetProperty("warnings").GetArrayLength());
    }

    [Fact]
    public async Task A_batch_names_each_warning_by_the_patient_and_field()
    {
        var cohort = await _client.CreateCohortAsync("Plausibility");
        var old = SamplePatients.TaceSorafenib("B2");
        old["tumorAssessments"]![0]!["date"] = "2019-09-01";
        var batch = new JsonObject { ["patients"] = new JsonArray(SamplePatients.RtPd1("B1"), old) };

        foreach (var query in new[] { "?dryRun=true", string.Empty })
        {
            var response = await _client.PostAsync($"/api/v1/cohorts/{cohort}/patients/batch{query}", ApiFactory.RawJson(batch.ToJsonString()));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var warning = Assert.Single((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("warnings").EnumerateArray());
            Assert.Equal("patients[1].tumorAssessments[0].date", warning.GetProperty("field").GetString());
        }
    }

    [Fact]
    public async Task A_record_added_on_its_own_with_a_future_date_is_refused_with_the_path_of_its_field()
    {
        var cohort = await _client.CreateCohortAsync("Plausibility");
        var doc = SamplePatients.RtPd1();
        doc["followUp"]!["deathDate"] = null;
        Assert.Equal(HttpStatusCode.Created, (await Put(cohort, "P1", doc)).StatusCode);

        var response = await _client.PostAsync($"/api/v1/cohorts/{cohort}/patients/P1/adverse-events", ApiFactory.RawJson(
            """{ "term": "Fatigue", "grade": 1, "onsetDate": "2098-03-01", "attribution": "possible", "suspectedTreatments": ["antiPd1"] }"""));
        await response.AssertFieldErrorAsync("onsetDate");
    }
}
