using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using HccOutcomes.Api.Tests.Infrastructure;
using HccOutcomes.Demo;
using Microsoft.Extensions.DependencyInjection;

namespace HccOutcomes.Api.Tests.Analyses;

/// <summary>
/// The <c>adjustment</c> section of POST /analyses/compare on the demo cohort (78 patients, RT+PD1 against
/// TACE+Sorafenib): complete-case counts that add up with the exclusion log, the propensity model and balance, adjusted
/// hazard ratios with their intervals, E-values, RMST at the default τ, and bad input.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class AdjustedCompareApiTests(ApiFactory factory) : IAsyncLifetime
{
    private readonly HttpClient _client = factory.CreateClient();

    public async Task InitializeAsync()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DemoCohortLoader>().EnsureLoadedAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static JsonObject Request(JsonObject adjustment) => new()
    {
        ["cohortId"] = DemoCohort.CohortId.ToString(),
        ["groups"] = JsonNode.Parse("""[ { "name": "RT+PD1", "filter": { "arm": "RT+PD1" } }, { "name": "TACE+Sorafenib", "filter": { "arm": "TACE+Sorafenib" } } ]"""),
        ["reference"] = "TACE+Sorafenib",
        ["sections"] = new JsonArray("os"),
        ["adjustment"] = adjustment,
    };

    public static TheoryData<string> Methods => new() { "iptw", "matching", "multivariable" };

    [Theory]
    [MemberData(nameof(Methods))]
    public async Task The_adjustment_section_is_complete_and_consistent_on_the_demo_cohort(string method)
    {
        var adjustment = new JsonObject { ["method"] = method, ["covariates"] = new JsonArray("age", "bclc", "macrovascularInvasion", "afp") };
        var response = await _client.PostAsJsonAsync("/api/v1/analyses/compare", Request(adjustment));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        var json = JsonDocument.Parse(text).RootElement;
        var a = json.GetProperty("adjustment");
        Assert.Equal(method, a.GetProperty("method").GetString());
        Assert.Equal("RT+PD1", a.GetProperty("treated").GetString());

        // Complete case: included + excluded = group size, and every exclusion is in the CONSORT log.
        var sizes = json.GetProperty("groups").EnumerateArray().ToDictionary(g => g.GetProperty("name").GetString()!, g => g.GetProperty("n").GetInt32());
        var excluded = a.GetProperty("excluded").EnumerateArray().ToDictionary(g => g.GetProperty("group").GetString()!, g => g.GetProperty("n").GetInt32());
        foreach (var g in a.GetProperty("included").EnumerateArray())
        {
            var name = g.GetProperty("group").GetString()!;
            Assert.Equal(sizes[name], g.GetProperty("n").GetInt32() + excluded[name]);
            var logged = json.GetProperty("consort").GetProperty("exclusions").EnumerateArray()
                .Where(e => e.GetProperty("analysis").GetString() == "adjustment" && e.GetProperty("group").GetString() == name)
                .Sum(e => e.GetProperty("count").GetInt32());
            Assert.Equal(excluded[name], logged);
        }

        var os = a.GetProperty("endpoints").EnumerateArray().Single(e => e.GetProperty("endpoint").GetString() == "OS");
        var hr = os.GetProperty("hazardRatio");
        double estimate = hr.GetProperty("hazardRatio").GetDouble(), lower = hr.GetProperty("lower").GetDouble(), upper = hr.GetProperty("upper").GetDouble();
        Assert.True(lower < estimate && estimate < upper, $"{lower} < {estimate} < {upper}");
        var evalue = os.GetProperty("eValue");
        Assert.True(evalue.GetProperty("estimate").GetDouble() >= evalue.GetProperty("confidenceLimit").GetDouble());
        Assert.True(evalue.GetProperty("confidenceLimit").GetDouble() >= 1);
        Assert.Equal(2, os.GetProperty("curves").GetArrayLength());
        var tau = os.GetProperty("rmst").GetProperty("tau").GetDouble();
        Assert.Equal(os.GetProperty("curves").EnumerateArray().Min(c => c.GetProperty("rows").EnumerateArray().Last().GetProperty("time").GetDouble()), tau);
        Assert.Equal("GLOBAL", os.GetProperty("phTest").GetProperty("global").GetProperty("term").GetString());

        if (method == "multivariable")
        {
            Assert.Equal(JsonValueKind.Null, a.GetProperty("model").ValueKind);
            Assert.Contains(os.GetProperty("terms").EnumerateArray(), t => t.GetProperty("term").GetString()!.StartsWith("bclc:", StringComparison.Ordinal));
            return;
        }

        Assert.Equal("(Intercept)", a.GetProperty("model").GetProperty("terms")[0].GetProperty("term").GetString());
        var balance = a.GetProperty("balance").EnumerateArray().ToArray();
        Assert.Contains(balance, r => r.GetProperty("covariate").GetString() == "age" && r.GetProperty("type").GetString() == "continuous");
        Assert.Contains(balance, r => r.GetProperty("covariate").GetString()!.StartsWith("bclc:", StringComparison.Ordinal));
        var ess = a.GetProperty("effectiveSampleSize");
        var included = a.GetProperty("included").EnumerateArray().ToDictionary(g => g.GetProperty("group").GetString()!, g => g.GetProperty("n").GetInt32());
        Assert.True(ess.GetProperty("treated").GetDouble() <= included["RT+PD1"] + 1e-9);
        Assert.True(ess.GetProperty("control").GetDouble() <= included["TACE+Sorafenib"] + 1e-9);
        if (method == "matching")
        {
            var pairs = a.GetProperty("matching").GetProperty("pairs").GetInt32();
            Assert.True(pairs > 0);
            Assert.Equal("matchit", a.GetProperty("matching").GetProperty("rule").GetString());
            Assert.True(os.GetProperty("subjects").GetInt32() <= 2 * pairs);
            Assert.All(balance, r => Assert.Equal(JsonValueKind.Number, r.GetProperty("smd").GetProperty("matched").ValueKind));
        }
        else
        {
            Assert.All(balance, r => Assert.Equal(JsonValueKind.Number, r.GetProperty("smd").GetProperty("weighted").ValueKind));
        }
    }

    [Fact]
    public async Task Matching_rule_exact_keeps_every_pair_within_the_caliper()
    {
        var matchit = Request(new JsonObject { ["method"] = "matching", ["covariates"] = new JsonArray("age", "bclc", "afp") });
        var exact = Request(new JsonObject { ["method"] = "matching", ["covariates"] = new JsonArray("age", "bclc", "afp"), ["matchingRule"] = "exact" });
        var a = (await (await _client.PostAsJsonAsync("/api/v1/analyses/compare", matchit)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("adjustment").GetProperty("matching");
        var b = (await (await _client.PostAsJsonAsync("/api/v1/analyses/compare", exact)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("adjustment").GetProperty("matching");
        Assert.Equal("exact", b.GetProperty("rule").GetString());
        Assert.Equal(0, b.GetProperty("pairsBeyondCaliper").GetInt32());
        Assert.Equal(a.GetProperty("caliper").GetDouble(), b.GetProperty("caliper").GetDouble());
        Assert.True(b.GetProperty("pairs").GetInt32() > 0);
        Assert.Equal("matchit", a.GetProperty("rule").GetString());
    }

    [Fact]
    public async Task Table_1_has_an_SMD_column_that_agrees_with_the_unadjusted_balance()
    {
        var request = Request(new JsonObject { ["method"] = "iptw", ["covariates"] = new JsonArray("age", "hbv") });
        request["sections"] = new JsonArray("baseline");
        var response = await _client.PostAsJsonAsync("/api/v1/analyses/compare", request);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        var rows = json.GetProperty("baseline").GetProperty("rows").EnumerateArray().ToArray();
        var age = rows.Single(r => r.GetProperty("variable").GetString() == "age_years");
        var s = age.GetProperty("summaries").EnumerateArray().ToArray();
        double m1 = s[0].GetProperty("mean").GetDouble(), m2 = s[1].GetProperty("mean").GetDouble(), s1 = s[0].GetProperty("sd").GetDouble(), s2 = s[1].GetProperty("sd").GetDouble();
        var expected = (m1 - m2) / Math.Sqrt(((s1 * s1) + (s2 * s2)) / 2);
        Assert.Equal(expected, age.GetProperty("smd").GetDouble(), 12);

        // The same SMD from the adjustment's balance table (treated = the first group, no age missing in the demo cohort).
        var balance = json.GetProperty("adjustment").GetProperty("balance").EnumerateArray();
        Assert.Equal(0, json.GetProperty("adjustment").GetProperty("excluded").EnumerateArray().Sum(e => e.GetProperty("n").GetInt32()));
        Assert.Equal(expected, balance.Single(r => r.GetProperty("covariate").GetString() == "age").GetProperty("smd").GetProperty("unadjusted").GetDouble(), 12);
        var hbv = rows.Single(r => r.GetProperty("variable").GetString() == "hepatitis_b");
        var yes = json.GetProperty("adjustment").GetProperty("balance").EnumerateArray().Single(r => r.GetProperty("covariate").GetString() == "hbv:Yes");
        Assert.Equal(yes.GetProperty("smd").GetProperty("unadjusted").GetDouble(), hbv.GetProperty("smd").GetDouble(), 12);
    }

    [Fact]
    public async Task The_love_plot_has_a_marker_per_balance_row_before_and_after_and_the_0_1_line()
    {
        var request = Request(new JsonObject { ["method"] = "matching", ["covariates"] = new JsonArray("age", "bclc", "hbv") });
        var compare = await (await _client.PostAsJsonAsync("/api/v1/analyses/compare", request)).Content.ReadFromJsonAsync<JsonElement>();
        var rows = compare.GetProperty("adjustment").GetProperty("balance").GetArrayLength();
        var response = await _client.PostAsJsonAsync("/api/v1/analyses/compare/figures/love-plot", request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var svg = System.Xml.Linq.XDocument.Parse(await response.Content.ReadAsStringAsync());
        var paths = svg.Descendants().Where(e => e.Name.LocalName == "path").ToList();
        Assert.Equal(rows, paths.Count(p => (string?)p.Attribute("class") == "before"));
        Assert.Equal(rows, paths.Count(p => (string?)p.Attribute("class") == "after"));
        Assert.Contains(svg.Descendants(), e => e.Name.LocalName == "line" && (string?)e.Attribute("stroke-dasharray") == "5,4");

        var km = await _client.PostAsJsonAsync("/api/v1/analyses/compare/figures/kaplan-meier?endpoint=os&adjusted=true", request);
        Assert.Equal(HttpStatusCode.OK, km.StatusCode);
        Assert.Contains("Adjusted HR", await km.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_CSV_carries_the_SMD_column_and_the_adjusted_hazard_ratios()
    {
        var request = Request(new JsonObject { ["method"] = "iptw", ["covariates"] = new JsonArray("age", "bclc") });
        request["sections"] = new JsonArray("baseline", "os");
        var json = await (await _client.PostAsJsonAsync("/api/v1/analyses/compare", request)).Content.ReadFromJsonAsync<JsonElement>();
        var message = new HttpRequestMessage(HttpMethod.Post, "/api/v1/analyses/compare") { Content = JsonContent.Create(request) };
        message.Headers.Accept.ParseAdd("text/csv");
        var csv = await (await _client.SendAsync(message)).Content.ReadAsStringAsync();
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => l.StartsWith("baseline,,age_years,,,,,smd,", StringComparison.Ordinal));
        var endpoints = json.GetProperty("adjustment").GetProperty("endpoints").EnumerateArray().ToList();
        var os = endpoints.FindIndex(e => e.GetProperty("endpoint").GetString() == "OS");
        var hr = endpoints[os].GetProperty("hazardRatio").GetProperty("hazardRatio").GetDouble();
        // The adjustment is written path by path: variable = JSON path inside "adjustment", statistic = the property.
        var line = Assert.Single(lines, l => l.StartsWith($"adjustment,iptw,endpoints[{os}].hazardRatio,,,,,hazardRatio,", StringComparison.Ordinal));
        Assert.Equal(hr, double.Parse(line.Split(',')[^2], System.Globalization.CultureInfo.InvariantCulture), 9);
    }

    [Fact]
    public async Task An_adjusted_comparison_with_an_empty_group_is_422_naming_it_not_a_silent_omission()
    {
        var request = Request(new JsonObject { ["method"] = "iptw", ["covariates"] = new JsonArray("age") });
        request["groups"]![0]!["filter"]!["arm"] = "nobody";
        var problem = await (await _client.PostAsJsonAsync("/api/v1/analyses/compare", request)).AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.True(problem.GetProperty("errors").TryGetProperty("groups[0].filter", out _));
    }

    // The compare's IPTW result equals the same analysis done by hand through the inline endpoints: the registry's
    // patients (GET /patients, GET /outcomes), POST /analyses/propensity for the ATE weights, POST /analyses/survival
    // with those weights and robust = true.
    [Fact]
    public async Task The_IPTW_adjustment_equals_the_inline_propensity_and_weighted_survival_endpoints()
    {
        var cohort = DemoCohort.CohortId;
        var patients = (await _client.GetFromJsonAsync<JsonElement>($"/api/v1/cohorts/{cohort}/patients?pageSize=1000")).GetProperty("items").EnumerateArray()
            .Where(p => p.GetProperty("ageYears").ValueKind == JsonValueKind.Number && p.GetProperty("bclcStage").ValueKind == JsonValueKind.String)
            .ToDictionary(p => p.GetProperty("externalId").GetString()!);
        var outcomes = (await _client.GetFromJsonAsync<JsonElement>($"/api/v1/cohorts/{cohort}/outcomes")).EnumerateArray().ToDictionary(o => o.GetProperty("externalId").GetString()!);
        var ids = patients.Keys.Order(StringComparer.Ordinal).ToList();
        var propensity = new JsonObject
        {
            ["subjects"] = new JsonArray([.. ids.Select(id => (JsonNode)new JsonObject
            {
                ["id"] = id,
                ["group"] = patients[id].GetProperty("arm").GetString(),
                ["covariates"] = new JsonObject { ["age"] = patients[id].GetProperty("ageYears").GetDouble(), ["bclc"] = patients[id].GetProperty("bclcStage").GetString() },
            })]),
            ["treated"] = "RT+PD1",
            ["covariates"] = new JsonArray("age", "bclc"),
        };
        var ps = await (await _client.PostAsJsonAsync("/api/v1/analyses/propensity", propensity)).Content.ReadFromJsonAsync<JsonElement>();
        var weight = ps.GetProperty("subjects").EnumerateArray().ToDictionary(x => x.GetProperty("id").GetString()!, x => x.GetProperty("weight").GetDouble());
        var survival = new JsonObject
        {
            ["subjects"] = new JsonArray([.. ids.Where(id => outcomes[id].GetProperty("osMonths").ValueKind == JsonValueKind.Number).Select(id => (JsonNode)new JsonObject
            {
                ["time"] = outcomes[id].GetProperty("osMonths").GetDouble(),
                ["event"] = !outcomes[id].GetProperty("osCensored").GetBoolean(),
                ["group"] = patients[id].GetProperty("arm").GetString(),
                ["weight"] = weight[id],
            })]),
            ["groupOrder"] = new JsonArray("TACE+Sorafenib", "RT+PD1"),
            ["robust"] = true,
        };
        var cox = (await (await _client.PostAsJsonAsync("/api/v1/analyses/survival", survival)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("cox").GetProperty("terms")[0];

        var compare = await (await _client.PostAsJsonAsync("/api/v1/analyses/compare",
            Request(new JsonObject { ["method"] = "iptw", ["covariates"] = new JsonArray("age", "bclc") }))).Content.ReadFromJsonAsync<JsonElement>();
        var a = compare.GetProperty("adjustment");
        Assert.Equal(ids.Count, a.GetProperty("included").EnumerateArray().Sum(g => g.GetProperty("n").GetInt32()));
        Assert.Equal(ps.GetProperty("effectiveSampleSize").GetProperty("treated").GetDouble(), a.GetProperty("effectiveSampleSize").GetProperty("treated").GetDouble(), 9);
        var hr = a.GetProperty("endpoints").EnumerateArray().Single(e => e.GetProperty("endpoint").GetString() == "OS").GetProperty("hazardRatio");
        Assert.Equal(cox.GetProperty("hazardRatio").GetDouble(), hr.GetProperty("hazardRatio").GetDouble(), 9);
        Assert.Equal(cox.GetProperty("lower").GetDouble(), hr.GetProperty("lower").GetDouble(), 9);
        Assert.Equal(cox.GetProperty("p").GetDouble(), hr.GetProperty("p").GetDouble(), 9);
    }

    [Fact]
    public async Task The_covariates_are_listed_with_their_type()
    {
        var list = await _client.GetFromJsonAsync<JsonElement>("/api/v1/analyses/compare/covariates");
        var byName = list.EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("type").GetString());
        Assert.Equal("continuous", byName["age"]);
        Assert.Equal("categorical", byName["bclc"]);
        Assert.Equal("categorical", byName["hbv"]);
    }

    public static TheoryData<string, string> BadAdjustments => new()
    {
        { """{ "method": "iptw", "covariates": ["age", "height"] }""", "adjustment.covariates[1]" },
        { """{ "method": "weighting", "covariates": ["age"] }""", "adjustment.method" },
        { """{ "method": "iptw", "covariates": [] }""", "adjustment.covariates" },
        { """{ "method": "iptw", "covariates": ["age"], "estimand": "ATT", "stabilize": true }""", "adjustment.stabilize" },
        { """{ "method": "iptw", "covariates": ["age"], "trim": { "lower": 60 } }""", "adjustment.trim.lower" },
        { """{ "method": "matching", "covariates": ["age"], "matchingRule": "optimal" }""", "adjustment.matchingRule" },
    };

    [Theory]
    [MemberData(nameof(BadAdjustments))]
    public async Task Bad_adjustments_are_problems_naming_the_field(string adjustment, string field)
    {
        var response = await _client.PostAsJsonAsync("/api/v1/analyses/compare", Request(JsonNode.Parse(adjustment)!.AsObject()));
        await response.AssertFieldErrorAsync(field);
    }
}
