using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace HccOutcomes.Api.Interop.Fhir;

/// <summary>Registration of the FHIR import and export.</summary>
public static class FhirServiceCollectionExtensions
{
    /// <summary>The FHIR options (section <c>Fhir</c>), the import and export services and the lazily built core validator.</summary>
    public static IServiceCollection AddFhirInterop(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<FhirOptions>(configuration.GetSection(FhirOptions.Section));
        services.AddSingleton<FhirCoreValidator>();
        services.AddScoped<FhirImport>();
        services.AddScoped<FhirExport>();
        return services;
    }
}

/// <summary>Marks the FHIR import, whose body is read as a stream, so that Swagger documents its two media types.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class FhirRequestBodyAttribute : Attribute;

/// <summary>Documents the FHIR import body: a Bundle (with a small example) or ndjson.</summary>
internal sealed class FhirRequestBodyFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (!context.MethodInfo.IsDefined(typeof(FhirRequestBodyAttribute), false))
        {
            return;
        }

        using var stream = typeof(FhirRequestBodyFilter).Assembly.GetManifestResourceStream("HccOutcomes.Api.Examples.fhir-bundle.json")
            ?? throw new InvalidOperationException("Example resource fhir-bundle.json is missing.");
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Description = "A FHIR R4 Bundle (collection, transaction or batch), or Bulk Data ndjson (one resource per line).",
            Content = new Dictionary<string, OpenApiMediaType>
            {
                [FhirJson.MediaType] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.Object }, Example = System.Text.Json.Nodes.JsonNode.Parse(stream) },
                [FhirJson.NdjsonMediaType] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String } },
            },
        };
    }
}
