using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace HccOutcomes.Api.Hosting;

/// <summary>
/// Documents every error response (4xx, 5xx) as <c>application/problem+json</c>, the one type the API writes errors in
/// whatever the request's <c>Accept</c> (<see cref="Errors.ProblemResponses"/>). Without it each error inherits the
/// action's <c>[Produces]</c> types (JSON, CSV, SVG), which describe only its successful answers.
/// </summary>
internal sealed class ProblemResponsesFilter : IOperationFilter
{
    private const string ProblemJson = "application/problem+json";

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        foreach (var (status, response) in operation.Responses ?? [])
        {
            if (status.Length == 3 && (status[0] is '4' or '5') && response is OpenApiResponse { Content: { Count: > 0 } content } concrete)
            {
                var schema = content.TryGetValue("application/json", out var json) ? json.Schema : content.Values.First().Schema;
                concrete.Content = new Dictionary<string, OpenApiMediaType> { [ProblemJson] = new() { Schema = schema } };
            }
        }
    }
}
