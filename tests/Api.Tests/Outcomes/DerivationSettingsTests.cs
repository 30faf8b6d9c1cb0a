using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using HccOutcomes.Api.Tests.Infrastructure;

namespace HccOutcomes.Api.Tests.Outcomes;

/// <summary>A cohort's derivation settings over HTTP: versioned, applied by recomputing the cohort, used by later writes and analyses.</summary>
[Collection(ApiCollection.Name)]
public sealed class DerivationSettingsTests(ApiFactory factory)
{
    private readonly HttpClient _client = factory.CreateClient();

    private static string SettingsOf(Guid cohort) => $"/api/v1/cohorts/{cohort}/derivation-settings";

    private Task<HttpResponseMessage> PutSettings(Guid cohort, object body) => _client.PutAsync(SettingsOf(cohort), ApiFactory.JsonBody(body));

    private async Task<JsonElement> Outcomes(Guid cohort, string id) =>
        await _client.GetFromJsonAsync<JsonElement>($"/api/v1/cohorts/{cohort}/patients/{id}/outcomes");

    private static JsonElement Tte(JsonElement outcomes, string paramCd) =>
        outcomes.GetProperty("timeToEvent").EnumerateArray().Single(r => r.GetProperty("paramCd").GetString() == paramCd);

    private static string BestResponse(JsonElement outcomes, string criteria) => outcomes.GetProperty("responses").EnumerateArray()
        .Single(r => r.GetProperty("criteria").GetString() == criteria).GetProperty("bestOverallResponse").GetString()!;

    // RT+PD1 patient (on study 2021-01-10, died 2021-09-30) whose PR on 2021-03-10 is confirmed by a scan on 2021-04-20.
    private static JsonObject ConfirmedResponder(string? externalId = null)
    {
        var doc = SamplePatients.RtPd1(externalId);
        doc["tumorAssessments"]!.AsArray().Add(JsonNode.Parse("""
            { "sourceId": "ta-2", "date": "2021-04-20", "modality": "MRI", "lesions": [
                { "lesionId": "T1", "site": "liver", "role": "target", "longestDiameterMm": 58, "viableDiameterMm": 25 },
                { "lesionId": "N1", "site": "portal vein", "role": "nonTarget", "nonTargetStatus": "present", "portalVeinTumorThrombus": true } ] }
            """));
        return doc;
    }

    private async Task<Guid> CohortWith(params JsonObject[] patients)
    {
        var cohort = await _client.CreateCohortAsync("Settings");
        var response = await _client.PostAsync($"/api/v1/cohorts/{cohort}/patients/batch",
            ApiFactory.RawJson(new JsonObject { ["patients"] = new JsonArray(patients) }.ToJsonString()));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return cohort;
    }

    [Fact]
    public async Task A_new_cohort_has_the_default_settings_as_version_1()
    {
        var cohort = await _client.CreateCohortAsync("Settings");
        var response = await _client.GetAsync(SettingsOf(cohort));
        var settings = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal("\"1\"", response.Headers.ETag?.Tag);
        Assert.Equal(1, settings.GetProperty("version").GetInt32());
        Assert.Equal(30, settings.GetProperty("treatmentEmergentWindowDays").GetInt32());
        Assert.True(settings.GetProperty("confirmationRequired").GetBoolean());
        Assert.Equal(28, settings.GetProperty("confirmationMinDays").GetInt32());
        Assert.Equal(42, settings.GetProperty("stableDiseaseMinDays").GetInt32());
        Assert.Equal("asCollected", settings.GetProperty("pfsRuleSet").GetString());
        Assert.True(settings.GetProperty("clinicalProgressionCounts").GetBoolean());
        Assert.Equal(56, settings.GetProperty("assessmentIntervalDays").GetInt32());
        Assert.Equal(JsonValueKind.Null, settings.GetProperty("dataCutoffDate").ValueKind);
    }

