using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace HccOutcomes.Api.Hosting;

/// <summary>
/// Documents the non-JSON representations of a successful answer as what they are: text (<c>text/csv</c>,
/// <c>text/html</c>, <c>image/svg+xml</c>) as a string, anything else (a Word document, an image) as binary. Without it
/// every media type of an action's <c>[Produces]</c> inherits the JSON schema of its <c>[ProducesResponseType]</c>.
/// </summary>
internal sealed class RepresentationSchemasFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        foreach (var (status, response) in operation.Responses ?? [])
        {
            if (!status.StartsWith('2') || response is not OpenApiResponse { Content: { Count: > 1 } content })
            {
                continue;
            }

            foreach (var (mediaType, body) in content)
            {
                if (mediaType.EndsWith("json", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                var text = mediaType.StartsWith("text/", StringComparison.OrdinalIgnoreCase) || mediaType.EndsWith("+xml", StringComparison.OrdinalIgnoreCase);
                body.Schema = text
                    ? new OpenApiSchema { Type = JsonSchemaType.String }
                    : new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" };
            }
        }
    }
}
