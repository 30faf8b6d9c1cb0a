using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using HccOutcomes.Api.Interop.Redcap;
using HccOutcomes.Api.Tests.Infrastructure;
using HccOutcomes.Demo;
using Microsoft.Extensions.DependencyInjection;

namespace HccOutcomes.Api.Tests.Interop;

/// <summary>
/// REDCap in and out on the real app and database: the demo cohort exported as a REDCap import CSV and imported into
/// new cohorts (raw CSV, labels CSV, API JSON, longitudinal, a site's own field names through a mapping) gives the same
/// patient documents and derived outcomes; every kind of bad export answers 400 with REDCap coordinates and writes nothing.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class RedcapImportTests(ApiFactory factory) : IAsyncLifetime
{
    private static string? _demoExport;
    private readonly HttpClient _client = factory.CreateClient();

    public async Task InitializeAsync()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DemoCohortLoader>().EnsureLoadedAsync();
        if (_demoExport is null)
        {
            var response = await _client.GetAsync($"/api/v1/cohorts/{DemoCohort.CohortId}/exports/redcap");
            Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync() + string.Join("\n", factory.Log.Since(0).Select(e => e.Exception?.ToString())));
            _demoExport = await response.Content.ReadAsStringAsync();
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static string Url(Guid cohort, string query = "") => $"/api/v1/cohorts/{cohort}/imports/redcap{query}";

    private static StringContent Csv(string csv) => new(csv, Encoding.UTF8, "text/csv");

    [Fact]
    public async Task The_demo_cohort_round_trips_with_identical_documents_and_outcomes_and_a_reimport_is_a_no_op()
    {
        var csv = _demoExport!;
        Assert.StartsWith("record_id,redcap_repeat_instrument,redcap_repeat_instance,arm,", csv, StringComparison.Ordinal);
        var cohort = await _client.CreateCohortAsync("REDCap round trip");

        var response = await _client.PostAsync(Url(cohort), Csv(csv));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToString());
        Assert.Equal(78, body.GetProperty("created").GetInt32());

        await AssertSameDocumentsAsync(DemoCohort.CohortId, cohort, 78);
        Assert.Equal(
            Strip(await _client.GetFromJsonAsync<JsonNode>($"/api/v1/cohorts/{DemoCohort.CohortId}/outcomes")),
            Strip(await _client.GetFromJsonAsync<JsonNode>($"/api/v1/cohorts/{cohort}/outcomes")));

        var before = await factory.SnapshotAsync(cohort);
        var again = await (await _client.PostAsync(Url(cohort), Csv(csv))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(78, again.GetProperty("unchanged").GetInt32());
        Assert.Equal(0, again.GetProperty("created").GetInt32() + again.GetProperty("replaced").GetInt32());
        Assert.Equal(before, await factory.SnapshotAsync(cohort));
    }

    [Fact]
    public async Task A_dry_run_validates_and_writes_nothing()
    {
        var cohort = await _client.CreateCohortAsync("REDCap dry run");
        var response = await _client.PostAsync(Url(cohort, "?dryRun=true"), Csv(_demoExport!));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(body.GetProperty("dryRun").GetBoolean());
        Assert.Equal(78, body.GetProperty("received").GetInt32());
        Assert.Equal(0, await factory.CountAsync("SELECT count(*) FROM patients WHERE cohort_id = @c", ("c", cohort)));
    }

    [Theory]
    [InlineData("redcap-export.csv", "text/csv")]
    [InlineData("redcap-export.json", "application/json")]
    public async Task The_swagger_examples_import(string example, string mediaType)
    {
        var cohort = await _client.CreateCohortAsync("REDCap example");
        var response = await _client.PostAsync(Url(cohort), new StringContent(Hosting.ExampleSchemaFilter.Text(example), Encoding.UTF8, mediaType));
        await AssertOkAsync(response);
        var patient = await _client.GetFromJsonAsync<JsonElement>($"/api/v1/cohorts/{cohort}/patients/P001");
        Assert.Equal("Fatigue", patient.GetProperty("adverseEvents")[0].GetProperty("term").GetString());
        Assert.Equal(["antiPd1"], patient.GetProperty("adverseEvents")[0].GetProperty("suspectedTreatments").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("T1", patient.GetProperty("tumorAssessments")[0].GetProperty("lesions")[0].GetProperty("lesionId").GetString());
    }

    [Fact]
    public async Task A_labels_export_imports_with_values_labels()
    {
        var cohort = await _client.CreateCohortAsync("REDCap labels");
        var response = await _client.PostAsync(Url(cohort, "?values=labels"), Csv(ToLabels(_demoExport!)));
        await AssertOkAsync(response);
        await AssertSameDocumentsAsync(DemoCohort.CohortId, cohort, 78);
    }

    [Fact]
    public async Task An_api_json_export_imports()
    {
        var (header, rows) = Parse(_demoExport!);
        var records = new JsonArray([.. rows.Select(r => (JsonNode)new JsonObject(header.Select((h, i) => KeyValuePair.Create(h, (JsonNode?)JsonValue.Create(r[i])))))]);
        var cohort = await _client.CreateCohortAsync("REDCap JSON");
        var response = await _client.PostAsync(Url(cohort), new StringContent(records.ToJsonString(), Encoding.UTF8, "application/json"));
        await AssertOkAsync(response);
        await AssertSameDocumentsAsync(DemoCohort.CohortId, cohort, 78);
    }

    [Fact]
    public async Task A_longitudinal_export_merges_the_events_of_each_record()
    {
        // Patient and baseline in the enrolment event; follow-up and adverse events in a follow-up event whose
        // instances number from 1 again.
        var (header, rows) = Parse(_demoExport!);
        var followUpColumns = header.Select((h, i) => (h, i)).Where(c => c.h.StartsWith("fu_", StringComparison.Ordinal)).Select(c => c.i).ToList();
        var longitudinal = new List<string[]>();
        foreach (var row in rows)
        {
            if (row[1].Length == 0)
            {
                var enrolment = (string[])row.Clone();
                var followUp = new string[row.Length];
                Array.Fill(followUp, string.Empty);
                followUp[0] = row[0];
                foreach (var c in followUpColumns)
                {
                    followUp[c] = row[c];
                    enrolment[c] = string.Empty;
                }

                longitudinal.Add(["enrolment_arm_1", .. enrolment]);
                longitudinal.Add(["follow_up_arm_1", .. followUp]);
            }
            else
            {
                longitudinal.Add([row[1] == "adverse_events" ? "follow_up_arm_1" : "enrolment_arm_1", .. row]);
            }
        }

        var cohort = await _client.CreateCohortAsync("REDCap longitudinal");
        var response = await _client.PostAsync(Url(cohort), Csv(Write(["redcap_event_name", .. header], longitudinal)));
        await AssertOkAsync(response);
        await AssertSameDocumentsAsync(DemoCohort.CohortId, cohort, 78);
    }

    [Fact]
    public async Task A_sites_own_project_imports_through_a_mapping_document_posted_or_stored()
    {
        // The site calls record_id patient_no, sex gender (M/F), ae_grade toxicity_grade and its AE instrument toxicity_log.
        var (header, rows) = Parse(_demoExport!);
        var renamed = header.Select(h => h switch { "record_id" => "patient_no", "sex" => "gender", "ae_grade" => "toxicity_grade", _ => h }).ToArray();
        var sex = Array.IndexOf(header, "sex");
        var site = rows.Select(r =>
        {
            var copy = (string[])r.Clone();
            copy[sex] = copy[sex] switch { "1" => "M", "2" => "F", var v => v };
            copy[1] = copy[1] == "adverse_events" ? "toxicity_log" : copy[1];
            return copy;
        }).ToList();
        var export = Write(renamed, site);
        var mapping = new
        {
            fields = new Dictionary<string, string> { ["patient_no"] = "record_id", ["gender"] = "sex", ["toxicity_grade"] = "ae_grade" },
            choices = new Dictionary<string, Dictionary<string, string>> { ["sex"] = new() { ["M"] = "1", ["F"] = "2" } },
            instruments = new Dictionary<string, string> { ["toxicity_log"] = "adverse_events" },
        };

        // Without the mapping, the site's names are unknown.
        var cohort = await _client.CreateCohortAsync("REDCap mapping");
        var unmapped = await (await _client.PostAsync(Url(cohort), Csv(export))).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(unmapped.GetProperty("errors").TryGetProperty("field gender", out _), unmapped.ToString());

        using var multipart = new MultipartFormDataContent
        {
            { new StringContent(JsonSerializer.Serialize(mapping), Encoding.UTF8, "application/json"), "mapping" },
            { Csv(export), "file", "export.csv" },
        };
        var response = await _client.PostAsync(Url(cohort), multipart);
        await AssertOkAsync(response);
        await AssertSameDocumentsAsync(DemoCohort.CohortId, cohort, 78);

        // Stored for a second cohort, it applies to a plain CSV body.
        var second = await _client.CreateCohortAsync("REDCap stored mapping");
        var put = await _client.PutAsync($"/api/v1/cohorts/{second}/imports/redcap/mapping", ApiFactory.JsonBody(mapping));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var stored = await _client.GetFromJsonAsync<JsonElement>($"/api/v1/cohorts/{second}/imports/redcap/mapping");
        Assert.Equal("sex", stored.GetProperty("fields").GetProperty("gender").GetString());
        Assert.Equal(1, await factory.CountAsync("SELECT count(*) FROM audit_entries WHERE cohort_id = @c AND action = 'redcap.mapping.put'", ("c", second)));
        var plain = await _client.PostAsync(Url(second), Csv(export));
        await AssertOkAsync(plain);

        // A mapping that leaves a required field without a column names it.
        var withoutAge = Write(
            [.. renamed.Where(h => h != "age_years")],
            [.. site.Select(r => r.Where((_, i) => header[i] != "age_years").ToArray())]);
        var missing = await _client.PostAsync(Url(second), Csv(withoutAge));
        var messages = await missing.AssertFieldErrorAsync("field age_years");
        Assert.Contains("mapping document", messages[0], StringComparison.Ordinal);

        // A mapping naming a field the registry does not have is refused.
        var bad = await _client.PutAsync($"/api/v1/cohorts/{second}/imports/redcap/mapping", ApiFactory.JsonBody(new { fields = new { x = "no_such_field" } }));
        await bad.AssertFieldErrorAsync("mapping.fields.x");
    }

    public static TheoryData<string, string, string> ErrorCases => new()
    {
        { "unknown field", "unknown-field", "field favourite_colour" },
        { "bad choice code", "bad-choice", "record {id} / patient / sex" },
        { "repeating row without a record row", "orphan-instance", "record GHOST-1" },
        { "duplicate instance number", "duplicate-instance", "record {id} / adverse_events #1" },
        { "date not Y-M-D", "bad-date", "record {id} / patient / on_study_date" },
        { "record missing a required field", "missing-required", "record {id} / patient / age_years" },
        { "required field without a column", "missing-column", "field sex" },
        { "mixed raw and label values", "mixed", "record {id} / patient / sex" },
        { "clinical rule of the validator", "ae-grade", "record {id} / adverse_events #1 / ae_grade" },
        { "nested instance with no parent", "lesion-orphan", "record {id} / lesions #1 / les_assessment_date" },
    };

    [Theory]
    [MemberData(nameof(ErrorCases))]
    public async Task A_bad_export_answers_400_with_REDCap_coordinates_and_writes_nothing(string name, string kind, string expectedKey)
    {
        var (header, rows) = Parse(_demoExport!);
        // One demo patient with adverse events and lesions, already imported once.
        var id = rows.First(r => r[1] == "adverse_events")[0];
        var mine = rows.Where(r => r[0] == id).Select(r => (string[])r.Clone()).ToList();
        var cohort = await _client.CreateCohortAsync("REDCap errors");
        Assert.Equal(HttpStatusCode.OK, (await _client.PostAsync(Url(cohort), Csv(Write(header, mine)))).StatusCode);
        var before = await factory.SnapshotAsync(cohort);

        int Col(string field) => Array.IndexOf(header, field);
        var record = mine[0];
        var firstAe = mine.First(r => r[1] == "adverse_events");
        switch (kind)
        {
            case "unknown-field":
                header = [.. header, "favourite_colour"];
                mine = mine.ConvertAll(r => (string[])[.. r, "blue"]);
                break;
            case "bad-choice":
                record[Col("sex")] = "7";
                break;
            case "orphan-instance":
                var orphan = (string[])firstAe.Clone();
                orphan[0] = "GHOST-1";
                mine.Add(orphan);
                break;
            case "duplicate-instance":
                mine.Add((string[])firstAe.Clone());
                break;
            case "bad-date":
                record[Col("on_study_date")] = "03/15/2021";
                break;
            case "missing-required":
                record[Col("age_years")] = string.Empty;
                break;
            case "missing-column":
                var sex = Col("sex");
                header = [.. header.Where((_, i) => i != sex)];
                mine = mine.ConvertAll(r => r.Where((_, i) => i != sex).ToArray());
                break;
            case "mixed":
                record[Col("sex")] = "male";
                break;
            case "ae-grade":
                firstAe[Col("ae_grade")] = "7";
                break;
            case "lesion-orphan":
                mine.First(r => r[1] == "lesions")[Col("les_assessment_date")] = "1999-01-01";
                break;
        }

        var response = await _client.PostAsync(Url(cohort), Csv(Write(header, mine)));
        var messages = await response.AssertFieldErrorAsync(expectedKey.Replace("{id}", id, StringComparison.Ordinal));
        Assert.All(messages, m => Assert.StartsWith("row ", m, StringComparison.Ordinal));
        Assert.True(before == await factory.SnapshotAsync(cohort), $"{name}: the database changed");
        if (kind == "ae-grade")
        {
            Assert.Contains("'ae_grade'", messages[0], StringComparison.Ordinal);
        }

        if (kind == "mixed")
        {
            Assert.Contains("mixes raw codes and labels", messages[0], StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_body_that_is_not_csv_json_or_multipart_is_415_and_one_beyond_the_limit_is_413()
    {
        var cohort = await _client.CreateCohortAsync("REDCap media");
        var response = await _client.PostAsync(Url(cohort), new StringContent("x", Encoding.UTF8, "text/plain"));
        await response.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType);

        var huge = new ByteArrayContent([]);
        huge.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        huge.Headers.ContentLength = RedcapController.MaxExportBytes + 1;
        var tooLarge = await _client.PostAsync(Url(cohort), huge);
        await tooLarge.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task A_submitter_exports_its_own_site_only()
    {
        // The demo cohort split over two sites.
        var (header, rows) = Parse(_demoExport!);
        var siteColumn = Array.IndexOf(header, "site");
        var records = rows.Where(r => r[1].Length == 0).ToList();
        for (var i = 0; i < records.Count; i++)
        {
            records[i][siteColumn] = i % 2 == 0 ? "SITE-A" : "SITE-B";
        }

        var cohort = await _client.CreateCohortAsync("REDCap sites");
        Assert.Equal(HttpStatusCode.OK, (await _client.PostAsync(Url(cohort), Csv(Write(header, rows)))).StatusCode);

        var token = await factory.TokenAsync("submitter", "SITE-A", cohort);
        var csv = await factory.ClientWith(token).GetStringAsync($"/api/v1/cohorts/{cohort}/exports/redcap");
        var (_, mine) = Parse(csv);
        var mineRecords = mine.Where(r => r[1].Length == 0).ToList();
        Assert.Equal(39, mineRecords.Count);
        Assert.All(mineRecords, r => Assert.Equal("SITE-A", r[siteColumn]));
        Assert.Equal(rows.Where(r => records.Where((_, i) => i % 2 == 0).Select(x => x[0]).Contains(r[0])).Count(), mine.Count);
    }

    private async Task AssertOkAsync(HttpResponseMessage response)
    {
        if (response.StatusCode != HttpStatusCode.OK)
        {
            var logged = string.Join("\n", factory.Log.Since(0).Where(e => e.Exception is not null).Select(e => e.Exception!.ToString()).TakeLast(1));
            Assert.Fail($"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}\n{logged}");
        }
    }

    private async Task AssertSameDocumentsAsync(Guid expectedCohort, Guid actualCohort, int count)
    {
        var (_, rows) = Parse(_demoExport!);
        var ids = rows.Where(r => r[1].Length == 0).Select(r => r[0]).ToList();
        Assert.Equal(count, ids.Count);
        foreach (var id in ids)
        {
            var expected = Strip(await _client.GetFromJsonAsync<JsonNode>($"/api/v1/cohorts/{expectedCohort}/patients/{id}"));
            var actual = Strip(await _client.GetFromJsonAsync<JsonNode>($"/api/v1/cohorts/{actualCohort}/patients/{id}"));
            Assert.True(expected == actual, $"patient {id} differs:\n{expected}\n{actual}");
        }
    }

    private static string Strip(JsonNode? node) => ServerAssigned.Strip(node)!.ToJsonString();

    private static (string[] Header, List<string[]> Rows) Parse(string csv)
    {
        var reader = new CsvReader(new StringReader(csv));
        var fields = new List<string>();
        reader.ReadAsync(fields, default).AsTask().GetAwaiter().GetResult();
        var header = fields.ToArray();
        var rows = new List<string[]>();
        while (reader.ReadAsync(fields, default).AsTask().GetAwaiter().GetResult())
        {
            rows.Add([.. fields]);
        }

        return (header, rows);
    }

    private static string Write(string[] header, IEnumerable<string[]> rows)
    {
        var csv = new StringBuilder();
        foreach (var row in rows.Prepend(header))
        {
            csv.AppendJoin(',', row.Select(v => v.AsSpan().IndexOfAny(",\"\n") >= 0 ? $"\"{v.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : v)).Append('\n');
        }

        return csv.ToString();
    }

    // The same export as REDCap's labels export with variable names as the header.
    private static string ToLabels(string csv)
    {
        var (header, rows) = Parse(csv);
        var project = RedcapProject.Registry;
        foreach (var row in rows)
        {
            for (var i = 0; i < header.Length; i++)
            {
                if (row[i].Length == 0)
                {
                    continue;
                }

                if (project.ByName.TryGetValue(header[i], out var field) && field.Choices.Count > 0)
                {
                    row[i] = field.Choices.Single(c => c.Code == row[i]).Label;
                }
                else if (header[i].Contains("___", StringComparison.Ordinal))
                {
                    row[i] = row[i] == "1" ? "Checked" : "Unchecked";
                }
            }
        }

        return Write(header, rows);
    }
}
