using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace HccOutcomes.Api.Hosting;

/// <summary>
/// Documents the successful answers of an action whose <c>[Produces]</c> names binary types (PNG, PDF) in exactly its
/// types, without the JSON type the formatters add to a <c>string</c> result (<see cref="NonJsonBodiesFilter"/> then
/// gives each its text or binary schema).
/// </summary>
internal sealed class BinaryResponsesFilter : IOperationFilter
{
    private static readonly HashSet<string> Binary = new(StringComparer.OrdinalIgnoreCase) { "image/png", "application/pdf" };

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var produces = context.MethodInfo.GetCustomAttributes(typeof(ProducesAttribute), false).OfType<ProducesAttribute>().FirstOrDefault();
        if (produces is null || !produces.ContentTypes.Any(Binary.Contains))
        {
            return;
        }

        foreach (var (status, response) in operation.Responses ?? [])
        {
            if (status.Length != 3 || status[0] != '2' || response is not OpenApiResponse { Content: { Count: > 0 } content })
            {
                continue;
            }

            foreach (var type in content.Keys.Where(t => !produces.ContentTypes.Contains(t, StringComparer.OrdinalIgnoreCase)).ToList())
            {
                content.Remove(type);
            }
        }
    }
}
