using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace HccOutcomes.Api.Hosting;

/// <summary>
/// Marks an action that reads its JSON body as a stream (no model binding) and names the type that documents it,
/// so Swagger still shows the request schema and its example.
/// </summary>
/// <param name="bodyType">The documented body type.</param>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class StreamedRequestBodyAttribute(Type bodyType) : Attribute
{
    public Type BodyType { get; } = bodyType;
}

/// <summary>Adds the request body of <see cref="StreamedRequestBodyAttribute"/> actions to the OpenAPI document.</summary>
internal sealed class StreamedRequestBodyFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var attribute = context.MethodInfo.GetCustomAttributes(typeof(StreamedRequestBodyAttribute), false)
            .OfType<StreamedRequestBodyAttribute>().FirstOrDefault();
        if (attribute is null)
        {
            return;
        }

        var schema = context.SchemaGenerator.GenerateSchema(attribute.BodyType, context.SchemaRepository);
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/json"] = new() { Schema = schema },
            },
        };
    }
}
