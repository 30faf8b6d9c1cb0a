using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using HccOutcomes.Api.Tests.Infrastructure;

namespace HccOutcomes.Api.Tests.Patients;

[Collection(ApiCollection.Name)]
public sealed class PatientDocumentTests(ApiFactory factory)
{
    private readonly HttpClient _client = factory.CreateClient();

    private static StringContent Body(JsonNode node) => ApiFactory.RawJson(node.ToJsonString());

    private Task<long> Rows(string table, Guid cohortId) => factory.CountAsync(
        table == "patients"
            ? "SELECT count(*) FROM patients WHERE cohort_id = @c"
            : $"SELECT count(*) FROM {table} t JOIN patients p ON p.id = t.patient_id WHERE p.cohort_id = @c",
        ("c", cohortId));

    [Fact]
    public async Task Put_creates_201_then_same_document_is_idempotent_200_with_same_etag()
    {
        var cohort = await _client.CreateCohortAsync();
        var created = await _client.PutAsync($"/api/v1/cohorts/{cohort}/patients/P001", Body(SamplePatients.RtPd1()));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.NotNull(created.Headers.ETag);
        Assert.EndsWith($"/api/v1/cohorts/{cohort}/patients/P001", created.Headers.Location!.ToString(), StringComparison.Ordinal);
        var before = await factory.SnapshotAsync(cohort);

        var again = await _client.PutAsync($"/api/v1/cohorts/{cohort}/patients/P001", Body(SamplePatients.RtPd1()));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(created.Headers.ETag, again.Headers.ETag);
        Assert.Equal(before, await factory.SnapshotAsync(cohort));
        Assert.Equal(1, await Rows("patients", cohort));
        Assert.Equal(2, await Rows("anti_pd1_cycles", cohort));
    }

    [Fact]
    public async Task Every_record_type_round_trips_with_derived_values()
    {
        var cohort = await _client.CreateCohortAsync();
        Assert.Equal(HttpStatusCode.Created, (await _client.PutAsync($"/api/v1/cohorts/{cohort}/patients/RT-1", Body(SamplePatients.RtPd1()))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await _client.PutAsync($"/api/v1/cohorts/{cohort}/patients/TS-1", Body(SamplePatients.TaceSorafenib()))).StatusCode);

        var rt = await _client.GetFromJsonAsync<JsonElement>($"/api/v1/cohorts/{cohort}/patients/RT-1");
        Assert.Equal("RT-1", rt.GetProperty("externalId").GetString());
        Assert.Equal("C", rt.GetProperty("baseline").GetProperty("bclcStage").GetString());
        // ALBI = 0.66·log10(17.1) − 0.085·38.2 = −2.4327…, grade 2
        Assert.Equal(-2.4327, rt.GetProperty("albiScore").GetDouble(), 3);
        Assert.Equal(2, rt.GetProperty("albiGrade").GetInt32());
        var course = rt.GetProperty("radiotherapyCourses")[0];
        Assert.Equal("IMRT", course.GetProperty("technique").GetString());
        Assert.Equal(2, course.GetProperty("fractionsDelivered").GetInt32());
        Assert.Equal(8, course.GetProperty("deliveredDoseGy").GetDouble(), 9);
        Assert.Equal(2 * 4 * 1.4, course.GetProperty("bedGy").GetDouble(), 9);
        Assert.Equal(2, rt.GetProperty("antiPd1Cycles").GetArrayLength());
        var lesions = rt.GetProperty("tumorAssessments")[1].GetProperty("lesions");
        Assert.True(lesions[1].GetProperty("portalVeinTumorThrombus").GetBoolean());
        Assert.Equal(10016256, rt.GetProperty("adverseEvents")[0].GetProperty("meddraCode").GetInt32());
        Assert.Equal("2021-09-30", rt.GetProperty("followUp").GetProperty("deathDate").GetString());

        var ts = await _client.GetFromJsonAsync<JsonElement>($"/api/v1/cohorts/{cohort}/patients/TS-1");
        var tace = ts.GetProperty("taceSessions")[0];
        Assert.Equal("pirarubicin", tace.GetProperty("chemotherapyAgent").GetString());
        Assert.Equal("mg", tace.GetProperty("chemotherapyDoseUnit").GetString());
        var sorafenib = ts.GetProperty("sorafenibCourses")[0];
        Assert.Equal(121, sorafenib.GetProperty("durationDays").GetInt32());
        // 30 days at 800 mg + 91 days at 400 mg over 121 planned days of 800 mg
        Assert.Equal(((30 * 800.0) + (91 * 400.0)) / (121 * 800.0), sorafenib.GetProperty("relativeDoseIntensity").GetDouble(), 9);
        Assert.Equal(1, sorafenib.GetProperty("doseChanges").GetArrayLength());
    }

