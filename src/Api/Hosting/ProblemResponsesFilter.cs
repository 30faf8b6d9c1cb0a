using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace HccOutcomes.Api.Hosting;

/// <summary>
/// Documents every error response (4xx, 5xx) as <c>application/problem+json</c>, the one type the API writes errors in
/// whatever the request's <c>Accept</c> (<see cref="Errors.ProblemResponses"/>). Without it each error inherits the
/// action's <c>[Produces]</c> types (JSON, CSV, SVG), which describe only its successful answers. It also adds the
/// errors every operation of a kind can answer: 415 where a body is read, 503 (with <c>Retry-After</c>) while the
/// database is unreachable.
/// </summary>
internal sealed class ProblemResponsesFilter : IOperationFilter
{
    private const string ProblemJson = "application/problem+json";

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        operation.Responses ??= [];
        foreach (var (status, response) in operation.Responses)
        {
            if (status.Length == 3 && (status[0] is '4' or '5') && response is OpenApiResponse { Content: { Count: > 0 } content } concrete)
            {
                var schema = content.TryGetValue("application/json", out var json) ? json.Schema : content.Values.First().Schema;
                concrete.Content = new Dictionary<string, OpenApiMediaType> { [ProblemJson] = new() { Schema = schema } };
            }
        }

        if (operation.RequestBody is not null)
        {
            AddProblem(operation, context, "415", "The body is not in a media type this operation reads (see its request body), or has no Content-Type.");
        }

        var unavailable = AddProblem(operation, context, "503", "The database is unreachable: nothing was done. Retry after the Retry-After seconds.");
        unavailable.Headers ??= new Dictionary<string, IOpenApiHeader>();
        unavailable.Headers["Retry-After"] = new OpenApiHeader
        {
            Description = "Seconds to wait before retrying.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.Integer },
        };
    }

    /// <summary>Documents <paramref name="status"/> as a ProblemDetails answer, unless the operation already does.</summary>
    public static OpenApiResponse AddProblem(OpenApiOperation operation, OperationFilterContext context, string status, string description)
    {
        operation.Responses ??= [];
        if (operation.Responses.TryGetValue(status, out var existing) && existing is OpenApiResponse known)
        {
            return known;
        }

        var response = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                [ProblemJson] = new() { Schema = context.SchemaGenerator.GenerateSchema(typeof(ProblemDetails), context.SchemaRepository) },
            },
        };
        operation.Responses[status] = response;
        return response;
    }
}
