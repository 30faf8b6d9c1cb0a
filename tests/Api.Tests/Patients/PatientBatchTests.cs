using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using HccOutcomes.Api.Tests.Infrastructure;

namespace HccOutcomes.Api.Tests.Patients;

[Collection(ApiCollection.Name)]
public sealed class PatientBatchTests(ApiFactory factory)
{
    private readonly HttpClient _client = factory.CreateClient();

    private static string Batch(IEnumerable<JsonObject> patients) => new JsonObject { ["patients"] = new JsonArray(patients.ToArray<JsonNode?>()) }.ToJsonString();

    private static IEnumerable<JsonObject> Patients(int count, int start = 0) =>
        Enumerable.Range(start, count).Select(i => i % 2 == 0 ? SamplePatients.RtPd1($"B{i:D4}") : SamplePatients.TaceSorafenib($"B{i:D4}"));

    private Task<long> PatientRows(Guid cohort) => factory.CountAsync("SELECT count(*) FROM patients WHERE cohort_id = @c", ("c", cohort));

    private Task<long> ChildRows(Guid cohort) => factory.CountAsync(
        "SELECT (SELECT count(*) FROM adverse_events a JOIN patients p ON p.id = a.patient_id WHERE p.cohort_id = @c) + " +
        "(SELECT count(*) FROM tumor_assessments a JOIN patients p ON p.id = a.patient_id WHERE p.cohort_id = @c)", ("c", cohort));