    [Fact]
    public async Task Prefer_return_minimal_answers_status_location_and_etag_without_the_document()
    {
        var cohort = await _client.CreateCohortAsync();
        var url = $"/api/v1/cohorts/{cohort}/patients/PM1";
        async Task<HttpResponseMessage> PutMinimal(JsonNode document)
        {
            using var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = Body(document) };
            request.Headers.Add("Prefer", "respond-async, return=minimal; foo=\"bar\"");
            return await _client.SendAsync(request);
        }

        var created = await PutMinimal(SamplePatients.RtPd1());
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Empty(await created.Content.ReadAsByteArrayAsync());
        Assert.EndsWith(url, created.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.Equal("return=minimal", created.Headers.GetValues("Preference-Applied").Single());
        var stored = await _client.GetAsync(url);
        Assert.Equal(created.Headers.ETag, stored.Headers.ETag);

        var changed = SamplePatients.RtPd1();
        changed["ageYears"] = 59;
        var replaced = await PutMinimal(changed);
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        Assert.Empty(await replaced.Content.ReadAsByteArrayAsync());
        Assert.NotEqual(created.Headers.ETag, replaced.Headers.ETag);
        var again = await PutMinimal(changed);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(replaced.Headers.ETag, again.Headers.ETag);
        Assert.Equal(59, (await _client.GetFromJsonAsync<JsonElement>(url)).GetProperty("ageYears").GetInt32());

        // Without the preference (or with return=representation) the patient as stored comes back.
        using var representation = new HttpRequestMessage(HttpMethod.Put, url) { Content = Body(changed) };
        representation.Headers.Add("Prefer", "return=representation");
        var full = await _client.SendAsync(representation);
        Assert.Equal(59, (await full.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ageYears").GetInt32());
        Assert.False(full.Headers.Contains("Preference-Applied"));
    }

    [Fact]
    public async Task Get_document_put_back_is_a_no_op()
    {
        var cohort = await _client.CreateCohortAsync();
        var created = await _client.PutAsync($"/api/v1/cohorts/{cohort}/patients/P9", Body(SamplePatients.RtPd1()));
        var document = await _client.GetStringAsync($"/api/v1/cohorts/{cohort}/patients/P9");
        var again = await _client.PutAsync($"/api/v1/cohorts/{cohort}/patients/P9", ApiFactory.RawJson(document));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(created.Headers.ETag, again.Headers.ETag);
    }

    [Fact]
    public async Task Replace_keeps_record_ids_matched_by_source_id_and_drops_removed_records()
    {
        var cohort = await _client.CreateCohortAsync();
        await _client.PutAsync($"/api/v1/cohorts/{cohort}/patients/P2", Body(SamplePatients.RtPd1()));
        var first = await _client.GetFromJsonAsync<JsonElement>($"/api/v1/cohorts/{cohort}/patients/P2");
        var cycleId = first.GetProperty("antiPd1Cycles")[0].GetProperty("id").GetGuid();

        var changed = SamplePatients.RtPd1();
        changed["antiPd1Cycles"]!.AsArray().RemoveAt(1);
        changed["adverseEvents"]![0]!["grade"] = 3;
        var response = await _client.PutAsync($"/api/v1/cohorts/{cohort}/patients/P2", Body(changed));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var second = await _client.GetFromJsonAsync<JsonElement>($"/api/v1/cohorts/{cohort}/patients/P2");
        Assert.Equal(1, second.GetProperty("antiPd1Cycles").GetArrayLength());
        Assert.Equal(cycleId, second.GetProperty("antiPd1Cycles")[0].GetProperty("id").GetGuid());
        Assert.Equal(3, second.GetProperty("adverseEvents")[0].GetProperty("grade").GetInt32());
        Assert.Equal(first.GetProperty("createdAt").GetDateTimeOffset(), second.GetProperty("createdAt").GetDateTimeOffset());
        Assert.Equal(1, await Rows("anti_pd1_cycles", cohort));
    }

    [Fact]
    public async Task Replace_that_swaps_source_ids_of_records_named_by_id_keeps_both_and_their_ids()
    {
        // Kept records are updated in place; one whose sourceId changes is deleted and re-inserted under its ID,
        // so two records that trade sourceIds never collide on the (patient, sourceId) key.
        var cohort = await _client.CreateCohortAsync();
        await _client.PutAsync($"/api/v1/cohorts/{cohort}/patients/P3", Body(SamplePatients.RtPd1()));
        var first = await _client.GetFromJsonAsync<JsonElement>($"/api/v1/cohorts/{cohort}/patients/P3");
        var ids = first.GetProperty("antiPd1Cycles").EnumerateArray().Select(c => c.GetProperty("id").GetGuid()).ToArray();
        var assessmentCreated = first.GetProperty("tumorAssessments")[0].GetProperty("createdAt").GetDateTimeOffset();

        var changed = SamplePatients.RtPd1();
        var cycles = changed["antiPd1Cycles"]!.AsArray();
        cycles[0]!["id"] = ids[0].ToString();
        cycles[0]!["sourceId"] = "pd1-2";
        cycles[1]!["id"] = ids[1].ToString();
        cycles[1]!["sourceId"] = "pd1-1";
        changed["tumorAssessments"]![0]!["modality"] = "CT";
        changed.Remove("followUp");
        var response = await _client.PutAsync($"/api/v1/cohorts/{cohort}/patients/P3", Body(changed));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var second = await _client.GetFromJsonAsync<JsonElement>($"/api/v1/cohorts/{cohort}/patients/P3");
        var stored = second.GetProperty("antiPd1Cycles").EnumerateArray()
            .ToDictionary(c => c.GetProperty("id").GetGuid(), c => c.GetProperty("sourceId").GetString());
        Assert.Equal("pd1-2", stored[ids[0]]);
        Assert.Equal("pd1-1", stored[ids[1]]);
        var assessment = second.GetProperty("tumorAssessments")[0];
        Assert.Equal("CT", assessment.GetProperty("modality").GetString());
        Assert.Equal(assessmentCreated, assessment.GetProperty("createdAt").GetDateTimeOffset());
        Assert.True(assessment.GetProperty("updatedAt").GetDateTimeOffset() > assessmentCreated);
        Assert.True(!second.TryGetProperty("followUp", out var followUp) || followUp.ValueKind == JsonValueKind.Null);
        Assert.Equal(2, await Rows("anti_pd1_cycles", cohort));
        Assert.Equal(0, await Rows("follow_ups", cohort));
    }

    [Fact]
    public async Task If_match_stale_is_412_and_nothing_changes()
    {
        var cohort = await _client.CreateCohortAsync();
        var created = await _client.PutAsync($"/api/v1/cohorts/{cohort}/patients/P3", Body(SamplePatients.RtPd1()));
        var before = await factory.SnapshotAsync(cohort);

        var changed = SamplePatients.RtPd1();
        changed["ageYears"] = 57;
        var stale = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/cohorts/{cohort}/patients/P3") { Content = Body(changed) };
        stale.Headers.TryAddWithoutValidation("If-Match", "\"12345\"");
        await (await _client.SendAsync(stale)).AssertProblemAsync(HttpStatusCode.PreconditionFailed);
        Assert.Equal(before, await factory.SnapshotAsync(cohort));

        var fresh = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/cohorts/{cohort}/patients/P3") { Content = Body(changed) };
        fresh.Headers.IfMatch.Add(created.Headers.ETag!);
        var ok = await _client.SendAsync(fresh);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.NotEqual(created.Headers.ETag, ok.Headers.ETag);
    }

    [Fact]
    public async Task List_filters_by_arm_stage_and_date_with_paging()
    {
        var cohort = await _client.CreateCohortAsync();
        for (var i = 0; i < 3; i++)
        {
            await _client.PutAsync($"/api/v1/cohorts/{cohort}/patients/R{i}", Body(SamplePatients.RtPd1()));
            await _client.PutAsync($"/api/v1/cohorts/{cohort}/patients/T{i}", Body(SamplePatients.TaceSorafenib()));
        }

        var rt = await _client.GetFromJsonAsync<JsonElement>($"/api/v1/cohorts/{cohort}/patients?arm=RT%2BPD1&pageSize=2");
        Assert.Equal(3, rt.GetProperty("totalCount").GetInt32());
        Assert.Equal(2, rt.GetProperty("items").GetArrayLength());
        Assert.Contains("page=2", rt.GetProperty("next").GetString(), StringComparison.Ordinal);
        Assert.Contains("arm=RT%2BPD1", rt.GetProperty("next").GetString(), StringComparison.Ordinal);

        var stageB = await _client.GetFromJsonAsync<JsonElement>($"/api/v1/cohorts/{cohort}/patients?bclcStage=B");
        Assert.Equal(3, stageB.GetProperty("totalCount").GetInt32());
        Assert.All(stageB.GetProperty("items").EnumerateArray(), p => Assert.Equal("TACE+Sorafenib", p.GetProperty("arm").GetString()));

        var dated = await _client.GetFromJsonAsync<JsonElement>($"/api/v1/cohorts/{cohort}/patients?onStudyFrom=2021-01-01&onStudyTo=2021-12-31");
        Assert.Equal(3, dated.GetProperty("totalCount").GetInt32());
    }

    [Fact]
    public async Task List_filter_with_a_NUL_character_is_400_naming_it()
    {
        var cohort = await _client.CreateCohortAsync();
        var response = await _client.GetAsync($"/api/v1/cohorts/{cohort}/patients?arm=RT%00PD1");
        await response.AssertFieldErrorAsync("arm");
    }

    [Fact]
    public async Task Delete_patient_removes_all_records()
    {
        var cohort = await _client.CreateCohortAsync();
        await _client.PutAsync($"/api/v1/cohorts/{cohort}/patients/P4", Body(SamplePatients.RtPd1()));
        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync($"/api/v1/cohorts/{cohort}/patients/P4")).StatusCode);
        Assert.Equal(0, await Rows("patients", cohort));
        Assert.Equal(0, await factory.CountAsync("SELECT count(*) FROM anti_pd1_cycles c WHERE NOT EXISTS (SELECT 1 FROM patients p WHERE p.id = c.patient_id)"));
        // Derived rows have no foreign key: the delete removes them explicitly.
        Assert.Equal(0, await factory.CountAsync("SELECT count(*) FROM response_outcomes WHERE cohort_id = @c", ("c", cohort)));
        Assert.Equal(0, await factory.CountAsync("SELECT count(*) FROM safety_term_outcomes WHERE cohort_id = @c", ("c", cohort)));
        await (await _client.GetAsync($"/api/v1/cohorts/{cohort}/patients/P4")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Cohort_with_patients_is_409_unless_cascade()
    {
        var cohort = await _client.CreateCohortAsync();
        await _client.PutAsync($"/api/v1/cohorts/{cohort}/patients/P5", Body(SamplePatients.RtPd1()));
        var conflict = await (await _client.DeleteAsync($"/api/v1/cohorts/{cohort}")).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("cascade=true", conflict.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, await Rows("patients", cohort));

        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync($"/api/v1/cohorts/{cohort}?cascade=true")).StatusCode);
        Assert.Equal(0, await Rows("patients", cohort));
        Assert.Equal(0, await factory.CountAsync("SELECT count(*) FROM time_to_event_outcomes WHERE cohort_id = @c", ("c", cohort)));
        Assert.Equal(0, await factory.CountAsync("SELECT count(*) FROM safety_outcomes WHERE cohort_id = @c", ("c", cohort)));
    }

