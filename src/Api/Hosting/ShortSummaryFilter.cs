using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace HccOutcomes.Api.Hosting;

/// <summary>
/// Keeps an operation's <c>summary</c> to one plain line, as Swagger UI shows it in the collapsed list: the first
/// sentence of the XML <c>&lt;summary&gt;</c> without Markdown code marks (so a summary's first sentence is written to
/// stand alone). The whole text moves to the top of the <c>description</c>, where Markdown renders.
/// </summary>
internal sealed class ShortSummaryFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (operation.Summary is not { Length: > 0 } full)
        {
            return;
        }

        var line = FirstSentence(full).Replace("`", string.Empty, StringComparison.Ordinal);
        if (line == full)
        {
            return;
        }

        operation.Summary = line;
        operation.Description = string.IsNullOrEmpty(operation.Description) ? full : full + "\n\n" + operation.Description;
    }

    private static string FirstSentence(string text)
    {
        var flat = text.ReplaceLineEndings(" ").Trim();
        for (var i = 0; i < flat.Length - 1; i++)
        {
            // A full stop followed by a space ends the sentence; "e.g. " and "i.e. " do not.
            if (flat[i] == '.' && flat[i + 1] == ' ' && !EndsWithAbbreviation(flat, i))
            {
                return flat[..(i + 1)];
            }
        }

        return flat;
    }

    private static bool EndsWithAbbreviation(string text, int dot) =>
        text.AsSpan(0, dot + 1).EndsWith("e.g.", StringComparison.Ordinal) || text.AsSpan(0, dot + 1).EndsWith("i.e.", StringComparison.Ordinal) ||
        text.AsSpan(0, dot + 1).EndsWith("vs.", StringComparison.Ordinal);
}