    [Fact]
    public async Task Batch_imports_all_and_resending_is_a_no_op()
    {
        var cohort = await _client.CreateCohortAsync();
        var body = Batch(Patients(50));
        var first = await _client.PostAsync($"/api/v1/cohorts/{cohort}/patients/batch", ApiFactory.RawJson(body));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var result = await first.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(50, result.GetProperty("created").GetInt32());
        Assert.Equal(50, await PatientRows(cohort));
        var children = await ChildRows(cohort);
        var versions = await factory.CountAsync("SELECT sum(xmin::text::bigint) FROM patients WHERE cohort_id = @c", ("c", cohort));

        var again = await (await _client.PostAsync($"/api/v1/cohorts/{cohort}/patients/batch", ApiFactory.RawJson(body))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(50, again.GetProperty("unchanged").GetInt32());
        Assert.Equal(0, again.GetProperty("created").GetInt32());
        Assert.Equal(50, await PatientRows(cohort));
        Assert.Equal(children, await ChildRows(cohort));
        Assert.Equal(versions, await factory.CountAsync("SELECT sum(xmin::text::bigint) FROM patients WHERE cohort_id = @c", ("c", cohort)));
    }

    [Theory]
    [InlineData(false, 5)]   // ≤ 25 patients: the batched write path; 30: the COPY path
    [InlineData(false, 30)]
    [InlineData(true, 5)]
    public async Task Batch_into_an_unknown_cohort_is_404(bool dryRun, int count)
    {
        var response = await _client.PostAsync(
            $"/api/v1/cohorts/{Guid.NewGuid()}/patients/batch{(dryRun ? "?dryRun=true" : "")}", ApiFactory.RawJson(Batch(Patients(count))));
        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("""{ "patients": null }""", "patients")]
    [InlineData("""{ "patients": [ null ] }""", "patients[0]")]
    public async Task Batch_with_null_for_a_list_or_a_document_is_400_naming_it(string body, string field)
    {
        var cohort = await _client.CreateCohortAsync();
        var response = await _client.PostAsync($"/api/v1/cohorts/{cohort}/patients/batch", ApiFactory.RawJson(body));
        await response.AssertFieldErrorAsync(field);
        Assert.Equal(0, await PatientRows(cohort));
    }

    [Fact]
    public async Task Batch_with_one_bad_record_writes_nothing_and_names_each_path()
    {
        var cohort = await _client.CreateCohortAsync();
        var patients = Patients(20).ToList();
        patients[17]["adverseEvents"]![0]!["grade"] = 6;
        patients[4]["baseline"]!["ecog"] = 7;
        var body = Batch(patients);
        var response = await _client.PostAsync($"/api/v1/cohorts/{cohort}/patients/batch", ApiFactory.RawJson(body));
        await response.AssertFieldErrorAsync("patients[17].adverseEvents[0].grade");
        Assert.Equal(0, await PatientRows(cohort));

        var json = JsonDocument.Parse(await (await _client.PostAsync($"/api/v1/cohorts/{cohort}/patients/batch", ApiFactory.RawJson(body))).Content.ReadAsStringAsync());
        Assert.True(json.RootElement.GetProperty("errors").TryGetProperty("patients[4].baseline.ecog", out _), json.RootElement.GetProperty("errors").ToString());
    }

    [Theory]
    [InlineData(6)]    // the batched write path
    [InlineData(30)]   // the COPY path
    public async Task Batch_replace_keeps_matched_record_ids_updates_them_and_drops_records_no_longer_sent(int count)
    {
        var cohort = await _client.CreateCohortAsync();
        await _client.PostAsync($"/api/v1/cohorts/{cohort}/patients/batch", ApiFactory.RawJson(Batch(Patients(count))));
        const string sourcedIds = "SELECT count(*) FROM tumor_assessments a JOIN patients p ON p.id = a.patient_id WHERE p.cohort_id = @c AND a.source_id IS NOT NULL";
        const string assessmentIdSum = "SELECT sum(hashtext(a.id::text)::bigint) FROM tumor_assessments a JOIN patients p ON p.id = a.patient_id WHERE p.cohort_id = @c AND a.source_id IS NOT NULL";
        var assessmentIds = await factory.CountAsync(assessmentIdSum, ("c", cohort));
        var sourced = await factory.CountAsync(sourcedIds, ("c", cohort));

        var changed = Patients(count).ToList();
        foreach (var patient in changed)
        {
            patient["tumorAssessments"]![0]!["modality"] = "CT";
            patient["adverseEvents"] = new JsonArray();
        }

        var response = await _client.PostAsync($"/api/v1/cohorts/{cohort}/patients/batch", ApiFactory.RawJson(Batch(changed)));
        Assert.Equal(count, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("replaced").GetInt32());
        Assert.Equal(sourced, await factory.CountAsync(sourcedIds, ("c", cohort)));
        Assert.Equal(assessmentIds, await factory.CountAsync(assessmentIdSum, ("c", cohort)));
        Assert.Equal(count / 2, await factory.CountAsync(
            "SELECT count(*) FROM tumor_assessments a JOIN patients p ON p.id = a.patient_id WHERE p.cohort_id = @c AND a.source_id = 'ta-0' AND a.modality = 'Ct'",
            ("c", cohort)));
        Assert.Equal(0, await factory.CountAsync(
            "SELECT count(*) FROM adverse_events a JOIN patients p ON p.id = a.patient_id WHERE p.cohort_id = @c", ("c", cohort)));
        Assert.Equal(0, await factory.CountAsync(
            "SELECT count(*) FROM safety_term_outcomes s JOIN patients p ON p.id = s.patient_id WHERE p.cohort_id = @c", ("c", cohort)));
    }

    [Fact]
    public async Task Batch_replacing_existing_patients_is_all_or_nothing()
    {
        var cohort = await _client.CreateCohortAsync();
        await _client.PostAsync($"/api/v1/cohorts/{cohort}/patients/batch", ApiFactory.RawJson(Batch(Patients(10))));
        var before = await ChildRows(cohort);

        var patients = Patients(12).ToList();
        patients[0]["ageYears"] = 70;                      // a valid change
        patients[11]["externalId"] = patients[3]["externalId"]!.GetValue<string>(); // duplicate id in the batch
        var response = await _client.PostAsync($"/api/v1/cohorts/{cohort}/patients/batch", ApiFactory.RawJson(Batch(patients)));
        await response.AssertFieldErrorAsync("patients[11].externalId");
        Assert.Equal(10, await PatientRows(cohort));
        Assert.Equal(before, await ChildRows(cohort));
        Assert.Equal(56, await factory.CountAsync("SELECT age_years FROM patients WHERE cohort_id = @c AND external_id = 'B0000'", ("c", cohort)));
    }

    [Fact]
    public async Task Dry_run_validates_only()
    {
        var cohort = await _client.CreateCohortAsync();
        var response = await _client.PostAsync($"/api/v1/cohorts/{cohort}/patients/batch?dryRun=true", ApiFactory.RawJson(Batch(Patients(5))));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("dryRun").GetBoolean());
        Assert.Equal(0, await PatientRows(cohort));

        var bad = Patients(5).ToList();
        bad[2].Remove("externalId");
        await (await _client.PostAsync($"/api/v1/cohorts/{cohort}/patients/batch?dryRun=true", ApiFactory.RawJson(Batch(bad))))
            .AssertFieldErrorAsync("patients[2].externalId");
    }

    [Fact]
    public async Task Empty_or_oversized_batch_is_rejected()
    {
        var cohort = await _client.CreateCohortAsync();
        await (await _client.PostAsync($"/api/v1/cohorts/{cohort}/patients/batch", ApiFactory.RawJson("""{ "patients": [] }""")))
            .AssertFieldErrorAsync("patients");
    }
}
