using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace HccOutcomes.Api.Hosting;

/// <summary>
/// A successful answer in a media type other than JSON (CSV, HTML, SVG, PNG, PDF, DOCX) is documented as what it is:
/// text, or binary for raster and office formats. The action's <c>[ProducesResponseType]</c> type would otherwise be
/// shown as a JSON schema under <c>text/csv</c>, which client generators take literally.
/// </summary>
internal sealed class NonJsonBodiesFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        foreach (var (status, response) in operation.Responses ?? [])
        {
            if (status[0] != '2' || response is not OpenApiResponse { Content: { } content })
            {
                continue;
            }

            foreach (var (mediaType, media) in content)
            {
                if (mediaType.Contains("json", StringComparison.Ordinal))
                {
                    continue;
                }

                var binary = !mediaType.StartsWith("text/", StringComparison.Ordinal) && mediaType != "image/svg+xml";
                media.Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = binary ? "binary" : null };
            }
        }
    }
}