    [Fact]
    public async Task Concurrent_puts_of_one_patient_never_fail_and_leave_one_consistent_patient()
    {
        var cohort = await _client.CreateCohortAsync();
        await _client.PutAsync($"/api/v1/cohorts/{cohort}/patients/C1", Body(SamplePatients.RtPd1()));
        var puts = Enumerable.Range(0, 8).Select(i =>
        {
            var doc = SamplePatients.RtPd1();
            doc["ageYears"] = 40 + i;
            return _client.PutAsync($"/api/v1/cohorts/{cohort}/patients/C1", Body(doc));
        });
        var responses = await Task.WhenAll(puts);
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(1, await Rows("patients", cohort));
        Assert.Equal(2, await Rows("anti_pd1_cycles", cohort));
        Assert.Equal(2, await factory.CountAsync("SELECT count(*) FROM response_outcomes r JOIN patients p ON p.id = r.patient_id WHERE p.cohort_id = @c", ("c", cohort)));
    }

    [Fact]
    public async Task Concurrent_first_creates_of_one_patient_never_fail_and_leave_one_patient()
    {
        // A hospital system that times out and retries sends the same new patient twice at once (and a second
        // system may send a newer version): one request creates it, the others replace it or find it unchanged.
        var cohort = await _client.CreateCohortAsync();
        for (var round = 0; round < 5; round++)
        {
            var id = $"NEW{round}";
            var puts = Enumerable.Range(0, 6).Select(i =>
            {
                var doc = SamplePatients.RtPd1();
                doc["ageYears"] = 40 + (i % 2);
                return _client.PutAsync($"/api/v1/cohorts/{cohort}/patients/{id}", Body(doc));
            });
            var responses = await Task.WhenAll(puts);
            Assert.All(responses, r => Assert.True(r.IsSuccessStatusCode, $"{(int)r.StatusCode} {r.Content.ReadAsStringAsync().Result}"));
            Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        }

        Assert.Equal(5, await Rows("patients", cohort));
        Assert.Equal(10, await Rows("anti_pd1_cycles", cohort));
        Assert.Equal(10, await factory.CountAsync("SELECT count(*) FROM response_outcomes r JOIN patients p ON p.id = r.patient_id WHERE p.cohort_id = @c", ("c", cohort)));
    }

