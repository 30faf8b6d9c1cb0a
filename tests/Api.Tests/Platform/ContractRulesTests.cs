using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using HccOutcomes.Api.Tests.Infrastructure;

namespace HccOutcomes.Api.Tests.Platform;

/// <summary>
/// The served OpenAPI document as client generators read it: plain schema names, and <c>required</c>, bounds and
/// <c>readOnly</c> that say what the API actually enforces (the validators are their one source).
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ContractRulesTests(ApiFactory factory)
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task Schema_names_are_plain_identifiers_without_namespaces_generics_or_dto_suffixes()
    {
        var contract = await OpenApiContract.LoadAsync(_client);
        var names = contract.Document["components"]!["schemas"]!.AsObject().Select(s => s.Key).ToList();
        Assert.Contains("PatientDocument", names);
        Assert.Contains("AdverseEvent", names);
        Assert.Contains("PagedResultOfCohortResponse", names);
        Assert.Contains("ProblemDetails", names);
        Assert.All(names, name =>
        {
            Assert.Matches("^[A-Z][A-Za-z0-9]*$", name);
            Assert.False(name.EndsWith("Dto", StringComparison.Ordinal), name);
        });
    }

    [Fact]
    public async Task Required_members_bounds_and_server_set_members_are_in_the_schemas()
    {
        var schemas = (await OpenApiContract.LoadAsync(_client)).Document["components"]!["schemas"]!;

        var patient = schemas["PatientDocument"]!;
        Assert.Equal(["ageYears", "arm", "baseline", "onStudyDate", "sex"], Required(patient));
        Assert.Equal(18, patient["properties"]!["ageYears"]!["minimum"]!.GetValue<int>());
        Assert.Equal(120, patient["properties"]!["ageYears"]!["maximum"]!.GetValue<int>());
        Assert.Equal(100, patient["properties"]!["arm"]!["maxLength"]!.GetValue<int>());
        Assert.Equal(1, patient["properties"]!["arm"]!["minLength"]!.GetValue<int>());
        foreach (var serverSet in new[] { "albiScore", "albiGrade", "createdAt", "updatedAt", "warnings" })
        {
            Assert.True(patient["properties"]![serverSet]!["readOnly"]?.GetValue<bool>(), serverSet);
        }

        // GreaterThan(0) is an exclusive bound; the list rule of landmarks constrains the elements, not the list.
        var course = schemas["RadiotherapyCourse"]!["properties"]!;
        Assert.Equal(0, course["totalDoseGy"]!["minimum"]!.GetValue<int>());
        Assert.True(course["totalDoseGy"]!["exclusiveMinimum"]!.GetValue<bool>());
        Assert.True(course["id"]!["readOnly"]!.GetValue<bool>());
        var landmarks = schemas["CompareRequest"]!["properties"]!["landmarksMonths"]!;
        Assert.Null(landmarks["maximum"]);
        Assert.Equal(600, landmarks["items"]!["maximum"]!.GetValue<int>());

        Assert.Contains("name", Required(schemas["CohortRequest"]!));
        Assert.Contains("reason", Required(schemas["CohortLockRequest"]!));
    }

    [Fact]
    public async Task Every_documented_bound_of_the_baseline_is_the_validators_bound()
    {
        // One source: a value at each documented bound is accepted, a value just beyond it is refused under its path.
        var baseline = (await OpenApiContract.LoadAsync(_client)).Document["components"]!["schemas"]!["Baseline"]!["properties"]!.AsObject();
        var bounded = baseline.Where(p => p.Value!["maximum"] is not null).ToList();
        Assert.True(bounded.Count >= 10, $"only {bounded.Count} bounded baseline members documented");
        var cohort = await _client.CreateCohortAsync("contract rules");

        foreach (var (name, schema) in bounded)
        {
            var max = schema!["maximum"]!.GetValue<double>();
            var beyond = schema["type"]!.GetValue<string>() == "integer" ? max + 1 : max + 0.5;
            var document = SamplePatients.RtPd1("BOUND-1");
            document["baseline"]![name] = beyond;
            if (name == "childPughScore")
            {
                document["baseline"]!["childPughClass"] = null;
            }

            var refused = await _client.PutAsync($"/api/v1/cohorts/{cohort}/patients/BOUND-1", ApiFactory.RawJson(document.ToJsonString()));
            await refused.AssertFieldErrorAsync("baseline." + name);

            document["baseline"]![name] = JsonValue.Create(max);
            if (name == "childPughScore")
            {
                document["baseline"]!["childPughClass"] = "C";
            }

            var accepted = await _client.PutAsync($"/api/v1/cohorts/{cohort}/patients/BOUND-1", ApiFactory.RawJson(document.ToJsonString()));
            Assert.True(accepted.IsSuccessStatusCode,
                $"baseline.{name} = {max.ToString(CultureInfo.InvariantCulture)} (the documented maximum) was refused: {await accepted.Content.ReadAsStringAsync()}");
        }
    }

    [Fact]
    public async Task A_follow_up_with_a_death_date_cannot_also_be_lost_to_follow_up()
    {
        var cohort = await _client.CreateCohortAsync("contract rules");
        var document = SamplePatients.RtPd1("LOST-1");
        Assert.Equal(HttpStatusCode.Created, (await _client.PutAsync($"/api/v1/cohorts/{cohort}/patients/LOST-1", ApiFactory.RawJson(document.ToJsonString()))).StatusCode);
        var followUp = new JsonObject
        {
            ["lastKnownAliveDate"] = "2021-08-01",
            ["deathDate"] = "2021-09-30",
            ["lostToFollowUp"] = true,
        };

        var response = await _client.PutAsync($"/api/v1/cohorts/{cohort}/patients/LOST-1/follow-up", ApiFactory.RawJson(followUp.ToJsonString()));
        var messages = await response.AssertFieldErrorAsync("lostToFollowUp");
        Assert.Contains(messages, m => m.Contains("2021-09-30", StringComparison.Ordinal));
        // The stored follow-up is the one sent first.
        var stored = JsonNode.Parse(await _client.GetStringAsync($"/api/v1/cohorts/{cohort}/patients/LOST-1/follow-up"))!;
        Assert.False(stored["lostToFollowUp"]!.GetValue<bool>());
        Assert.Equal("2021-09-01", stored["lastKnownAliveDate"]!.GetValue<string>());
    }

    [Fact]
    public async Task Every_operation_has_a_short_plain_summary()
    {
        var contract = await OpenApiContract.LoadAsync(_client);
        Assert.All(contract.Operations, operation =>
        {
            var summary = operation.Node["summary"]?.GetValue<string>() ?? string.Empty;
            Assert.True(summary.Length is > 0 and <= 110 && !summary.Contains('`', StringComparison.Ordinal) && !summary.Contains('\n', StringComparison.Ordinal),
                $"{operation.Key}: summary '{summary}' should be one plain line of at most 110 characters (the detail goes in <remarks> or later sentences)");
        });
    }

    [Fact]
    public async Task A_body_without_a_content_type_is_415_problem_json_and_documented()
    {
        var contract = await OpenApiContract.LoadAsync(_client);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/cohorts") { Content = new ByteArrayContent("{\"name\":\"x\"}"u8.ToArray()) };
        var response = await _client.SendAsync(request);
        await response.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Empty(contract.Check("POST", "/api/v1/cohorts", 415, "application/problem+json", await response.Content.ReadAsStringAsync()));
        Assert.All(contract.Operations.Where(o => o.Node["requestBody"] is not null), o => Assert.Contains("415", o.Statuses));
        Assert.All(contract.Operations, o => Assert.Contains("503", o.Statuses));
    }

    private static List<string> Required(JsonNode schema) =>
        [.. (schema["required"]?.AsArray() ?? []).Select(n => n!.GetValue<string>()).Order(StringComparer.Ordinal)];
}
