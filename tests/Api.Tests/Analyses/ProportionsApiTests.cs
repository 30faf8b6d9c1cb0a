using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HccOutcomes.Api.Tests.Infrastructure;

namespace HccOutcomes.Api.Tests.Analyses;

/// <summary>POST /analyses/proportions over HTTP against R (tests/reference/tests.json).</summary>
[Collection(ApiCollection.Name)]
public sealed class ProportionsApiTests(ApiFactory factory)
{
    private readonly HttpClient _client = factory.CreateClient();

    private static void Close(double expected, JsonElement actual, string what) =>
        Assert.True(Math.Abs(actual.GetDouble() - expected) <= 1e-6 * Math.Max(1e-300, Math.Abs(expected)),
            $"{what}: expected {expected:R}, got {actual}");

    // R writes an undefined or infinite statistic as the string "NaN" or "Inf"; the API writes it as null.
    private static void CloseOrUndefined(JsonElement expected, JsonElement actual, string what)
    {
        if (expected.ValueKind == JsonValueKind.String)
        {
            Assert.Contains(expected.GetString(), new[] { "NaN", "Inf" });
            Assert.True(actual.ValueKind == JsonValueKind.Null, $"{what}: expected null for R's {expected.GetString()}, got {actual}");
            return;
        }

        Close(expected.GetDouble(), actual, what);
    }

    /// <summary>R: fisher.test(m), chisq.test(m, correct = FALSE), chisq.test(m) for each 2×2 table m.</summary>
    [Fact]
    public async Task Two_by_two_tables_match_R()
    {
        foreach (var table in ReferenceFiles.Json("tests.json").GetProperty("two_by_two").EnumerateArray())
        {
            var t = table.GetProperty("table").EnumerateArray().Select(v => v.GetInt32()).ToArray();
            var response = await _client.PostAsJsonAsync("/api/v1/analyses/proportions", new
            {
                groups = new[] { new { name = "A", events = t[0], total = t[0] + t[1] }, new { name = "B", events = t[2], total = t[2] + t[3] } },
            });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var json = await response.Content.ReadFromJsonAsync<JsonElement>();
            var tests = json.GetProperty("tests");
            var name = string.Join(",", t);
            CloseOrUndefined(table.GetProperty("fisher_p"), tests.GetProperty("fisherExact").GetProperty("p"), $"fisher p [{name}]");
            CloseOrUndefined(table.GetProperty("pearson_chisq"), tests.GetProperty("pearsonChiSquare").GetProperty("chiSquare"), $"pearson [{name}]");
            CloseOrUndefined(table.GetProperty("pearson_p"), tests.GetProperty("pearsonChiSquare").GetProperty("p"), $"pearson p [{name}]");
            CloseOrUndefined(table.GetProperty("yates_p"), tests.GetProperty("yates").GetProperty("p"), $"yates p [{name}]");
            CloseOrUndefined(table.GetProperty("fisher_odds_ratio_cmle"), json.GetProperty("oddsRatio").GetProperty("conditionalMle").GetProperty("estimate"), $"OR [{name}]");
        }
    }

    /// <summary>R: binom.test(x, n)$conf.int and prop.test(x, n, correct = FALSE)$conf.int.</summary>
    [Fact]
    public async Task Binomial_intervals_match_R()
    {
        foreach (var ci in ReferenceFiles.Json("tests.json").GetProperty("binomial_ci").EnumerateArray())
        {
            int x = ci.GetProperty("x").GetInt32(), n = ci.GetProperty("n").GetInt32();
            var json = await (await _client.PostAsJsonAsync("/api/v1/analyses/proportions", new
            {
                groups = new[] { new { name = "A", events = x, total = n }, new { name = "B", events = 1, total = 2 } },
            })).Content.ReadFromJsonAsync<JsonElement>();
            var group = json.GetProperty("groups")[0];
            Close(ci.GetProperty("clopper_pearson_lower").GetDouble(), group.GetProperty("clopperPearson").GetProperty("lower"), "CP lower");
            Close(ci.GetProperty("clopper_pearson_upper").GetDouble(), group.GetProperty("clopperPearson").GetProperty("upper"), "CP upper");
            Close(ci.GetProperty("wilson_lower").GetDouble(), group.GetProperty("wilson").GetProperty("lower"), "Wilson lower");
            Close(ci.GetProperty("wilson_upper").GetDouble(), group.GetProperty("wilson").GetProperty("upper"), "Wilson upper");
        }
    }

    [Theory]
    [InlineData("""{ "groups": [ { "name": "A", "events": 5, "total": 3 }, { "name": "B", "events": 1, "total": 3 } ] }""", "groups[0].events")]
    [InlineData("""{ "groups": [ { "name": "A", "events": 1, "total": 3 } ] }""", "groups")]
    [InlineData("""{ "groups": [ { "name": "A", "total": 3 }, { "name": "B", "events": 1, "total": 3 } ] }""", "groups[0].events")]
    [InlineData("""{ "groups": [ { "name": "", "events": 1, "total": 3 }, { "name": "B", "events": 1, "total": 3 } ] }""", "groups[0].name")]
    [InlineData("""{ "groups": [ { "name": "A", "events": 1, "total": 3 }, { "name": "B", "events": 1, "total": 3 } ], "confidenceLevel": 1.5 }""", "confidenceLevel")]
    [InlineData("""{ "groups": null }""", "groups")]
    [InlineData("""{ "groups": [ { "name": "A", "events": 1, "total": 3 }, null ] }""", "groups[1]")]
    public async Task Bad_input_is_400_naming_the_field(string body, string field)
    {
        var response = await _client.PostAsync("/api/v1/analyses/proportions", ApiFactory.RawJson(body));
        await response.AssertFieldErrorAsync(field);
    }
}