    [Fact]
    public async Task Simultaneous_puts_each_get_their_own_answer()
    {
        // PUTs that arrive together: a stale If-Match or an unknown cohort among them fails that request alone; the
        // others are written, each exactly once.
        var cohort = await _client.CreateCohortAsync();
        var existing = await _client.PutAsync($"/api/v1/cohorts/{cohort}/patients/G-OLD", Body(SamplePatients.RtPd1()));
        Assert.Equal(HttpStatusCode.Created, existing.StatusCode);
        for (var round = 0; round < 3; round++)
        {
            var requests = Enumerable.Range(0, 12).Select(i =>
            {
                var doc = SamplePatients.RtPd1();
                doc["ageYears"] = 40 + round;
                var (target, id) = i switch
                {
                    3 => (Guid.NewGuid(), $"G{round}-{i}"),
                    7 => (cohort, "G-OLD"),
                    _ => (cohort, $"G{round}-{i}"),
                };
                var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/cohorts/{target}/patients/{id}") { Content = Body(doc) };
                if (i == 7)
                {
                    request.Headers.TryAddWithoutValidation("If-Match", "\"12345\"");
                }

                return _client.SendAsync(request);
            });
            var responses = await Task.WhenAll(requests);
            for (var i = 0; i < responses.Length; i++)
            {
                var expected = i switch { 3 => HttpStatusCode.NotFound, 7 => HttpStatusCode.PreconditionFailed, _ => HttpStatusCode.Created };
                Assert.Equal(expected, responses[i].StatusCode);
            }

            await responses[3].AssertProblemAsync(HttpStatusCode.NotFound);
            await responses[7].AssertProblemAsync(HttpStatusCode.PreconditionFailed);
            Assert.All(responses.Where(r => r.StatusCode == HttpStatusCode.Created), r => Assert.NotNull(r.Headers.ETag));
        }

        Assert.Equal(1 + 3 * 10, await Rows("patients", cohort));
        Assert.Equal(2 * (1 + 3 * 10), await Rows("anti_pd1_cycles", cohort));
        Assert.Equal(2 * (1 + 3 * 10), await factory.CountAsync("SELECT count(*) FROM response_outcomes r JOIN patients p ON p.id = r.patient_id WHERE p.cohort_id = @c", ("c", cohort)));
        var old = await _client.GetAsync($"/api/v1/cohorts/{cohort}/patients/G-OLD");
        Assert.Equal(existing.Headers.ETag, old.Headers.ETag);
    }

    [Fact]
    public async Task Unknown_cohort_is_404()
    {
        var response = await _client.PutAsync($"/api/v1/cohorts/{Guid.NewGuid()}/patients/P1", Body(SamplePatients.RtPd1()));
        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }
}
