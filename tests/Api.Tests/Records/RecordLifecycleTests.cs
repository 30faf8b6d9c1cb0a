using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using HccOutcomes.Api.Tests.Infrastructure;

namespace HccOutcomes.Api.Tests.Records;

/// <summary>Add → list → get → update (PUT and POST by sourceId) → delete, for every record list, checked in SQL.</summary>
[Collection(ApiCollection.Name)]
public sealed class RecordLifecycleTests(ApiFactory factory)
{
    private readonly HttpClient _client = factory.CreateClient();

    /// <summary>Route segment, table, a new record (dated inside the RtPd1 patient's life), and a changed member.</summary>
    public static TheoryData<string, string, string, string, string> Records => new()
    {
        {
            "adverse-events", "adverse_events",
            """{ "sourceId": "ae-new", "term": "Diarrhea", "grade": 1, "onsetDate": "2021-03-01", "attribution": "possible", "suspectedTreatments": ["antiPd1"] }""",
            "grade", "2"
        },
        {
            "tumor-assessments", "tumor_assessments",
            """{ "sourceId": "ta-new", "date": "2021-05-10", "modality": "MRI", "lesions": [ { "lesionId": "T1", "site": "liver", "role": "target", "longestDiameterMm": 50, "viableDiameterMm": 20 } ] }""",
            "modality", "\"CT\""
        },
        {
            "radiotherapy-courses", "radiotherapy_courses",
            """{ "sourceId": "rt-new", "startDate": "2021-04-01", "endDate": "2021-04-05", "technique": "SBRT", "totalDoseGy": 40, "dosePerFractionGy": 8, "fractionsPlanned": 5, "lesionsTreated": 1 }""",
            "lesionsTreated", "2"
        },
        {
            "tace-sessions", "tace_sessions",
            """{ "sourceId": "tace-new", "date": "2021-04-01", "chemotherapyAgent": "epirubicin", "chemotherapyDose": 50, "chemotherapyDoseUnit": "mg", "lipiodolMl": 8, "embolicAgent": "gelatinSponge", "technicalSuccess": true }""",
            "lipiodolMl", "12.5"
        },
        {
            "sorafenib-courses", "sorafenib_courses",
            """{ "sourceId": "sor-new", "startDate": "2021-04-01", "endDate": "2021-05-01", "startingDailyDoseMg": 800, "doseChanges": [] }""",
            "startingDailyDoseMg", "400"
        },
        {
            "anti-pd1-cycles", "anti_pd1_cycles",
            """{ "sourceId": "pd1-new", "agent": "camrelizumab", "date": "2021-03-09", "doseMg": 200, "cycleNumber": 3 }""",
            "doseMg", "180"
        },
    };

