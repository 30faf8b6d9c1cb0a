using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using HccOutcomes.Api.Tests.Infrastructure;
using HccOutcomes.Demo;
using Microsoft.Extensions.DependencyInjection;

namespace HccOutcomes.Api.Tests.Manuscript;

/// <summary>
/// <c>POST /analyses/compare</c> with <c>Accept: text/csv</c> on the demo cohort, plain and adjusted: the CSV is parsed
/// back and every number of the JSON (found by walking the JSON, whatever its shape) is one of its numbers.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class CompareCsvRoundTripTests(ApiFactory factory) : IAsyncLifetime
{
    private readonly HttpClient _client = factory.CreateClient();

    public async Task InitializeAsync()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DemoCohortLoader>().EnsureLoadedAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>The demo comparison of the paper (every section, subgroups), optionally adjusted.</summary>
    internal static JsonObject DemoRequest(JsonObject? adjustment = null)
    {
        var request = new JsonObject
        {
            ["cohortId"] = DemoCohort.CohortId.ToString(),
            ["groups"] = JsonNode.Parse("""[ { "name": "RT+PD1", "filter": { "arm": "RT+PD1" } }, { "name": "TACE+Sorafenib", "filter": { "arm": "TACE+Sorafenib" } } ]"""),
            ["reference"] = "TACE+Sorafenib",
            ["categoricalTest"] = "fisher",
            ["medianConvention"] = "spss",
            ["ties"] = "breslow",
            ["primarySurvivalTest"] = "gehanBreslow",
            ["subgroups"] = new JsonArray("age>=53", "hbv", "bclc", "macrovascularInvasion"),
        };
        if (adjustment is not null)
        {
            request["adjustment"] = adjustment;
        }

        return request;
    }

    private async Task<(JsonElement Json, List<Dictionary<string, string>> Rows, HttpResponseMessage Response)> BothAsync(JsonObject request)
    {
        var json = await (await _client.PostAsJsonAsync("/api/v1/analyses/compare", request)).Content.ReadFromJsonAsync<JsonElement>();
        using var message = new HttpRequestMessage(HttpMethod.Post, "/api/v1/analyses/compare") { Content = JsonContent.Create(request) };
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));
        var response = await _client.SendAsync(message);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return (json, ParseCsv(text), response);
    }

    public static TheoryData<string?> Adjustments => new() { null, "iptw", "matching" };

    [Theory]
    [MemberData(nameof(Adjustments))]
    public async Task Every_number_of_the_JSON_is_in_the_CSV(string? method)
    {
        var adjustment = method is null ? null : new JsonObject { ["method"] = method, ["covariates"] = new JsonArray("age", "bclc") };
        var (json, rows, _) = await BothAsync(DemoRequest(adjustment));

        // Every number of the CSV (value and time columns), as a multiset.
        var pool = new Dictionary<double, int>();
        foreach (var row in rows)
        {
            foreach (var column in new[] { "value", "time" })
            {
                if (row[column] is { Length: > 0 } text && text != "NA")
                {
                    var number = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
                    pool[number] = pool.GetValueOrDefault(number) + 1;
                }
            }
        }

        // Every number of the JSON, wherever it is: each must take one of the CSV's occurrences of that value.
        var missing = new List<string>();
        var numbers = 0;
        foreach (var (path, value) in Numbers(json, "$"))
        {
            numbers++;
            if (pool.GetValueOrDefault(value) > 0)
            {
                pool[value]--;
            }
            else
            {
                missing.Add($"{path} = {value.ToString("R", CultureInfo.InvariantCulture)}");
            }
        }

        Assert.True(missing.Count == 0, $"{missing.Count} of {numbers} JSON numbers are not in the CSV:\n" + string.Join("\n", missing.Take(40)));
        Assert.True(numbers > 1000, $"only {numbers} numbers walked");
    }

    [Fact]
    public async Task The_CSV_names_tests_and_statistics_as_the_JSON_and_has_proper_columns()
    {
        var (json, rows, response) = await BothAsync(DemoRequest());
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"attachment; filename=\"compare-{DemoCohort.CohortId}-{DateTime.UtcNow:yyyy-MM-dd}.csv\"",
            response.Content.Headers.GetValues("Content-Disposition").Single());

        // A p-value is always statistic "p", with its test in the test column; no statistic carries a test's name.
        Assert.DoesNotContain(rows, r => r["statistic"].StartsWith("p (", StringComparison.Ordinal));
        Assert.All(rows.Where(r => r["statistic"] == "p" && r["section"] != "adjustment"), r => Assert.NotEqual("", r["test"]));
        var ttr = json.GetProperty("response")[0].GetProperty("timeToResponseMonths").GetProperty("test");
        var ttrRow = Assert.Single(rows, r => r["section"] == "response" && r["analysis"] == "recist11" && r["variable"] == "timeToResponseMonths" && r["statistic"] == "p");
        Assert.Equal(ttr.GetProperty("test").GetString(), ttrRow["test"]);
        Assert.Equal(ttr.GetProperty("p").GetDouble(), Number(ttrRow["value"]));

        // Survival test names are the JSON's, the primary flagged in its own row.
        var pfs = json.GetProperty("pfs")[0];
        foreach (var t in pfs.GetProperty("tests").EnumerateArray())
        {
            var name = t.GetProperty("test").GetString()!;
            var p = Assert.Single(rows, r => r["section"] == "pfs" && r["variable"] == "survivalTest" && r["test"] == name && r["statistic"] == "p" && r["analysis"] == "PFS (recist11)");
            Assert.Equal(t.GetProperty("p").GetDouble(), Number(p["value"]));
            var primary = Assert.Single(rows, r => r["section"] == "pfs" && r["variable"] == "survivalTest" && r["test"] == name && r["statistic"] == "primary" && r["analysis"] == "PFS (recist11)");
            Assert.Equal(t.GetProperty("primary").GetBoolean() ? 1 : 0, Number(primary["value"]));
        }

        // Median follow-up with its CI and SE, and its test.
        var os = json.GetProperty("os");
        foreach (var g in os.GetProperty("groups").EnumerateArray())
        {
            var fu = g.GetProperty("medianFollowUp");
            foreach (var statistic in new[] { "estimate", "lower", "upper", "stdErr" })
            {
                var row = Assert.Single(rows, r => r["section"] == "os" && r["variable"] == "medianFollowUp" && r["group"] == g.GetProperty("name").GetString() && r["statistic"] == statistic);
                Assert.Equal(fu.GetProperty(statistic).GetDouble(), Number(row["value"]));
            }
        }

        var fuTest = os.GetProperty("medianFollowUpTest");
        var fuP = Assert.Single(rows, r => r["section"] == "os" && r["variable"] == "medianFollowUp" && r["statistic"] == "p");
        Assert.Equal(fuTest.GetProperty("test").GetString(), fuP["test"]);
        Assert.Equal(fuTest.GetProperty("p").GetDouble(), Number(fuP["value"]));

        // The Kaplan–Meier curve: one survival row per curve row, at its time.
        foreach (var g in os.GetProperty("groups").EnumerateArray())
        {
            var curve = g.GetProperty("curve").EnumerateArray().ToList();
            var survival = rows.Where(r => r["section"] == "kmCurve" && r["analysis"] == "OS" && r["group"] == g.GetProperty("name").GetString() && r["statistic"] == "survival").ToList();
            Assert.Equal(curve.Count, survival.Count);
            Assert.Equal(curve.Select(c => c.GetProperty("time").GetDouble()), survival.Select(r => Number(r["time"])));
            Assert.Equal(curve.Select(c => c.GetProperty("survival").GetDouble()), survival.Select(r => Number(r["value"])));
        }

        // Waterfall rows: the patient in its own column, the best overall response as the level.
        var bars = json.GetProperty("response")[0].GetProperty("waterfall").EnumerateArray().ToList();
        var waterfall = rows.Where(r => r["section"] == "waterfall" && r["analysis"] == "recist11").ToList();
        Assert.Equal(bars.Count, waterfall.Count);
        Assert.All(waterfall, r => Assert.Equal("bestPercentChange", r["statistic"]));
        Assert.Equal(bars.Select(b => b.GetProperty("externalId").GetString()), waterfall.Select(r => r["patient"]));
        Assert.Equal(bars.Select(b => b.GetProperty("bestOverallResponse").GetString()), waterfall.Select(r => r["level"]));
    }

    [Theory]
    [InlineData("image/svg+xml")]
    [InlineData("application/xml")]
    [InlineData("text/csv;q=0, application/json;q=0")]
    public async Task An_unsupported_Accept_is_406_listing_what_compare_answers_in(string accept)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, "/api/v1/analyses/compare") { Content = JsonContent.Create(DemoRequest()) };
        message.Headers.TryAddWithoutValidation("Accept", accept);
        var response = await _client.SendAsync(message);
        var problem = await response.AssertProblemAsync(HttpStatusCode.NotAcceptable);
        var supported = problem.GetProperty("supported").EnumerateArray().Select(s => s.GetString()).ToList();
        Assert.Equal(["application/json", "text/csv", "text/html", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"], supported);
    }

    [Theory]
    [InlineData(null, "application/json")]
    [InlineData("*/*", "application/json")]
    [InlineData("application/json, text/csv;q=0.5", "application/json")]
    [InlineData("application/json; charset=utf-8", "application/json")]
    [InlineData("text/csv", "text/csv")]
    [InlineData("text/csv;q=0, */*", "application/json")]
    [InlineData("text/*", "text/csv")]
    [InlineData("text/html", "text/html")]
    [InlineData("text/html;q=0.4, application/vnd.openxmlformats-officedocument.wordprocessingml.document", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")]
    public async Task Accept_chooses_the_representation(string? accept, string expected)
    {
        var request = DemoRequest();
        request["sections"] = new JsonArray("baseline");
        using var message = new HttpRequestMessage(HttpMethod.Post, "/api/v1/analyses/compare") { Content = JsonContent.Create(request) };
        if (accept is not null)
        {
            message.Headers.TryAddWithoutValidation("Accept", accept);
        }

        var response = await _client.SendAsync(message);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(expected, response.Content.Headers.ContentType?.MediaType);
    }

    private static double Number(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>Every number under <paramref name="element"/> with its JSON path.</summary>
    internal static IEnumerable<(string Path, double Value)> Numbers(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Number:
                yield return (path, element.GetDouble());
                break;
            case JsonValueKind.Object:
                foreach (var p in element.EnumerateObject())
                {
                    foreach (var n in Numbers(p.Value, $"{path}.{p.Name}"))
                    {
                        yield return n;
                    }
                }

                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    foreach (var n in Numbers(item, $"{path}[{i++}]"))
                    {
                        yield return n;
                    }
                }

                break;
        }
    }

    /// <summary>RFC 4180: quoted fields may hold commas, doubled quotes and line breaks.</summary>
    internal static List<Dictionary<string, string>> ParseCsv(string text)
    {
        var records = new List<List<string>>();
        var record = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                record.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\n')
            {
                record.Add(field.ToString());
                field.Clear();
                records.Add(record);
                record = [];
            }
            else
            {
                field.Append(c);
            }
        }

        Assert.True(field.Length == 0 && record.Count == 0, "the CSV ends with a line break");
        var header = records[0];
        Assert.Equal(["section", "analysis", "variable", "level", "group", "patient", "time", "statistic", "value", "test"], header);
        return [.. records.Skip(1).Select(r =>
        {
            Assert.Equal(header.Count, r.Count);
            return header.Zip(r).ToDictionary(p => p.First, p => p.Second);
        })];
    }
}
