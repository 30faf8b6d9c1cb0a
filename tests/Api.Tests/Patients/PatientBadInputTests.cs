using System.Net;
using System.Text.Json.Nodes;
using HccOutcomes.Api.Tests.Infrastructure;

namespace HccOutcomes.Api.Tests.Patients;

/// <summary>
/// Each class of bad input is answered with a 400 ProblemDetails naming the field path, and the database
/// is exactly as it was (row counts and row versions of the cohort unchanged).
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class PatientBadInputTests(ApiFactory factory)
{
    private readonly HttpClient _client = factory.CreateClient();

    public static TheoryData<string, string, string> Cases => new()
    {
        // name, JSON edits (path=value;…), expected field path
        { "grade6", "adverseEvents[0].grade=6", "adverseEvents[0].grade" },
        { "negativeDose", "antiPd1Cycles[0].doseMg=-200", "antiPd1Cycles[0].doseMg" },
        { "ecog7", "baseline.ecog=7", "baseline.ecog" },
        { "albumin900", "baseline.albuminGPerL=900", "baseline.albuminGPerL" },
        { "unknownTerm", "adverseEvents[0].term=\"Feeling blue\"", "adverseEvents[0].term" },
        { "gradeNotAllowed", "adverseEvents[0].term=\"Alopecia\";adverseEvents[0].grade=3", "adverseEvents[0].grade" },
        { "resolutionBeforeOnset", "adverseEvents[0].resolutionDate=\"2021-01-15\"", "adverseEvents[0].resolutionDate" },
        { "deathBeforeOnStudy", "followUp.deathDate=\"2020-12-31\";followUp.lastKnownAliveDate=\"2020-12-01\"", "followUp.deathDate" },
        { "assessmentAfterDeath", "tumorAssessments[1].date=\"2021-10-15\"", "tumorAssessments[1].date" },
        { "treatmentAfterDeath", "antiPd1Cycles[1].date=\"2021-10-01\"", "antiPd1Cycles[1].date" },
        { "deathInTheFuture", "followUp.deathDate=\"2099-01-01\"", "followUp.deathDate" },
        { "fractionInTheFuture", "radiotherapyCourses[0].fractions[1].date=\"2098-01-13\"", "radiotherapyCourses[0].fractions[1].date" },
        { "onsetBeforeBirth", "adverseEvents[0].onsetDate=\"1900-06-01\"", "adverseEvents[0].onsetDate" },
        { "duplicateLesion", "tumorAssessments[1].lesions[1].lesionId=\"T1\"", "tumorAssessments[1].lesions[1].lesionId" },
        { "duplicateSourceId", "antiPd1Cycles[1].sourceId=\"pd1-1\"", "antiPd1Cycles[1].sourceId" },
        { "lesionDiameter", "tumorAssessments[1].lesions[0].longestDiameterMm=600", "tumorAssessments[1].lesions[0].longestDiameterMm" },
        { "fractionDose", "radiotherapyCourses[0].fractions[1].doseGy=0", "radiotherapyCourses[0].fractions[1].doseGy" },
        { "fractionBeforeCourse", "radiotherapyCourses[0].fractions[0].date=\"2021-01-10\"", "radiotherapyCourses[0].fractions[0]" },
        { "subsequentTherapyType", "followUp.subsequentTherapies=[{\"startDate\":\"2021-06-01\",\"type\":\"\"}]", "followUp.subsequentTherapies[0].type" },
        { "rtDoseMismatch", "radiotherapyCourses[0].totalDoseGy=45", "radiotherapyCourses[0].totalDoseGy" },
        { "unknownEnum", "radiotherapyCourses[0].technique=\"Gamma knife\"", "radiotherapyCourses[0].technique" },
        { "missingArm", "arm=\"\"", "arm" },
        { "wrongType", "ageYears=\"fifty\"", "ageYears" },
        { "unknownField", "baseline.mrn=\"123\"", "baseline.mrn" },
        { "nulInText", "arm=\"RT\\u0000PD1\"", "arm" },
        { "nulInRecordText", "adverseEvents[0].sourceId=\"ae\\u00001\"", "adverseEvents[0].sourceId" },
        { "nullList", "adverseEvents=null", "adverseEvents" },
        { "nullRecord", "adverseEvents[0]=null", "adverseEvents[0]" },
        { "nullLesion", "tumorAssessments[1].lesions[0]=null", "tumorAssessments[1].lesions[0]" },
        { "nullNestedList", "radiotherapyCourses[0].fractions=null", "radiotherapyCourses[0].fractions" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Bad_whole_document_is_400_with_field_path_and_database_unchanged(string name, string edits, string fieldPath)
    {
        var cohort = await _client.CreateCohortAsync($"bad-{name}");
        // A stored version exists, so "unchanged" covers replace as well as create.
        var ok = await _client.PutAsync($"/api/v1/cohorts/{cohort}/patients/P1", ApiFactory.RawJson(SamplePatients.RtPd1().ToJsonString()));
        Assert.Equal(HttpStatusCode.Created, ok.StatusCode);
        var before = await factory.SnapshotAsync(cohort);

        var document = SamplePatients.RtPd1();
        foreach (var edit in edits.Split(';'))
        {
            var eq = edit.IndexOf('=', StringComparison.Ordinal);
            Set(document, edit[..eq], JsonNode.Parse(edit[(eq + 1)..]));
        }

        var put = await _client.PutAsync($"/api/v1/cohorts/{cohort}/patients/P1", ApiFactory.RawJson(document.ToJsonString()));
        await put.AssertFieldErrorAsync(fieldPath);
        var create = await _client.PutAsync($"/api/v1/cohorts/{cohort}/patients/P2", ApiFactory.RawJson(document.ToJsonString()));
        await create.AssertFieldErrorAsync(fieldPath);
        Assert.Equal(before, await factory.SnapshotAsync(cohort));
    }

    [Fact]
    public async Task Date_messages_name_both_dates()
    {
        var cohort = await _client.CreateCohortAsync();
        var document = SamplePatients.RtPd1();
        document["antiPd1Cycles"]![1]!["date"] = "2021-10-01";
        var response = await _client.PutAsync($"/api/v1/cohorts/{cohort}/patients/P1", ApiFactory.RawJson(document.ToJsonString()));
        var messages = await response.AssertFieldErrorAsync("antiPd1Cycles[1].date");
        Assert.Contains(messages, m => m.Contains("2021-10-01", StringComparison.Ordinal) && m.Contains("2021-09-30", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Unknown_term_message_points_to_the_vocabulary()
    {
        var cohort = await _client.CreateCohortAsync();
        var document = SamplePatients.RtPd1();
        document["adverseEvents"]![0]!["term"] = "Feeling blue";
        var response = await _client.PutAsync($"/api/v1/cohorts/{cohort}/patients/P1", ApiFactory.RawJson(document.ToJsonString()));
        var messages = await response.AssertFieldErrorAsync("adverseEvents[0].term");
        Assert.Contains(messages, m => m.Contains("/api/v1/vocabularies/ctcae-terms", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Invalid_external_id_in_url_is_400()
    {
        var cohort = await _client.CreateCohortAsync();
        var response = await _client.PutAsync($"/api/v1/cohorts/{cohort}/patients/{Uri.EscapeDataString("bad id!")}", ApiFactory.RawJson(SamplePatients.RtPd1().ToJsonString()));
        await response.AssertFieldErrorAsync("externalId");
        Assert.Equal(0, await factory.CountAsync("SELECT count(*) FROM patients WHERE cohort_id = @c", ("c", cohort)));
    }

    [Fact]
    public async Task Too_large_patient_body_is_413()
    {
        var cohort = await _client.CreateCohortAsync();
        var document = SamplePatients.RtPd1();
        document["followUp"]!["deathCause"] = new string('x', 5 * 1024 * 1024);
        var response = await _client.PutAsync($"/api/v1/cohorts/{cohort}/patients/P1", ApiFactory.RawJson(document.ToJsonString()));
        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(0, await factory.CountAsync("SELECT count(*) FROM patients WHERE cohort_id = @c", ("c", cohort)));
    }

    [Fact]
    public async Task Vocabulary_lists_reference_study_terms_with_codes_and_grades()
    {
        var terms = System.Text.Json.JsonDocument.Parse(await _client.GetStringAsync("/api/v1/vocabularies/ctcae-terms")).RootElement;
        Assert.True(terms.GetArrayLength() >= 30);
        var ppe = terms.EnumerateArray().Single(t => t.GetProperty("term").GetString() == "Palmar-plantar erythrodysesthesia syndrome");
        Assert.Equal(3, ppe.GetProperty("maxGrade").GetInt32());
        Assert.Equal("5.0", ppe.GetProperty("ctcaeVersion").GetString());
    }

    /// <summary>Sets a value at a simple JSON path such as <c>adverseEvents[0].grade</c>.</summary>
    private static void Set(JsonObject root, string path, JsonNode? value)
    {
        JsonNode node = root;
        var segments = path.Split('.');
        for (var i = 0; i < segments.Length; i++)
        {
            var segment = segments[i];
            var bracket = segment.IndexOf('[', StringComparison.Ordinal);
            var name = bracket < 0 ? segment : segment[..bracket];
            var last = i == segments.Length - 1;
            if (bracket < 0)
            {
                if (last)
                {
                    node[name] = value;
                    return;
                }

                node = node[name]!;
                continue;
            }

            var index = int.Parse(segment[(bracket + 1)..^1], System.Globalization.CultureInfo.InvariantCulture);
            if (last)
            {
                node[name]![index] = value;
                return;
            }

            node = node[name]![index]!;
        }
    }
}