    [Theory]
    [MemberData(nameof(Records))]
    public async Task Record_add_list_get_update_delete(string segment, string table, string recordJson, string member, string changedValue)
    {
        var cohort = await _client.CreatePatientAsync("P1", SamplePatients.RtPd1());
        var url = $"/api/v1/cohorts/{cohort}/patients/P1/{segment}";
        var rowsBefore = await factory.RowsAsync(table, cohort);
        var record = JsonNode.Parse(recordJson)!.AsObject();

        // Add: 201, Location, ETag, the record with its server ID.
        var created = await _client.PostAsync(url, ApiFactory.RawJson(record.ToJsonString()));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var added = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = added.GetProperty("id").GetGuid();
        Assert.EndsWith($"{url}/{id}", created.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.NotNull(created.Headers.ETag);
        Assert.Equal(rowsBefore + 1, await factory.RowsAsync(table, cohort));
        Assert.Equal(1, await factory.CountAsync($"SELECT count(*) FROM {table} WHERE id = @id AND source_id = @s", ("id", id), ("s", record["sourceId"]!.GetValue<string>())));

        // List and get; the ETag is the patient's version.
        var list = await _client.GetAsync(url);
        Assert.Equal(created.Headers.ETag, list.Headers.ETag);
        var items = (await list.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().ToList();
        Assert.Equal(rowsBefore + 1, items.Count);
        Assert.Contains(items, r => r.GetProperty("id").GetGuid() == id);
        var got = await _client.GetFromJsonAsync<JsonElement>($"{url}/{id}");
        Assert.Equal(id, got.GetProperty("id").GetGuid());
        var createdAt = got.GetProperty("createdAt").GetDateTimeOffset();

        // Update by PUT: same ID and row, new content, new ETag.
        record[member] = JsonNode.Parse(changedValue);
        var put = await _client.PutAsync($"{url}/{id}", ApiFactory.RawJson(record.ToJsonString()));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.NotEqual(created.Headers.ETag, put.Headers.ETag);
        var replaced = await put.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(id, replaced.GetProperty("id").GetGuid());
        Assert.Equal(changedValue, replaced.GetProperty(member).GetRawText());
        Assert.Equal(createdAt, replaced.GetProperty("createdAt").GetDateTimeOffset());
        Assert.Equal(rowsBefore + 1, await factory.RowsAsync(table, cohort));

        // Update by POST with the same sourceId: 200, same ID, no duplicate row.
        record[member] = JsonNode.Parse(recordJson)![member]!.DeepClone();
        var again = await _client.PostAsync(url, ApiFactory.RawJson(record.ToJsonString()));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var updated = await again.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(id, updated.GetProperty("id").GetGuid());
        Assert.Equal(JsonNode.Parse(recordJson)![member]!.ToJsonString(), updated.GetProperty(member).GetRawText());
        Assert.Equal(rowsBefore + 1, await factory.RowsAsync(table, cohort));
        Assert.Equal(1, await factory.CountAsync($"SELECT count(*) FROM {table} WHERE id = @id", ("id", id)));

        // The same POST again is a no-op: same ETag, nothing written.
        var snapshot = await factory.SnapshotAsync(cohort);
        var noop = await _client.PostAsync(url, ApiFactory.RawJson(record.ToJsonString()));
        Assert.Equal(HttpStatusCode.OK, noop.StatusCode);
        Assert.Equal(again.Headers.ETag, noop.Headers.ETag);
        Assert.Equal(snapshot, await factory.SnapshotAsync(cohort));

        // Delete: 204, row gone, other records of the patient kept.
        var deleted = await _client.DeleteAsync($"{url}/{id}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.NotNull(deleted.Headers.ETag);
        Assert.Equal(rowsBefore, await factory.RowsAsync(table, cohort));
        Assert.Equal(0, await factory.CountAsync($"SELECT count(*) FROM {table} WHERE id = @id", ("id", id)));
        Assert.Equal(1, await factory.RowsAsync("follow_ups", cohort));
        await (await _client.GetAsync($"{url}/{id}")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Records_without_source_id_are_added_each_time_and_other_record_ids_survive()
    {
        var cohort = await _client.CreatePatientAsync("P2", SamplePatients.RtPd1());
        var url = $"/api/v1/cohorts/{cohort}/patients/P2/anti-pd1-cycles";
        var ids = (await _client.GetFromJsonAsync<JsonElement>(url)).EnumerateArray().Select(r => r.GetProperty("id").GetGuid()).ToList();
        var cycle = """{ "agent": "camrelizumab", "date": "2021-03-09", "doseMg": 200, "cycleNumber": 3 }""";

        var first = await _client.PostAsync(url, ApiFactory.RawJson(cycle));
        var second = await _client.PostAsync(url, ApiFactory.RawJson(cycle));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.NotEqual(
            (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid(),
            (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
        Assert.Equal(4, await factory.RowsAsync("anti_pd1_cycles", cohort));
        var after = (await _client.GetFromJsonAsync<JsonElement>(url)).EnumerateArray().Select(r => r.GetProperty("id").GetGuid()).ToList();
        Assert.All(ids, id => Assert.Contains(id, after));
    }

    [Fact]
    public async Task Derived_values_are_computed_on_record_writes()
    {
        var cohort = await _client.CreatePatientAsync("P3", SamplePatients.RtPd1());
        var response = await _client.PostAsync(
            $"/api/v1/cohorts/{cohort}/patients/P3/radiotherapy-courses",
            ApiFactory.RawJson("""{ "startDate": "2021-04-01", "technique": "SBRT", "totalDoseGy": 40, "dosePerFractionGy": 8, "fractionsPlanned": 5, "lesionsTreated": 1 }"""));
        var course = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(40 * (1 + (8 / 10.0)), course.GetProperty("bedGy").GetDouble(), 9);
        Assert.Equal(5, course.GetProperty("fractionsDelivered").GetInt32());
    }

    [Fact]
    public async Task Follow_up_is_a_singleton_created_replaced_and_deleted()
    {
        var document = SamplePatients.RtPd1();
        document.Remove("followUp");
        var cohort = await _client.CreatePatientAsync("P4", document);
        var url = $"/api/v1/cohorts/{cohort}/patients/P4/follow-up";
        await (await _client.GetAsync(url)).AssertProblemAsync(HttpStatusCode.NotFound);

        var followUp = JsonNode.Parse("""{ "sourceId": "fu-9", "lastKnownAliveDate": "2021-09-01", "lostToFollowUp": false }""")!;
        var created = await _client.PutAsync(url, ApiFactory.RawJson(followUp.ToJsonString()));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.EndsWith(url, created.Headers.Location!.ToString(), StringComparison.Ordinal);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.Equal(1, await factory.RowsAsync("follow_ups", cohort));

        var got = await _client.GetAsync(url);
        Assert.Equal(created.Headers.ETag, got.Headers.ETag);
        Assert.Equal(id, (await got.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());

        followUp["deathDate"] = "2021-09-30";
        followUp["deathCause"] = "Tumor progression";
        var replaced = await _client.PutAsync(url, ApiFactory.RawJson(followUp.ToJsonString()));
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        var body = await replaced.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(id, body.GetProperty("id").GetGuid());
        Assert.Equal("2021-09-30", body.GetProperty("deathDate").GetString());
        Assert.Equal(1, await factory.CountAsync("SELECT count(*) FROM follow_ups WHERE id = @id AND death_date = DATE '2021-09-30'", ("id", id)));

        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync(url)).StatusCode);
        Assert.Equal(0, await factory.RowsAsync("follow_ups", cohort));
        Assert.Equal(2, await factory.RowsAsync("anti_pd1_cycles", cohort));
        await (await _client.DeleteAsync(url)).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Fresh_if_match_is_accepted_and_the_etag_follows_the_patient()
    {
        var cohort = await _client.CreatePatientAsync("P5", SamplePatients.RtPd1());
        var patient = await _client.GetAsync($"/api/v1/cohorts/{cohort}/patients/P5");
        var url = $"/api/v1/cohorts/{cohort}/patients/P5/anti-pd1-cycles";
        var cycle = JsonNode.Parse("""{ "agent": "camrelizumab", "date": "2021-03-09", "doseMg": 200, "cycleNumber": 3 }""");

        var added = await _client.SendAsync(RegistryState.Request(HttpMethod.Post, url, cycle, patient.Headers.ETag!.Tag));
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var after = await _client.GetAsync($"/api/v1/cohorts/{cohort}/patients/P5");
        Assert.Equal(added.Headers.ETag, after.Headers.ETag);
        Assert.NotEqual(patient.Headers.ETag, after.Headers.ETag);
    }

    [Fact]
    public async Task Concurrent_adds_to_one_patient_are_all_kept()
    {
        var cohort = await _client.CreatePatientAsync("P6", SamplePatients.RtPd1());
        var url = $"/api/v1/cohorts/{cohort}/patients/P6/adverse-events";
        var responses = await Task.WhenAll(Enumerable.Range(1, 5).Select(i => _client.PostAsync(url, ApiFactory.RawJson(
            $$"""{ "sourceId": "c-{{i}}", "term": "Fatigue", "grade": 1, "onsetDate": "2021-03-0{{i}}", "attribution": "possible" }"""))));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        Assert.Equal(6, await factory.RowsAsync("adverse_events", cohort));
    }

    [Fact]
    public async Task Swagger_documents_the_record_endpoints()
    {
        var swagger = await _client.GetFromJsonAsync<JsonElement>("/swagger/v1/swagger.json");
        var paths = swagger.GetProperty("paths");
        foreach (var segment in new[] { "adverse-events", "tumor-assessments", "radiotherapy-courses", "tace-sessions", "sorafenib-courses", "anti-pd1-cycles" })
        {
            var item = paths.GetProperty($"/api/v1/cohorts/{{cohortId}}/patients/{{externalId}}/{segment}/{{recordId}}");
            foreach (var method in new[] { "get", "put", "delete" })
            {
                Assert.False(string.IsNullOrWhiteSpace(item.GetProperty(method).GetProperty("summary").GetString()), $"{method} {segment}");
            }

            var list = paths.GetProperty($"/api/v1/cohorts/{{cohortId}}/patients/{{externalId}}/{segment}");
            Assert.False(string.IsNullOrWhiteSpace(list.GetProperty("post").GetProperty("summary").GetString()));
            Assert.True(list.GetProperty("post").GetProperty("responses").TryGetProperty("201", out _));
        }

        Assert.True(paths.GetProperty("/api/v1/cohorts/{cohortId}/patients/{externalId}/follow-up").TryGetProperty("put", out _));
    }
}
