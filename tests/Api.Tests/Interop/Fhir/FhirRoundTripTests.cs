using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using HccOutcomes.Api.Interop.Fhir;
using HccOutcomes.Api.Tests.Infrastructure;
using HccOutcomes.Demo;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace HccOutcomes.Api.Tests.Interop.Fhir;

/// <summary>
/// The demo cohort exported as FHIR and imported into a new cohort gives the same patient documents and the same derived
/// outcomes; the exported resources pass Firely's validator against the R4 core specification.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class FhirRoundTripTests(ApiFactory factory, ITestOutputHelper output) : IAsyncLifetime
{
    public async System.Threading.Tasks.Task InitializeAsync()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DemoCohortLoader>().EnsureLoadedAsync();
    }

    public System.Threading.Tasks.Task DisposeAsync() => System.Threading.Tasks.Task.CompletedTask;

    [Fact]
    public async System.Threading.Tasks.Task Every_demo_patient_round_trips_through_ndjson_with_identical_documents_and_outcomes()
    {
        var client = factory.CreateClient();
        var export = await client.GetAsync($"/api/v1/cohorts/{DemoCohort.CohortId}/fhir");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal(FhirJson.NdjsonMediaType, export.Content.Headers.ContentType?.MediaType);
        var ndjson = await export.Content.ReadAsStringAsync();
        var lines = ndjson.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("{\"resourceType\":\"ResearchStudy\"", lines[0]);
        // Grouped by type: once a type's lines end, the type does not come back.
        var types = lines.Select(l => JsonNode.Parse(l)!["resourceType"]!.GetValue<string>()).ToList();
        var runs = types.Where((t, i) => i == 0 || types[i - 1] != t).ToList();
        Assert.Equal(runs.Count, runs.Distinct().Count());

        var target = await client.CreateCohortAsync("FHIR round trip");
        var imported = await Import(client, target, ndjson, FhirJson.NdjsonMediaType);
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        var result = await imported.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(78, result.GetProperty("patients").GetInt32());
        Assert.Equal(78, result.GetProperty("created").GetInt32());
        Assert.Equal(0, result.GetProperty("unusedCount").GetInt32());

        var source = await ExternalIds(client, DemoCohort.CohortId);
        Assert.Equal(source, await ExternalIds(client, target));
        foreach (var externalId in source)
        {
            var expected = ServerAssigned.Strip(await client.GetFromJsonAsync<JsonNode>($"/api/v1/cohorts/{DemoCohort.CohortId}/patients/{externalId}"));
            var actual = ServerAssigned.Strip(await client.GetFromJsonAsync<JsonNode>($"/api/v1/cohorts/{target}/patients/{externalId}"));
            Assert.True(JsonNode.DeepEquals(expected, actual), $"{externalId} differs:\nexpected {expected}\nactual   {actual}");
        }

        var outcomesBefore = await client.GetStringAsync($"/api/v1/cohorts/{DemoCohort.CohortId}/outcomes");
        var outcomesAfter = await client.GetStringAsync($"/api/v1/cohorts/{target}/outcomes");
        Assert.Equal(outcomesBefore, outcomesAfter);

        // Re-importing the same export changes nothing.
        var again = await (await Import(client, target, ndjson, FhirJson.NdjsonMediaType)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(78, again.GetProperty("unchanged").GetInt32());
    }

    [Fact]
    public async System.Threading.Tasks.Task A_patient_exported_as_a_bundle_imports_back_and_its_resources_pass_r4_core_validation()
    {
        var client = factory.CreateClient();
        var externalId = (await ExternalIds(client, DemoCohort.CohortId)).First();
        var response = await client.GetAsync($"/api/v1/cohorts/{DemoCohort.CohortId}/patients/{externalId}/fhir");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(FhirJson.MediaType, response.Content.Headers.ContentType?.MediaType);
        var json = await response.Content.ReadAsStringAsync();
        var bundle = new FhirJsonDeserializer(new DeserializerSettings().UsingMode(DeserializationMode.Strict)).Deserialize<Bundle>(json);
        Assert.Equal(Bundle.BundleType.Collection, bundle.Type);
        Assert.Contains(bundle.Entry, e => e.Resource is Patient);

        var validator = factory.Services.GetRequiredService<FhirCoreValidator>();
        var clock = Stopwatch.StartNew();
        var bundleIssues = validator.Validate(bundle);
        output.WriteLine($"First validation (warms the validator up): {clock.ElapsedMilliseconds} ms");
        Assert.True(bundleIssues.Count == 0, string.Join("\n", bundleIssues));
        clock.Restart();
        foreach (var entry in bundle.Entry)
        {
            var issues = validator.Validate(entry.Resource!);
            Assert.True(issues.Count == 0, $"{entry.Resource!.TypeName}/{entry.Resource.Id}: {string.Join("\n", issues)}");
        }

        output.WriteLine($"{bundle.Entry.Count} resources validated one by one in {clock.ElapsedMilliseconds} ms");

        var target = await client.CreateCohortAsync("FHIR bundle round trip");
        var imported = await Import(client, target, json, FhirJson.MediaType, "?validate=full");
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        var expected = ServerAssigned.Strip(await client.GetFromJsonAsync<JsonNode>($"/api/v1/cohorts/{DemoCohort.CohortId}/patients/{externalId}"));
        var actual = ServerAssigned.Strip(await client.GetFromJsonAsync<JsonNode>($"/api/v1/cohorts/{target}/patients/{externalId}"));
        Assert.True(JsonNode.DeepEquals(expected, actual), $"expected {expected}\nactual   {actual}");
    }

    [Fact]
    public async System.Threading.Tasks.Task The_resources_of_the_demo_export_pass_r4_core_validation()
    {
        var client = factory.CreateClient();
        var ndjson = await client.GetStringAsync($"/api/v1/cohorts/{DemoCohort.CohortId}/fhir");
        var deserializer = new FhirJsonDeserializer(new DeserializerSettings().UsingMode(DeserializationMode.Strict));
        var validator = factory.Services.GetRequiredService<FhirCoreValidator>();
        // Every eighth line: each resource type, many patients, in seconds (a resource takes milliseconds).
        var resources = ndjson.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where((_, i) => i % 8 == 0).Select(l => deserializer.DeserializeResource(l)).ToList();
        Assert.Equal(FhirExport.TypeOrder.Length + 1, resources.Select(r => r.TypeName).Distinct().Count());
        validator.Validate(resources[0]);
        var clock = Stopwatch.StartNew();
        var failures = resources.SelectMany(r => validator.Validate(r).Select(i => $"{r.TypeName}/{r.Id} {i.Path}: {i.Message}")).ToList();
        output.WriteLine($"{resources.Count} resources validated in {clock.ElapsedMilliseconds} ms ({clock.Elapsed.TotalMilliseconds / resources.Count:F2} ms each)");
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(20)));
    }

    internal static Task<HttpResponseMessage> Import(HttpClient client, Guid cohort, string body, string mediaType, string query = "")
    {
        var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        return client.PostAsync($"/api/v1/cohorts/{cohort}/imports/fhir{query}", content);
    }

    private static async Task<List<string>> ExternalIds(HttpClient client, Guid cohort)
    {
        var page = await client.GetFromJsonAsync<JsonElement>($"/api/v1/cohorts/{cohort}/patients?pageSize=1000");
        return page.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("externalId").GetString()!).Order(StringComparer.Ordinal).ToList();
    }
}