    [Fact]
    public async Task Changing_the_settings_recomputes_the_outcomes_and_a_comparison_afterwards_uses_the_new_ones()
    {
        // Three RT+PD1 patients start lenvatinib on 2021-05-01 and die on 2021-09-30 without radiological progression.
        var patients = new List<JsonObject>();
        for (var i = 0; i < 3; i++)
        {
            var rt = ConfirmedResponder($"R{i}");
            rt["followUp"]!["subsequentTherapies"] = JsonNode.Parse("""[ { "startDate": "2021-05-01", "type": "Lenvatinib" } ]""");
            patients.Add(rt);
            patients.Add(SamplePatients.TaceSorafenib($"T{i}"));
        }

        var cohort = await CohortWith([.. patients]);
        var compare = JsonNode.Parse($$"""
            { "cohortId": "{{cohort}}", "sections": ["pfs"], "criteria": ["recist11"],
              "groups": [ { "name": "RT+PD1", "filter": { "arm": "RT+PD1" } }, { "name": "TACE+Sorafenib", "filter": { "arm": "TACE+Sorafenib" } } ],
              "reference": "TACE+Sorafenib" }
            """)!;
        async Task<int> RtPfsEvents()
        {
            var result = await (await _client.PostAsync("/api/v1/analyses/compare", ApiFactory.RawJson(compare.ToJsonString()))).Content.ReadFromJsonAsync<JsonElement>();
            return result.GetProperty("pfs")[0].GetProperty("groups")[0].GetProperty("events").GetInt32();
        }

        Assert.Equal(3, await RtPfsEvents());
        Assert.Equal("Death", Tte(await Outcomes(cohort, "R0"), "PFS_RECIST").GetProperty("eventDescription").GetString());

        var put = await PutSettings(cohort, new { pfsRuleSet = "fda2018" });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal("\"2\"", put.Headers.ETag?.Tag);
        var change = await put.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(change.GetProperty("changed").GetBoolean());
        Assert.Equal(6, change.GetProperty("recomputedPatients").GetInt32());
        Assert.Equal(2, change.GetProperty("settings").GetProperty("version").GetInt32());
        Assert.False(change.GetProperty("settings").GetProperty("clinicalProgressionCounts").GetBoolean());

        var pfs = Tte(await Outcomes(cohort, "R0"), "PFS_RECIST");
        Assert.True(pfs.GetProperty("censored").GetBoolean());
        Assert.Equal("2021-04-20", pfs.GetProperty("analysisDate").GetString());
        Assert.Equal("New anticancer therapy", pfs.GetProperty("eventDescription").GetString());
        Assert.Equal("Progression-free survival (RECIST 1.1 radiological progression or death)", pfs.GetProperty("param").GetString());
        Assert.EndsWith("(PFS rule set fda2018) [derivation settings v2]", pfs.GetProperty("reasoning").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await RtPfsEvents());

        // Every stored row of the cohort names the version; a patient written now derives under it too.
        Assert.Equal(HttpStatusCode.Created, (await _client.PutAsync($"/api/v1/cohorts/{cohort}/patients/R9",
            ApiFactory.RawJson(ConfirmedResponder().ToJsonString()))).StatusCode);
        Assert.Equal(0, await factory.CountAsync(
            "SELECT count(*) FROM patient_outcomes WHERE cohort_id = @c AND (settings_version <> 2 OR os_reasoning NOT LIKE '%[derivation settings v2]' " +
            "OR recist_reasoning NOT LIKE '%[derivation settings v2]' OR safety_reasoning NOT LIKE '%[derivation settings v2]')", ("c", cohort)));
        Assert.Equal(7, await factory.CountAsync("SELECT count(*) FROM patient_outcomes WHERE cohort_id = @c", ("c", cohort)));
    }

