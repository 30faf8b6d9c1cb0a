using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace HccOutcomes.Api.Hosting;

/// <summary>
/// The document's parameters as clients send them: query parameters in camelCase like every JSON member (binding is
/// case-insensitive, but generators use the documented name), and the closed set of <c>figure</c> as an enum.
/// </summary>
internal sealed class ParameterConventionsFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        foreach (var parameter in (operation.Parameters ?? []).OfType<OpenApiParameter>())
        {
            if (parameter.In == ParameterLocation.Query && parameter.Name is { Length: > 0 } name && char.IsUpper(name[0]))
            {
                parameter.Name = JsonNamingPolicy.CamelCase.ConvertName(name);
            }

            if (parameter.In == ParameterLocation.Path && parameter.Name == "figure")
            {
                parameter.Schema = new OpenApiSchema
                {
                    Type = JsonSchemaType.String,
                    Enum = [.. Controllers.AnalysesController.FigureNames.Select(n => (JsonNode)JsonValue.Create(n)!)],
                };
            }
        }
    }
}
