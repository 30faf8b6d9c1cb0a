using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using HccOutcomes.Api.Tests.Infrastructure;

namespace HccOutcomes.Api.Tests.Analyses;

/// <summary>
/// POST /analyses/survival over HTTP against R 4.2.2 / survival 3.5.3 (tests/reference/survival/*.json):
///   survfit(Surv(time, event) ~ group, conf.type = "log" | "log-log" | "plain"); summary(fit, censored = TRUE);
///   quantile(fit, 0.5); summary(fit, times = landmarks, extend = TRUE);
///   survdiff(rho = 0 | 1) and the Gehan–Breslow / Tarone–Ware weights;
///   coxph(Surv(time, event) ~ group [+ covariates], ties = "efron" | "breslow").
/// Relative tolerance 1e-6 (KM survival 1e-9).
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class SurvivalApiTests(ApiFactory factory)
{
    private readonly HttpClient _client = factory.CreateClient();

    public static TheoryData<string> Datasets => new() { "aml", "lung", "ovarian" };

    private static (JsonArray Subjects, string[] Covariates) Load(string dataset)
    {
        var lines = File.ReadAllLines(ReferenceFiles.PathOf($"survival/{dataset}.csv"));
        var header = lines[0].Split(',').Select(h => h.Trim('"')).ToArray();
        var covariates = header.Skip(3).ToArray();
        var subjects = new JsonArray();
        foreach (var line in lines.Skip(1))
        {
            var f = line.Split(',').Select(v => v.Trim('"')).ToArray();
            var subject = new JsonObject
            {
                ["time"] = double.Parse(f[0], CultureInfo.InvariantCulture),
                ["event"] = f[1] == "1",
                ["group"] = f[2],
            };
            if (covariates.Length > 0)
            {
                var c = new JsonObject();
                for (var i = 0; i < covariates.Length; i++)
                {
                    c[covariates[i]] = double.Parse(f[3 + i], CultureInfo.InvariantCulture);
                }

                subject["covariates"] = c;
            }

            subjects.Add(subject);
        }

        return (subjects, covariates);
    }

    private async Task<JsonElement> Post(JsonObject body)
    {
        var response = await _client.PostAsync("/api/v1/analyses/survival", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static void Close(JsonElement expected, JsonElement actual, string what, double tolerance = 1e-6)
    {
        if (expected.ValueKind == JsonValueKind.Null)
        {
            Assert.True(actual.ValueKind == JsonValueKind.Null, $"{what}: expected null (R NA), got {actual}");
            return;
        }

        var e = expected.GetDouble();
        Assert.True(actual.ValueKind == JsonValueKind.Number, $"{what}: expected {e:R}, got {actual}");
        var a = actual.GetDouble();
        Assert.True(Math.Abs(a - e) <= tolerance * Math.Max(Math.Abs(e), 1e-12), $"{what}: expected {e:R}, got {a:R}");
    }

    [Theory]
    [MemberData(nameof(Datasets))]
    public async Task Kaplan_Meier_medians_landmarks_and_tests_match_R(string dataset)
    {
        var reference = ReferenceFiles.Json($"survival/{dataset}.json");
        var (subjects, _) = Load(dataset);
        var groups = reference.GetProperty("groups").EnumerateArray().Select(g => g.GetString()!).ToArray();
        var landmarks = reference.GetProperty("landmarks").GetProperty("log").EnumerateArray().Select(r => r.GetProperty("time").GetDouble()).Distinct().ToArray();

        foreach (var (transform, key) in new[] { ("log", "log"), ("logLog", "log-log"), ("plain", "plain") })
        {
            var body = new JsonObject
            {
                ["subjects"] = subjects.DeepClone(),
                ["groupOrder"] = new JsonArray(groups.Select(g => (JsonNode?)g).ToArray()),
                ["landmarks"] = new JsonArray(landmarks.Select(l => (JsonNode?)l).ToArray()),
                ["ciTransform"] = transform,
            };
            var result = await Post(body);

            foreach (var group in groups)
            {
                var g = result.GetProperty("groups").EnumerateArray().Single(x => x.GetProperty("name").GetString() == group);
                var rows = reference.GetProperty("km").GetProperty(key).EnumerateArray().Where(r => r.GetProperty("group").GetString() == group).ToList();
                var curve = g.GetProperty("curve");
                Assert.Equal(rows.Count, curve.GetArrayLength());
                for (var i = 0; i < rows.Count; i++)
                {
                    var what = $"{dataset} {key} {group} row {i}";
                    Close(rows[i].GetProperty("time"), curve[i].GetProperty("time"), what + " time", 1e-9);
                    Assert.Equal(rows[i].GetProperty("n_risk").GetInt32(), curve[i].GetProperty("atRisk").GetInt32());
                    Assert.Equal(rows[i].GetProperty("n_event").GetInt32(), curve[i].GetProperty("events").GetInt32());
                    Assert.Equal(rows[i].GetProperty("n_censor").GetInt32(), curve[i].GetProperty("censored").GetInt32());
                    Close(rows[i].GetProperty("surv"), curve[i].GetProperty("survival"), what + " surv", 1e-9);
                    Close(rows[i].GetProperty("std_err"), curve[i].GetProperty("stdErr"), what + " se", 1e-9);
                    Close(rows[i].GetProperty("lower"), curve[i].GetProperty("lower"), what + " lower", 1e-9);
                    Close(rows[i].GetProperty("upper"), curve[i].GetProperty("upper"), what + " upper", 1e-9);
                }

                var median = reference.GetProperty("median").GetProperty(key).EnumerateArray().Single(m => m.GetProperty("group").GetString() == group);
                Close(median.GetProperty("median"), g.GetProperty("median").GetProperty("estimate"), $"{dataset} {key} {group} median");
                Close(median.GetProperty("lower"), g.GetProperty("median").GetProperty("lower"), $"{dataset} {key} {group} median lower");
                Close(median.GetProperty("upper"), g.GetProperty("median").GetProperty("upper"), $"{dataset} {key} {group} median upper");

                var marks = reference.GetProperty("landmarks").GetProperty(key).EnumerateArray().Where(r => r.GetProperty("group").GetString() == group).ToList();
                for (var i = 0; i < marks.Count; i++)
                {
                    var lm = g.GetProperty("landmarks")[i];
                    Close(marks[i].GetProperty("surv"), lm.GetProperty("survival"), $"{dataset} {key} {group} landmark {i}");
                    Close(marks[i].GetProperty("lower"), lm.GetProperty("lower"), $"{dataset} {key} {group} landmark {i} lower");
                    Close(marks[i].GetProperty("upper"), lm.GetProperty("upper"), $"{dataset} {key} {group} landmark {i} upper");
                }

                if (key == "log")
                {
                    var fu = reference.GetProperty("median_followup_reverse_km").EnumerateArray().Single(m => m.GetProperty("group").GetString() == group);
                    Close(fu.GetProperty("median"), g.GetProperty("medianFollowUp").GetProperty("estimate"), $"{dataset} {group} follow-up");
                }
            }

            var tests = result.GetProperty("tests");
            foreach (var (name, refName) in new[] { ("logRank", "logrank"), ("gehanBreslow", "gehan_breslow"), ("taroneWare", "tarone_ware"), ("petoPeto", "peto_peto") })
            {
                var expected = reference.GetProperty("tests").GetProperty(refName);
                Close(expected.GetProperty("chisq"), tests.GetProperty(name).GetProperty("chiSquare"), $"{dataset} {name} chisq");
                Close(expected.GetProperty("p"), tests.GetProperty(name).GetProperty("p"), $"{dataset} {name} p");
                Assert.Equal(expected.GetProperty("df").GetInt32(), tests.GetProperty(name).GetProperty("df").GetInt32());
            }
        }
    }

    [Theory]
    [MemberData(nameof(Datasets))]
    public async Task Cox_models_match_R(string dataset)
    {
        var reference = ReferenceFiles.Json($"survival/{dataset}.json");
        var (subjects, covariates) = Load(dataset);
        var groups = reference.GetProperty("groups").EnumerateArray().Select(g => (JsonNode?)g.GetString()).ToArray();
        foreach (var model in reference.GetProperty("cox").EnumerateObject())
        {
            var multi = model.Name.EndsWith("multi", StringComparison.Ordinal);
            var body = new JsonObject
            {
                ["subjects"] = subjects.DeepClone(),
                ["groupOrder"] = new JsonArray(groups.Select(g => g?.DeepClone()).ToArray()),
                ["ties"] = model.Name.StartsWith("efron", StringComparison.Ordinal) ? "efron" : "breslow",
            };
            if (multi)
            {
                body["covariates"] = new JsonArray(covariates.Select(c => (JsonNode?)c).ToArray());
            }

            var cox = (await Post(body)).GetProperty("cox");
            var expected = model.Value;
            Assert.True(cox.GetProperty("converged").GetBoolean());
            Assert.Equal(expected.GetProperty("iterations").GetInt32(), cox.GetProperty("iterations").GetInt32());
            var terms = expected.GetProperty("terms").EnumerateArray().Select(t => t.GetString()!).ToList();
            for (var i = 0; i < terms.Count; i++)
            {
                var term = cox.GetProperty("terms")[i];
                var apiName = terms[i].StartsWith("group", StringComparison.Ordinal) ? "group:" + terms[i]["group".Length..] : terms[i];
                Assert.Equal(apiName, term.GetProperty("term").GetString());
                foreach (var (field, refField) in new[] { ("coefficient", "coef"), ("stdErr", "se"), ("z", "z"), ("p", "p"), ("hazardRatio", "hr"), ("lower", "lower"), ("upper", "upper") })
                {
                    Close(expected.GetProperty(refField)[i], term.GetProperty(field), $"{dataset} {model.Name} {terms[i]} {field}");
                }
            }

            Close(expected.GetProperty("loglik")[0], cox.GetProperty("logLikelihood").GetProperty("null"), $"{dataset} {model.Name} loglik null");
            Close(expected.GetProperty("loglik")[1], cox.GetProperty("logLikelihood").GetProperty("model"), $"{dataset} {model.Name} loglik");
            Close(expected.GetProperty("lr").GetProperty("chisq"), cox.GetProperty("likelihoodRatio").GetProperty("chiSquare"), $"{dataset} {model.Name} LR");
            Close(expected.GetProperty("score").GetProperty("chisq"), cox.GetProperty("score").GetProperty("chiSquare"), $"{dataset} {model.Name} score");
            // summary.coxph prints the Wald statistic rounded to 2 decimals; its p is unrounded.
            Assert.Equal(expected.GetProperty("wald").GetProperty("chisq").GetDouble(), Math.Round(cox.GetProperty("wald").GetProperty("chiSquare").GetDouble(), 2), 9);
            Close(expected.GetProperty("wald").GetProperty("p"), cox.GetProperty("wald").GetProperty("p"), $"{dataset} {model.Name} Wald p");
        }
    }

    [Theory]
    [InlineData("""{ "subjects": [ { "time": -1, "event": true, "group": "A" }, { "time": 2, "event": true, "group": "B" } ] }""", "subjects[0].time")]
    [InlineData("""{ "subjects": [ { "time": 1, "event": true }, { "time": 2, "event": true, "group": "B" } ] }""", "subjects[0].group")]
    [InlineData("""{ "subjects": [] }""", "subjects")]
    [InlineData("""{ "subjects": [ { "time": 1, "event": true, "group": "A" }, { "time": 2, "event": true, "group": "B" } ], "covariates": ["age"] }""", "covariates[0]")]
    [InlineData("""{ "subjects": [ { "time": 1, "event": true, "group": "A" }, { "time": "x", "event": true, "group": "B" } ] }""", "subjects[1].time")]
    [InlineData("""{ "subjects": [ { "time": 1, "event": true, "group": "A" } ], "ties": "exact" }""", "ties")]
    [InlineData("""{ "subjects": [ { "time": 1, "event": true, "group": "A" } ], "confidenceLevel": 2 }""", "confidenceLevel")]
    [InlineData("""{ "subjects": [ { "time": 1, "event": true, "group": "A" } ], "groupOrder": ["B", "A"] }""", "groupOrder[0]")]
    [InlineData("""{ "subjects": [ { "time": 1, "event": true, "group": "A" } ], "mrn": 1 }""", "mrn")]
    [InlineData("""{ "subjects": [ { "time": 1, "event": true, "group": "A" }""", "body")]
    public async Task Bad_input_is_400_naming_the_field(string body, string field)
    {
        var response = await _client.PostAsync("/api/v1/analyses/survival", new StringContent(body, Encoding.UTF8, "application/json"));
        await response.AssertFieldErrorAsync(field);
    }

    [Fact]
    public async Task Single_group_gives_curves_without_tests_and_median_not_reached_is_null()
    {
        var result = await Post(JsonNode.Parse("""
            { "subjects": [ { "time": 1, "event": true, "group": "A" }, { "time": 2, "event": false, "group": "A" }, { "time": 3, "event": false, "group": "A" }, { "time": 4, "event": false, "group": "A" } ] }
            """)!.AsObject());
        Assert.Equal(JsonValueKind.Null, result.GetProperty("tests").ValueKind);
        Assert.Equal(JsonValueKind.Null, result.GetProperty("groups")[0].GetProperty("median").GetProperty("estimate").ValueKind);
    }

    [Fact]
    public async Task Wrong_media_type_is_415()
    {
        var response = await _client.PostAsync("/api/v1/analyses/survival", new StringContent("time,event", Encoding.UTF8, "text/csv"));
        await response.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType);
    }
}