    [Fact]
    public async Task Putting_the_current_settings_again_changes_nothing_and_a_stale_if_match_is_refused()
    {
        var cohort = await CohortWith(ConfirmedResponder("P1"));
        Assert.Equal(HttpStatusCode.OK, (await PutSettings(cohort, new { treatmentEmergentWindowDays = 60 })).StatusCode);

        var again = await (await PutSettings(cohort, new { treatmentEmergentWindowDays = 60 })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(again.GetProperty("changed").GetBoolean());
        Assert.Equal(0, again.GetProperty("recomputedPatients").GetInt32());
        Assert.Equal(2, again.GetProperty("settings").GetProperty("version").GetInt32());

        var stale = new HttpRequestMessage(HttpMethod.Put, SettingsOf(cohort)) { Content = ApiFactory.JsonBody(new { }) };
        stale.Headers.IfMatch.Add(new EntityTagHeaderValue("\"1\""));
        await (await _client.SendAsync(stale)).AssertProblemAsync(HttpStatusCode.PreconditionFailed);

        var current = new HttpRequestMessage(HttpMethod.Put, SettingsOf(cohort)) { Content = ApiFactory.JsonBody(new { }) };
        current.Headers.IfMatch.Add(new EntityTagHeaderValue("\"2\""));
        var restored = await (await _client.SendAsync(current)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(3, restored.GetProperty("settings").GetProperty("version").GetInt32());
        Assert.Equal(30, restored.GetProperty("settings").GetProperty("treatmentEmergentWindowDays").GetInt32());
        Assert.Equal(2, await factory.CountAsync("SELECT count(*) FROM derivation_settings WHERE cohort_id = @c", ("c", cohort)));
    }

    [Theory]
    [InlineData("""{ "pfsRuleSet": "fda2018", "clinicalProgressionCounts": true }""", "clinicalProgressionCounts")]
    [InlineData("""{ "confirmationMinDays": 0 }""", "confirmationMinDays")]
    [InlineData("""{ "treatmentEmergentWindowDays": -1 }""", "treatmentEmergentWindowDays")]
    [InlineData("""{ "assessmentIntervalDays": 3 }""", "assessmentIntervalDays")]
    [InlineData("""{ "dataCutoffDate": "2999-01-01" }""", "dataCutoffDate")]
    [InlineData("""{ "pfsRuleSet": "fda" }""", "pfsRuleSet")]
    public async Task Invalid_settings_are_refused_with_their_field_path_and_change_nothing(string body, string field)
    {
        var cohort = await CohortWith(ConfirmedResponder("P1"));
        var before = await factory.ScalarAsync<string>("SELECT recist_reasoning FROM patient_outcomes WHERE cohort_id = @c", ("c", cohort));

        await (await _client.PutAsync(SettingsOf(cohort), ApiFactory.RawJson(body))).AssertFieldErrorAsync(field);

        Assert.Equal(1, (await _client.GetFromJsonAsync<JsonElement>(SettingsOf(cohort))).GetProperty("version").GetInt32());
        Assert.Equal(0, await factory.CountAsync("SELECT count(*) FROM derivation_settings WHERE cohort_id = @c", ("c", cohort)));
        Assert.Equal(before, await factory.ScalarAsync<string>("SELECT recist_reasoning FROM patient_outcomes WHERE cohort_id = @c", ("c", cohort)));
    }

    [Fact]
    public async Task Settings_of_an_unknown_cohort_are_not_found()
    {
        var unknown = Guid.NewGuid();
        await (await _client.GetAsync(SettingsOf(unknown))).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await PutSettings(unknown, new { })).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_scan_after_the_cut_off_no_longer_confirms_a_response_and_a_death_after_it_is_censored_at_the_cut_off()
    {
        var cohort = await CohortWith(ConfirmedResponder("P1"));
        var before = await Outcomes(cohort, "P1");
        Assert.Equal("PR", BestResponse(before, "recist11"));
        Assert.False(Tte(before, "OS").GetProperty("censored").GetBoolean());

        Assert.Equal(HttpStatusCode.OK, (await PutSettings(cohort, new { dataCutoffDate = "2021-04-01" })).StatusCode);
        var after = await Outcomes(cohort, "P1");
        Assert.Equal("SD", BestResponse(after, "recist11"));
        var os = Tte(after, "OS");
        Assert.True(os.GetProperty("censored").GetBoolean());
        Assert.Equal("2021-04-01", os.GetProperty("analysisDate").GetString());
        Assert.Equal("Data cut-off", os.GetProperty("eventDescription").GetString());
        Assert.EndsWith("[derivation settings v2, data cut-off 2021-04-01]", os.GetProperty("reasoning").GetString(), StringComparison.Ordinal);
        Assert.Equal("2021-03-10", Tte(after, "PFS_RECIST").GetProperty("analysisDate").GetString());
    }

    [Theory]
    [InlineData("2021-09-29", true, "2021-09-29")]
    [InlineData("2021-09-30", false, "2021-09-30")]
    public async Task A_death_the_day_after_the_cut_off_is_censored_at_the_cut_off_and_on_the_day_of_it_is_an_event(string cutoff, bool censored, string date)
    {
        var cohort = await CohortWith(ConfirmedResponder("P1"));
        Assert.Equal(HttpStatusCode.OK, (await PutSettings(cohort, new { dataCutoffDate = cutoff })).StatusCode);

        var os = Tte(await Outcomes(cohort, "P1"), "OS");
        Assert.Equal(censored, os.GetProperty("censored").GetBoolean());
        Assert.Equal(date, os.GetProperty("analysisDate").GetString());

        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/cohorts/{cohort}/outcomes");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));
        var lines = (await (await _client.SendAsync(request)).Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => l.StartsWith("P1,RT+PD1,OS,", StringComparison.Ordinal) && l.EndsWith($",PR,PR,2,{cutoff}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_per_request_cut_off_overrides_the_cohorts_own_in_comparisons_and_outcome_reads_and_is_echoed()
    {
        var patients = new List<JsonObject>();
        for (var i = 0; i < 3; i++)
        {
            patients.Add(ConfirmedResponder($"R{i}"));
            patients.Add(SamplePatients.TaceSorafenib($"T{i}"));
        }

        var cohort = await CohortWith([.. patients]);
        Assert.Equal(HttpStatusCode.OK, (await PutSettings(cohort, new { dataCutoffDate = "2021-12-31" })).StatusCode);
        async Task<JsonElement> Compare(string? cutoff)
        {
            var body = JsonNode.Parse($$"""
                { "cohortId": "{{cohort}}", "sections": ["os", "response"], "criteria": ["recist11"],
                  "groups": [ { "name": "RT+PD1", "filter": { "arm": "RT+PD1" } }, { "name": "TACE+Sorafenib", "filter": { "arm": "TACE+Sorafenib" } } ],
                  "reference": "TACE+Sorafenib" }
                """)!;
            if (cutoff is not null)
            {
                body["dataCutoffDate"] = cutoff;
            }

            var response = await _client.PostAsync("/api/v1/analyses/compare", ApiFactory.RawJson(body.ToJsonString()));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return await response.Content.ReadFromJsonAsync<JsonElement>();
        }

        // The cohort's cut-off (2021-12-31) sees the RT+PD1 deaths on 2021-09-30; the request's (2021-04-01) does not,
        // nor the scans that confirm their responses.
        var cohortCutoff = await Compare(null);
        Assert.Equal(3, cohortCutoff.GetProperty("os").GetProperty("groups")[0].GetProperty("events").GetInt32());
        Assert.Equal("2021-12-31", cohortCutoff.GetProperty("derivation").GetProperty("dataCutoffDate").GetString());
        Assert.Equal("cohort", cohortCutoff.GetProperty("derivation").GetProperty("dataCutoffSource").GetString());
        Assert.Equal(2, cohortCutoff.GetProperty("derivation").GetProperty("settingsVersion").GetInt32());

        var requestCutoff = await Compare("2021-04-01");
        Assert.Equal(0, requestCutoff.GetProperty("os").GetProperty("groups")[0].GetProperty("events").GetInt32());
        Assert.Equal("2021-04-01", requestCutoff.GetProperty("derivation").GetProperty("dataCutoffDate").GetString());
        Assert.Equal("request", requestCutoff.GetProperty("derivation").GetProperty("dataCutoffSource").GetString());
        var pr = requestCutoff.GetProperty("response")[0].GetProperty("categories").EnumerateArray().Single(c => c.GetProperty("category").GetString() == "PR");
        Assert.Equal(0, pr.GetProperty("counts")[0].GetProperty("n").GetInt32());

        var patient = await _client.GetFromJsonAsync<JsonElement>($"/api/v1/cohorts/{cohort}/patients/R0/outcomes?dataCutoffDate=2021-04-01");
        Assert.Equal("SD", BestResponse(patient, "recist11"));
        Assert.Equal("2021-04-01", Tte(patient, "OS").GetProperty("analysisDate").GetString());
        Assert.Equal("PR", BestResponse(await Outcomes(cohort, "R0"), "recist11"));

        var table = await _client.GetFromJsonAsync<JsonElement>($"/api/v1/cohorts/{cohort}/outcomes?dataCutoffDate=2021-04-01");
        Assert.Equal("SD", table[0].GetProperty("borRecist").GetString());
        Assert.True(table[0].GetProperty("osCensored").GetBoolean());

        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/cohorts/{cohort}/outcomes?dataCutoffDate=2021-04-01");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));
        var lines = (await (await _client.SendAsync(request)).Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(1 + (6 * 4), lines.Length);
        Assert.Contains(lines, l => l.StartsWith("R0,RT+PD1,OS,Overall survival,82,DAYS,", StringComparison.Ordinal) && l.EndsWith(",SD,SD,2,2021-04-01", StringComparison.Ordinal));

        await (await _client.GetAsync($"/api/v1/cohorts/{cohort}/outcomes?dataCutoffDate=2999-01-01")).AssertFieldErrorAsync("dataCutoffDate");
        var future = await _client.PostAsync("/api/v1/analyses/compare", ApiFactory.RawJson(
            $$"""{ "cohortId": "{{cohort}}", "groups": [ { "name": "A", "filter": {} }, { "name": "B", "filter": {} } ], "dataCutoffDate": "2999-01-01" }"""));
        await future.AssertFieldErrorAsync("dataCutoffDate");
    }

    [Fact]
    public async Task A_patient_write_during_a_settings_change_waits_for_it_and_derives_under_the_new_version()
    {
        var cohort = await _client.CreateCohortAsync("Settings");

        // A settings change in progress: it holds the cohort's lock exclusively (as DerivationSettingsStore.ApplyAsync does)
        // and has stored version 2, not yet committed.
        await using var connection = new Npgsql.NpgsqlConnection(factory.Database.ConnectionString);
        await connection.OpenAsync();
        await using var change = await connection.BeginTransactionAsync();
        await using (var command = new Npgsql.NpgsqlCommand(
            "SELECT pg_advisory_xact_lock(hashtextextended(@c::text, 0)); SELECT 1 FROM cohorts WHERE id = @c FOR UPDATE; " +
            "INSERT INTO derivation_settings (cohort_id, version, treatment_emergent_window_days, confirmation_required, confirmation_min_days, " +
            "stable_disease_min_days, pfs_rule_set, clinical_progression_counts, assessment_interval_days, data_cutoff_date, created_at) " +
            "VALUES (@c, 2, 30, true, 28, 42, 'Fda2018', false, 56, NULL, now())", connection, change))
        {
            command.Parameters.AddWithValue("c", cohort);
            await command.ExecuteNonQueryAsync();
        }

        var put = _client.PutAsync($"/api/v1/cohorts/{cohort}/patients/P1", ApiFactory.RawJson(ConfirmedResponder().ToJsonString()));
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        Assert.False(put.IsCompleted);
        await change.CommitAsync();

        Assert.Equal(HttpStatusCode.Created, (await put).StatusCode);
        Assert.Equal(1, await factory.CountAsync(
            "SELECT count(*) FROM patient_outcomes WHERE cohort_id = @c AND settings_version = 2 AND pfs_recist_reasoning LIKE '%(PFS rule set fda2018) [derivation settings v2]'",
            ("c", cohort)));
    }
}
