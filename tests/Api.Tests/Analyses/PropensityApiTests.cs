using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using HccOutcomes.Api.Tests.Infrastructure;

namespace HccOutcomes.Api.Tests.Analyses;

/// <summary>
/// POST /analyses/propensity over HTTP against R (tests/reference/adjusted/*.json, produced by tests/reference/regenerate.R):
///   glm(treated ~ covariates, family = binomial); the ATE / stabilized ATE / ATT / ATO weights; Kish's ESS; the
///   balance rows (SMD with the unadjusted pooled SD). Relative tolerance 1e-6.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class PropensityApiTests(ApiFactory factory)
{
    private const string Url = "/api/v1/analyses/propensity";
    private readonly HttpClient _client = factory.CreateClient();

    public static TheoryData<string, string, bool> Cases => new()
    {
        { "adj_ovarian", "ATE", false }, { "adj_ovarian", "ATE", true }, { "adj_cgd", "ATT", false }, { "adj_cgd", "ATO", false },
    };

    private static void Close(double expected, JsonElement actual, string what)
    {
        Assert.True(actual.ValueKind == JsonValueKind.Number, $"{what}: expected {expected:R}, got {actual}");
        var tolerance = Math.Abs(expected) < 1e-12 ? 1e-12 : 1e-6 * Math.Abs(expected);
        Assert.True(Math.Abs(actual.GetDouble() - expected) <= tolerance, $"{what}: expected {expected:R}, got {actual}");
    }

    // The reference CSV as a request: numbers stay numbers, the categorical columns are strings.
    private static (JsonObject Body, JsonElement Reference) Request(string dataset, string estimand, bool stabilize)
    {
        var reference = ReferenceFiles.Json($"adjusted/{dataset}.json");
        var covariates = reference.GetProperty("covariates").EnumerateArray().Select(c => c.GetString()!).ToArray();
        var categorical = reference.GetProperty("categorical").EnumerateArray().Select(c => c.GetString()!).ToHashSet();
        var lines = File.ReadAllLines(ReferenceFiles.PathOf($"adjusted/{dataset}.csv")).Where(l => l.Length > 0).ToArray();
        var header = lines[0].Split(',').Select(h => h.Trim('"')).ToArray();
        var subjects = new JsonArray();
        foreach (var line in lines.Skip(1))
        {
            var f = line.Split(',').Select(x => x.Trim('"')).ToArray();
            var values = new JsonObject();
            foreach (var c in covariates)
            {
                var v = f[Array.IndexOf(header, c)];
                values[c] = categorical.Contains(c) ? JsonValue.Create(v) : JsonValue.Create(double.Parse(v, CultureInfo.InvariantCulture));
            }

            subjects.Add(new JsonObject { ["id"] = f[0], ["group"] = f[Array.IndexOf(header, "group")], ["covariates"] = values });
        }

        var body = new JsonObject
        {
            ["subjects"] = subjects,
            ["treated"] = reference.GetProperty("treated").GetString(),
            ["covariates"] = new JsonArray([.. covariates.Select(c => JsonValue.Create(c))]),
            ["estimand"] = estimand,
            ["stabilize"] = stabilize,
            ["matching"] = new JsonObject { ["ratio"] = 1, ["caliper"] = 0.2 },
        };
        return (body, reference);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task The_model_scores_weights_ESS_and_balance_match_R(string dataset, string estimand, bool stabilize)
    {
        var (body, r) = Request(dataset, estimand, stabilize);
        var response = await _client.PostAsJsonAsync(Url, body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();

        var model = r.GetProperty("ps_model");
        var terms = json.GetProperty("model").GetProperty("terms").EnumerateArray().ToArray();
        Assert.True(json.GetProperty("model").GetProperty("converged").GetBoolean());
        Assert.Equal(model.GetProperty("terms").EnumerateArray().Select(t => t.GetString()), terms.Select(t => t.GetProperty("term").GetString()));
        for (var j = 0; j < terms.Length; j++)
        {
            Close(model.GetProperty("coefficient")[j].GetDouble(), terms[j].GetProperty("coefficient"), $"coefficient {j}");
            Close(model.GetProperty("std_err")[j].GetDouble(), terms[j].GetProperty("stdErr"), $"se {j}");
            Close(model.GetProperty("p")[j].GetDouble(), terms[j].GetProperty("p"), $"p {j}");
        }

        var key = estimand switch { "ATT" => "w_att", "ATO" => "w_ato", _ => stabilize ? "w_ate_stab" : "w_ate" };
        var subjects = json.GetProperty("subjects").EnumerateArray().ToArray();
        var expected = r.GetProperty("subjects").EnumerateArray().ToArray();
        Assert.Equal(expected.Length, subjects.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i].GetProperty("id").GetString(), subjects[i].GetProperty("id").GetString());
            Close(expected[i].GetProperty("ps").GetDouble(), subjects[i].GetProperty("propensityScore"), $"ps {i}");
            Close(expected[i].GetProperty(key).GetDouble(), subjects[i].GetProperty("weight"), $"{key} {i}");
        }

        var ess = r.GetProperty("ess").GetProperty(stabilize ? "ATE_stabilized" : estimand);
        Close(ess.GetProperty("treated").GetDouble(), json.GetProperty("effectiveSampleSize").GetProperty("treated"), "ESS treated");
        Close(ess.GetProperty("control").GetDouble(), json.GetProperty("effectiveSampleSize").GetProperty("control"), "ESS control");

        var rows = r.GetProperty("balance").EnumerateArray().Single(b => b.GetProperty("estimand").GetString() == estimand).GetProperty("rows").EnumerateArray().ToArray();
        var balance = json.GetProperty("balance").EnumerateArray().ToArray();
        Assert.Equal(rows.Length, balance.Length);
        for (var k = 0; k < rows.Length; k++)
        {
            var name = rows[k].GetProperty("covariate").GetString();
            Assert.Equal(name, balance[k].GetProperty("covariate").GetString());
            Assert.Equal(rows[k].GetProperty("type").GetString(), balance[k].GetProperty("type").GetString());
            Close(rows[k].GetProperty("treated_sd").GetDouble(), balance[k].GetProperty("treated").GetProperty("sd"), name + " treated sd");
            Close(rows[k].GetProperty("smd_unadjusted").GetDouble(), balance[k].GetProperty("smd").GetProperty("unadjusted"), name + " smd");
            if (!stabilize)
            {
                Close(rows[k].GetProperty("smd_weighted").GetDouble(), balance[k].GetProperty("smd").GetProperty("weighted"), name + " weighted smd");
            }
        }

        // Matching (MatchIt's rule by default): MatchIt 4.5.1's pairs, naming each other, and those beyond the caliper counted.
        var matching = json.GetProperty("matching");
        Close(r.GetProperty("matching").GetProperty("caliper_logit").GetDouble(), matching.GetProperty("caliper"), "caliper");
        Assert.Equal("matchit", matching.GetProperty("rule").GetString());
        var byId = subjects.ToDictionary(s => s.GetProperty("id").GetString()!);
        var pairs = r.GetProperty("matching").GetProperty("pairs").EnumerateArray()
            .Select(p => (Treated: p.GetProperty("treated").GetString()!, Control: p.GetProperty("control").GetString()!)).ToArray();
        Assert.Equal(pairs.Length, matching.GetProperty("pairs").GetInt32());
        Assert.Equal(2 * pairs.Length, subjects.Count(s => s.GetProperty("matchedWith").ValueKind == JsonValueKind.String));
        var caliper = matching.GetProperty("caliper").GetDouble();
        foreach (var (t, c) in pairs)
        {
            Assert.Equal(c, byId[t].GetProperty("matchedWith").GetString());
            Assert.Equal(t, byId[c].GetProperty("matchedWith").GetString());
        }

        Assert.Equal(pairs.Count(p => Math.Abs(Logit(byId[p.Treated]) - Logit(byId[p.Control])) > caliper), matching.GetProperty("pairsBeyondCaliper").GetInt32());
    }

    [Theory(DisplayName = "With rule exact every pair is within the caliper")]
    [InlineData("adj_ovarian")]
    [InlineData("adj_cgd")]
    public async Task Exact_rule_keeps_the_caliper(string dataset)
    {
        var (body, _) = Request(dataset, "ATE", false);
        body["matching"]!["rule"] = "exact";
        var response = await _client.PostAsJsonAsync(Url, body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        var matching = json.GetProperty("matching");
        Assert.Equal("exact", matching.GetProperty("rule").GetString());
        Assert.Equal(0, matching.GetProperty("pairsBeyondCaliper").GetInt32());
        var subjects = json.GetProperty("subjects").EnumerateArray().ToArray();
        var byId = subjects.ToDictionary(s => s.GetProperty("id").GetString()!);
        var matched = subjects.Where(s => s.GetProperty("matchedWith").ValueKind == JsonValueKind.String).ToArray();
        Assert.NotEmpty(matched);
        Assert.Equal(2 * matching.GetProperty("pairs").GetInt32(), matched.Length);
        foreach (var s in matched)
        {
            var other = byId[s.GetProperty("matchedWith").GetString()!];
            Assert.Equal(s.GetProperty("id").GetString(), other.GetProperty("matchedWith").GetString());
            Assert.NotEqual(s.GetProperty("group").GetString(), other.GetProperty("group").GetString());
            Assert.True(Math.Abs(Logit(s) - Logit(other)) <= matching.GetProperty("caliper").GetDouble() * (1 + 1e-9));
        }
    }

    private static double Logit(JsonElement x) => Math.Log(x.GetProperty("propensityScore").GetDouble() / (1 - x.GetProperty("propensityScore").GetDouble()));

    public static TheoryData<string, string> BadRequests => new()
    {
        { """{"subjects":[{"id":"a","group":"T","covariates":{"age":1}},{"id":"b","group":"C","covariates":{"age":"x"}}],"treated":"T","covariates":["age"]}""", "subjects[1].covariates.age" },
        { """{"subjects":[{"id":"a","group":"T","covariates":{"age":1}},{"id":"b","group":"C","covariates":{}}],"treated":"T","covariates":["age"]}""", "subjects[1].covariates.age" },
        { """{"subjects":[{"id":"a","group":"T","covariates":{"age":1}},{"id":"a","group":"C","covariates":{"age":2}}],"treated":"T","covariates":["age"]}""", "subjects[1].id" },
        { """{"subjects":[{"id":"a","group":"T","covariates":{"age":true}},{"id":"b","group":"C","covariates":{"age":2}}],"treated":"T","covariates":["age"]}""", "subjects[0].covariates.age" },
        { """{"subjects":[{"id":"a","group":"T","covariates":{"age":null}},{"id":"b","group":"C","covariates":{"age":2}}],"treated":"T","covariates":["age"]}""", "subjects[0].covariates.age" },
        { """{"subjects":[{"id":"a","group":"T","covariates":{"age":{"v":1}}},{"id":"b","group":"C","covariates":{"age":2}}],"treated":"T","covariates":["age"]}""", "subjects[0].covariates.age" },
        { """{"subjects":[{"id":"a","group":"T","covariates":{"age":1}},{"id":"b","group":"C","covariates":{"age":2}}],"treated":"X","covariates":["age"]}""", "treated" },
        { """{"subjects":[{"id":"a","group":"T","covariates":{"age":1}},{"id":"b","group":"C","covariates":{"age":2}},{"id":"c","group":"D","covariates":{"age":2}}],"treated":"T","covariates":["age"]}""", "subjects" },
        { """{"subjects":[{"id":"a","group":"T","covariates":{"age":1}},{"id":"b","group":"C","covariates":{"age":2}}],"treated":"T","covariates":["age"],"estimand":"ATX"}""", "estimand" },
        { """{"subjects":[{"id":"a","group":"T","covariates":{"age":1}},{"id":"b","group":"C","covariates":{"age":2}}],"treated":"T","covariates":["age"],"estimand":"ATT","stabilize":true}""", "stabilize" },
        { """{"subjects":[{"id":"a","group":"T","covariates":{"age":1}},{"id":"b","group":"C","covariates":{"age":2}}],"treated":"T","covariates":["age"],"matching":{"ratio":6}}""", "matching.ratio" },
        { """{"subjects":[{"id":"a","group":"T","covariates":{"age":1}},{"id":"b","group":"C","covariates":{"age":2}}],"treated":"T","covariates":["age"],"matching":{"rule":"optimal"}}""", "matching.rule" },
        { """{"subjects":[{"id":"a","group":"T","covariates":{"bclc":"B"}},{"id":"b","group":"C","covariates":{"bclc":"B"}}],"treated":"T","covariates":["bclc"]}""", "covariates[0]" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Bad_input_is_a_problem_naming_the_field(string body, string field)
    {
        var response = await _client.PostAsync(Url, new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        var messages = await response.AssertFieldErrorAsync(field);
        Assert.DoesNotContain(messages, m => m.Contains("System.", StringComparison.Ordinal));
    }
}
