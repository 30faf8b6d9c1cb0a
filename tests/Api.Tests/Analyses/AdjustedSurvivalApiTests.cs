using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using HccOutcomes.Api.Tests.Infrastructure;

namespace HccOutcomes.Api.Tests.Analyses;

/// <summary>
/// The adjusted options of POST /analyses/survival over HTTP against R 4.2.2 / survival 3.5.3
/// (tests/reference/adjusted/*.json, produced by tests/reference/regenerate.R):
///   survfit(Surv(time, event) ~ group, weights = w_ate) (robust SE); coxph(..., weights = w_ate, robust = TRUE);
///   coxph(Surv ~ group + strata(stratum)) and survdiff(... + strata(stratum), rho = 0 / 1);
///   coxph(..., data = matched, cluster = pair); coxph(Surv ~ group + covariates) with categorical covariates and
///   cox.zph(fit, transform = "km", terms = TRUE); summary(survfit(Surv ~ group), rmean = tau)$table.
/// Relative tolerance 1e-6.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class AdjustedSurvivalApiTests(ApiFactory factory)
{
    private const string Url = "/api/v1/analyses/survival";
    private readonly HttpClient _client = factory.CreateClient();

    public static TheoryData<string> Datasets => new() { "adj_ovarian", "adj_cgd" };

    private static void Close(double expected, JsonElement actual, string what)
    {
        Assert.True(actual.ValueKind == JsonValueKind.Number, $"{what}: expected {expected:R}, got {actual}");
        Assert.True(Math.Abs(actual.GetDouble() - expected) <= 1e-6 * Math.Abs(expected), $"{what}: expected {expected:R}, got {actual}");
    }

    // The reference subjects as request subjects (categorical covariates as strings), with their stratum and ATE weight.
    private static (List<JsonObject> Subjects, JsonElement R, string[] Covariates) Load(string dataset)
    {
        var r = ReferenceFiles.Json($"adjusted/{dataset}.json");
        var covariates = r.GetProperty("covariates").EnumerateArray().Select(c => c.GetString()!).ToArray();
        var categorical = r.GetProperty("categorical").EnumerateArray().Select(c => c.GetString()!).ToHashSet();
        var weights = r.GetProperty("subjects").EnumerateArray().ToDictionary(s => s.GetProperty("id").GetString()!, s => s.GetProperty("w_ate").GetDouble());
        var lines = File.ReadAllLines(ReferenceFiles.PathOf($"adjusted/{dataset}.csv")).Where(l => l.Length > 0).ToArray();
        var header = lines[0].Split(',').Select(h => h.Trim('"')).ToArray();
        var subjects = new List<JsonObject>();
        foreach (var line in lines.Skip(1))
        {
            var f = line.Split(',').Select(x => x.Trim('"')).ToArray();
            string Field(string name) => f[Array.IndexOf(header, name)];
            var values = new JsonObject();
            foreach (var c in covariates)
            {
                values[c] = categorical.Contains(c) ? JsonValue.Create(Field(c)) : JsonValue.Create(double.Parse(Field(c), CultureInfo.InvariantCulture));
            }

            subjects.Add(new JsonObject
            {
                ["id"] = Field("id"),
                ["time"] = double.Parse(Field("time"), CultureInfo.InvariantCulture),
                ["event"] = Field("event") == "1",
                ["group"] = Field("group"),
                ["covariates"] = values,
                ["stratum"] = Field("stratum"),
                ["weight"] = weights[Field("id")],
            });
        }

        return (subjects, r, covariates);
    }

    private async Task<JsonElement> PostAsync(IEnumerable<JsonObject> subjects, JsonElement r, Action<JsonObject>? options = null)
    {
        var body = new JsonObject
        {
            ["subjects"] = new JsonArray([.. subjects.Select(s => (JsonNode)StripId(s))]),
            ["groupOrder"] = new JsonArray(r.GetProperty("control").GetString(), r.GetProperty("treated").GetString()),
        };
        options?.Invoke(body);
        var response = await _client.PostAsync(Url, new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    // The reader knows no subject id: send a copy without it.
    private static JsonObject StripId(JsonObject s)
    {
        var copy = (JsonObject)s.DeepClone();
        copy.Remove("id");
        return copy;
    }

    private static JsonObject Without(JsonObject s, params string[] names)
    {
        var copy = (JsonObject)s.DeepClone();
        foreach (var n in names)
        {
            copy.Remove(n);
        }

        return copy;
    }

    private static void SingleTerm(JsonElement expected, JsonElement cox, bool robust)
    {
        var term = cox.GetProperty("terms")[0];
        Close(expected.GetProperty("coef").GetDouble(), term.GetProperty("coefficient"), "coef");
        Close(expected.GetProperty("se").GetDouble(), term.GetProperty("stdErr"), "se");
        if (robust)
        {
            Close(expected.GetProperty("robust_se").GetDouble(), term.GetProperty("robustStdErr"), "robust se");
        }
        else
        {
            Assert.Equal(JsonValueKind.Null, term.GetProperty("robustStdErr").ValueKind);
        }

        Close(expected.GetProperty("z").GetDouble(), term.GetProperty("z"), "z");
        Close(expected.GetProperty("p").GetDouble(), term.GetProperty("p"), "p");
        Close(expected.GetProperty("lower").GetDouble(), term.GetProperty("lower"), "lower");
        Close(expected.GetProperty("upper").GetDouble(), term.GetProperty("upper"), "upper");
    }

    [Theory]
    [MemberData(nameof(Datasets))]
    public async Task Weights_give_the_weighted_curve_and_the_robust_IPTW_Cox_model_and_no_log_rank(string dataset)
    {
        var (subjects, r, _) = Load(dataset);
        foreach (var ties in new[] { "efron", "breslow" })
        {
            var json = await PostAsync(subjects.Select(s => Without(s, "stratum", "covariates")), r, b =>
            {
                b["robust"] = true;
                b["ties"] = ties;
            });
            SingleTerm(r.GetProperty("cox").GetProperty("iptw_" + ties), json.GetProperty("cox"), robust: true);
            Assert.Equal(JsonValueKind.Null, json.GetProperty("tests").ValueKind);
            Assert.Contains(json.GetProperty("notes").EnumerateArray(), n => n.GetString()!.Contains("survdiff has no weights", StringComparison.Ordinal));

            var rows = json.GetProperty("groups").EnumerateArray().SelectMany(g => g.GetProperty("weightedCurve").EnumerateArray()).ToArray();
            var expected = r.GetProperty("weighted_km").EnumerateArray().ToArray();
            Assert.Equal(expected.Length, rows.Length);
            for (var k = 0; k < rows.Length; k++)
            {
                Close(expected[k].GetProperty("n_risk").GetDouble(), rows[k].GetProperty("atRisk"), $"row {k} n.risk");
                Close(expected[k].GetProperty("surv").GetDouble(), rows[k].GetProperty("survival"), $"row {k} surv");
                Close(expected[k].GetProperty("std_err").GetDouble(), rows[k].GetProperty("stdErr"), $"row {k} std.err");
                Close(expected[k].GetProperty("lower").GetDouble(), rows[k].GetProperty("lower"), $"row {k} lower");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Datasets))]
    public async Task Strata_give_the_stratified_Cox_model_and_the_stratified_log_rank_and_Peto_Peto_tests(string dataset)
    {
        var (subjects, r, _) = Load(dataset);
        var json = await PostAsync(subjects.Select(s => Without(s, "weight", "covariates")), r);
        SingleTerm(r.GetProperty("cox").GetProperty("stratified_efron"), json.GetProperty("cox"), robust: false);
        var tests = json.GetProperty("tests");
        var expected = r.GetProperty("stratified_tests");
        Close(expected.GetProperty("logrank").GetProperty("chisq").GetDouble(), tests.GetProperty("logRank").GetProperty("chiSquare"), "log-rank");
        Close(expected.GetProperty("logrank").GetProperty("p").GetDouble(), tests.GetProperty("logRank").GetProperty("p"), "log-rank p");
        Close(expected.GetProperty("peto_peto").GetProperty("chisq").GetDouble(), tests.GetProperty("petoPeto").GetProperty("chiSquare"), "Peto-Peto");
    }

    [Theory]
    [MemberData(nameof(Datasets))]
    public async Task Clusters_give_the_cluster_robust_Cox_model_of_the_matched_pairs(string dataset)
    {
        var (subjects, r, _) = Load(dataset);
        var pair = new Dictionary<string, string>(StringComparer.Ordinal);
        var k = 0;
        foreach (var p in r.GetProperty("matching").GetProperty("pairs").EnumerateArray())
        {
            pair[p.GetProperty("treated").GetString()!] = $"pair {k}";
            pair[p.GetProperty("control").GetString()!] = $"pair {k++}";
        }

        var matched = subjects.Where(s => pair.ContainsKey(s["id"]!.GetValue<string>())).Select(s =>
        {
            var copy = Without(s, "weight", "stratum", "covariates");
            copy["cluster"] = pair[s["id"]!.GetValue<string>()];
            return copy;
        });
        var json = await PostAsync(matched, r);
        SingleTerm(r.GetProperty("cox").GetProperty("matched_cluster_efron"), json.GetProperty("cox"), robust: true);
    }

    [Theory]
    [MemberData(nameof(Datasets))]
    public async Task Categorical_covariates_the_PH_test_and_RMST_match_R(string dataset)
    {
        var (subjects, r, covariates) = Load(dataset);
        var json = await PostAsync(subjects.Select(s => Without(s, "weight", "stratum")), r, b =>
        {
            b["covariates"] = new JsonArray([.. covariates.Select(c => JsonValue.Create(c))]);
            b["phTest"] = true;
            b["rmst"] = new JsonObject { ["tau"] = r.GetProperty("tau").GetDouble() };
        });
        var e = r.GetProperty("cox").GetProperty("multivariable_efron");
        var terms = json.GetProperty("cox").GetProperty("terms").EnumerateArray().ToArray();
        Assert.Equal(e.GetProperty("terms").EnumerateArray().Select(t => t.GetString()), terms.Select(t => t.GetProperty("term").GetString()));
        for (var j = 0; j < terms.Length; j++)
        {
            Close(e.GetProperty("coef")[j].GetDouble(), terms[j].GetProperty("coefficient"), $"coef {j}");
            Close(e.GetProperty("se")[j].GetDouble(), terms[j].GetProperty("stdErr"), $"se {j}");
            Close(e.GetProperty("p")[j].GetDouble(), terms[j].GetProperty("p"), $"p {j}");
        }

        var zph = e.GetProperty("ph_test");
        var ph = json.GetProperty("cox").GetProperty("phTest");
        JsonElement[] rows = [.. ph.GetProperty("terms").EnumerateArray(), ph.GetProperty("global")];
        Assert.Equal(zph.GetProperty("terms").EnumerateArray().Select(t => t.GetString()), rows.Select(x => x.GetProperty("term").GetString()));
        for (var j = 0; j < rows.Length; j++)
        {
            Close(zph.GetProperty("chisq")[j].GetDouble(), rows[j].GetProperty("chiSquare"), $"zph chisq {j}");
            Assert.Equal(zph.GetProperty("df")[j].GetInt32(), rows[j].GetProperty("df").GetInt32());
            Close(zph.GetProperty("p")[j].GetDouble(), rows[j].GetProperty("p"), $"zph p {j}");
        }

        var rmst = r.GetProperty("rmst");
        var groups = json.GetProperty("groups").EnumerateArray().ToArray();
        for (var g = 0; g < 2; g++)
        {
            Close(rmst.GetProperty("groups")[g].GetProperty("estimate").GetDouble(), groups[g].GetProperty("rmst").GetProperty("estimate"), $"rmst {g}");
            Close(rmst.GetProperty("groups")[g].GetProperty("std_err").GetDouble(), groups[g].GetProperty("rmst").GetProperty("stdErr"), $"rmst se {g}");
        }

        var difference = Assert.Single(json.GetProperty("rmstDifferences").EnumerateArray());
        Close(rmst.GetProperty("difference").GetProperty("estimate").GetDouble(), difference.GetProperty("estimate"), "difference");
        Close(rmst.GetProperty("difference").GetProperty("std_err").GetDouble(), difference.GetProperty("stdErr"), "difference se");
        Close(rmst.GetProperty("difference").GetProperty("p").GetDouble(), difference.GetProperty("p"), "difference p");
    }

    public static TheoryData<string, string> BadRequests => new()
    {
        { """{"subjects":[{"time":1,"event":true,"group":"A","weight":1},{"time":2,"event":false,"group":"B","weight":0}]}""", "subjects[1].weight" },
        { """{"subjects":[{"time":1,"event":true,"group":"A","stratum":"x"},{"time":2,"event":false,"group":"B"}]}""", "subjects[1].stratum" },
        { """{"subjects":[{"time":1,"event":true,"group":"A","cluster":""},{"time":2,"event":false,"group":"B","cluster":"c"}]}""", "subjects[0].cluster" },
        { """{"subjects":[{"time":1,"event":true,"group":"A","covariates":{"bclc":"B"}},{"time":2,"event":false,"group":"B","covariates":{"bclc":3}}],"covariates":["bclc"]}""", "subjects[1].covariates.bclc" },
        { """{"subjects":[{"time":1,"event":true,"group":"A","covariates":{"bclc":"B"}},{"time":2,"event":false,"group":"B","covariates":{"bclc":"B"}}],"covariates":["bclc"]}""", "covariates[0]" },
        { """{"subjects":[{"time":1,"event":true,"group":"A"},{"time":2,"event":false,"group":"B"}],"rmst":{"tau":-1}}""", "rmst.tau" },
        { """{"subjects":[{"time":1,"event":true,"group":"A"},{"time":2,"event":false,"group":"B"}],"rmst":{}}""", "rmst.tau" },
        { """{"subjects":[{"time":1,"event":true,"group":"A"},{"time":2,"event":false,"group":"B"}],"robust":"yes"}""", "robust" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Bad_adjusted_input_is_a_problem_naming_the_field(string body, string field)
    {
        var response = await _client.PostAsync(Url, new StringContent(body, Encoding.UTF8, "application/json"));
        var messages = await response.AssertFieldErrorAsync(field);
        Assert.DoesNotContain(messages, m => m.Contains("System.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_request_without_adjusted_options_answers_as_before()
    {
        var response = await _client.PostAsJsonAsync(Url, new
        {
            subjects = new[] { new { time = 1.0, @event = true, group = "A" }, new { time = 2.0, @event = false, group = "B" }, new { time = 3.0, @event = true, group = "B" } },
        });
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(JsonValueKind.Null, json.GetProperty("notes").ValueKind);
        Assert.Equal(JsonValueKind.Null, json.GetProperty("groups")[0].GetProperty("weightedCurve").ValueKind);
        Assert.Equal(JsonValueKind.Object, json.GetProperty("tests").ValueKind);
    }
}
