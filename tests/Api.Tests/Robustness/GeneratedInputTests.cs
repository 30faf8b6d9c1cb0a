using System.Net;
using System.Text;
using HccOutcomes.Api.Tests.Infrastructure;

namespace HccOutcomes.Api.Tests.Robustness;

/// <summary>
/// Every operation of the served document, with generated bad input: bodies of the wrong shape and type, values at the
/// edges of their types, unknown or malformed path values, odd headers. None may answer 5xx, and every error must be a
/// ProblemDetails.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class GeneratedInputTests(ApiFactory factory)
{
    private static readonly string[] Bodies =
    [
        "", "null", "[]", "{}", "\"text\"", "12", "{", "{\"a\":", "[{}]", "{\"groups\": 1}", "{\"subjects\": \"x\"}",
        "{\"patients\": [null]}", "{\"name\": 1e400}", "{\"page\": -2147483649}", "{\"cohortId\": \"not-a-uuid\"}",
        "{\"ageYears\": 9223372036854775808}", "{\"onStudyDate\": \"2021-02-30\"}", "{\"arm\": \"\\u0000\"}",
        "{\"groups\": [{\"name\": \"A\", \"events\": 2147483647, \"total\": 2147483647}, {\"name\": \"B\", \"events\": 2147483647, \"total\": 2147483647}]}",
        "{\"subjects\": [{\"time\": 1e308, \"event\": true, \"group\": \"A\"}, {\"time\": -0.0, \"event\": false, \"group\": \"B\"}]}",
    ];

    private static readonly string[] Queries =
        ["", "?page=0", "?page=1073741825&pageSize=2", "?pageSize=-1", "?dryRun=maybe", "?cascade=2", "?endpoint=x", "?criteria=%00", "?from=yesterday"];

    [Fact]
    public async Task No_generated_request_to_any_operation_is_answered_with_a_server_error()
    {
        var client = factory.CreateClient();
        var contract = await OpenApiContract.LoadAsync(client);
        var cohort = System.Text.Json.JsonDocument.Parse(await (await client.PostAsync("/api/v1/cohorts",
            ApiFactory.JsonBody(new { name = $"generated {Guid.NewGuid():N}" }))).Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
        var values = new Dictionary<string, string[]>
        {
            ["cohortId"] = [cohort, Guid.Empty.ToString(), "not-a-uuid"],
            ["externalId"] = ["P-1", new string('x', 300), "..", "a%2Fb", "%C3%A9"],
            ["recordId"] = [Guid.NewGuid().ToString(), "1"],
            ["figure"] = ["kaplan-meier", "pie"],
            ["clientId"] = ["nobody", new string('c', 500)],
        };

        var failures = new List<string>();
        var random = new Random(20261206);
        foreach (var operation in contract.Operations)
        {
            for (var i = 0; i < 12; i++)
            {
                var url = operation.Template;
                foreach (var (name, options) in values)
                {
                    url = url.Replace("{" + name + "}", options[random.Next(options.Length)], StringComparison.Ordinal);
                }

                url += Queries[random.Next(Queries.Length)];
                using var request = new HttpRequestMessage(new HttpMethod(operation.Method), url);
                if (operation.Method is "POST" or "PUT")
                {
                    var body = Bodies[random.Next(Bodies.Length)];
                    request.Content = new StringContent(body, Encoding.UTF8, random.Next(6) == 0 ? "text/plain" : "application/json");
                }

                if (random.Next(4) == 0)
                {
                    request.Headers.TryAddWithoutValidation("If-Match", random.Next(2) == 0 ? "1" : "\"1\"");
                }

                if (random.Next(5) == 0)
                {
                    request.Headers.TryAddWithoutValidation("Accept", random.Next(2) == 0 ? "text/csv" : "image/svg+xml");
                }

                using var response = await client.SendAsync(request);
                var status = (int)response.StatusCode;
                var type = response.Content.Headers.ContentType?.MediaType;
                if (status >= 500)
                {
                    failures.Add($"{operation.Method} {url} → {status}: {await response.Content.ReadAsStringAsync()}");
                }
                else if (status >= 400 && type != "application/problem+json")
                {
                    failures.Add($"{operation.Method} {url} → {status} as {type ?? "no body"}");
                }
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} generated request(s):\n" + string.Join('\n', failures.Take(40)));
    }
}
