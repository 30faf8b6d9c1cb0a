using System.Text.Json.Nodes;
using HccOutcomes.Api.Hosting;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace HccOutcomes.Api.Interop.Redcap;

/// <summary>
/// Documents the body of the REDCap import, which the action streams itself: a CSV export, an API JSON export, or a
/// multipart form of a mapping document and the export, each with a small example (Examples/redcap-export.*).
/// </summary>
internal sealed class RedcapImportBodyFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (context.MethodInfo.DeclaringType != typeof(RedcapController) || context.MethodInfo.Name != nameof(RedcapController.Import))
        {
            return;
        }

        var record = new OpenApiSchema { Type = JsonSchemaType.Object, AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.String } };
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Description = "A REDCap record export: one row per record plus one per repeating-instrument instance.",
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["text/csv"] = new()
                {
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                    Example = JsonValue.Create(ExampleSchemaFilter.Text("redcap-export.csv")),
                },
                ["application/json"] = new()
                {
                    Schema = new OpenApiSchema { Type = JsonSchemaType.Array, Items = record },
                    Example = JsonNode.Parse(ExampleSchemaFilter.Text("redcap-export.json")),
                },
                ["multipart/form-data"] = new()
                {
                    Schema = new OpenApiSchema
                    {
                        Type = JsonSchemaType.Object,
                        Required = new HashSet<string> { "file" },
                        Properties = new Dictionary<string, IOpenApiSchema>
                        {
                            ["mapping"] = context.SchemaGenerator.GenerateSchema(typeof(RedcapMapping), context.SchemaRepository),
                            ["file"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary", Description = "The export (CSV, or JSON named *.json or sent as application/json)." },
                        },
                    },
                },
            },
        };
    }
}
