using System.Text.RegularExpressions;
using HccOutcomes.Api.Errors;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace HccOutcomes.Api.Validation;

/// <summary>
/// Shapes model-binding failures (malformed JSON, wrong types, unknown enum values) as ProblemDetails
/// whose keys are JSON paths such as <c>subjects[3].time</c>, without the framework's leading <c>$.</c>.
/// </summary>
internal static partial class InvalidModelState
{
    public static IActionResult ToProblem(ActionContext context)
    {
        var errors = new Dictionary<string, string[]>();
        var hasJsonPathErrors = context.ModelState.Keys.Any(k => k.StartsWith('$'));
        foreach (var (key, entry) in context.ModelState)
        {
            if (entry.ValidationState != ModelValidationState.Invalid)
            {
                continue;
            }

            // When the body could not be deserialized the framework also reports the parameter as
            // "required"; that second message only hides the real cause.
            if (hasJsonPathErrors && !key.StartsWith('$'))
            {
                continue;
            }

            var path = NormalisePath(key);
            // A null list element is reported on its list; key it by the element.
            if (entry.Errors.Count == 1 && Hosting.NullsInLists.ElementIndexIn(entry.Errors[0].ErrorMessage) is { } element)
            {
                path += element;
            }

            errors[path] = entry.Errors
                .Select(e => string.IsNullOrEmpty(e.ErrorMessage) ? "The value is invalid." : Clean(e.ErrorMessage))
                .Distinct()
                .ToArray();
        }

        // Thrown, not returned, so that the one exception handler writes it like every other
        // error (MVC's own problem writer would drop the 'errors' member).
        throw new RequestValidationException(
            errors, "The request body or parameters could not be read. See 'errors' for the field paths.");
    }

    internal static string NormalisePath(string key)
    {
        if (key == "$")
        {
            return "body";
        }

        var path = key.StartsWith("$.", StringComparison.Ordinal) ? key[2..] : key.TrimStart('$');
        return path.Length > 0 ? char.ToLowerInvariant(path[0]) + path[1..] : "body";
    }

    // System.Text.Json messages end with internal positions ("Path: $.x | LineNumber: 0 | ...");
    // the key already names the field.
    private static string Clean(string message) => JsonPositionSuffix().Replace(message, string.Empty).Trim();

    [GeneratedRegex(@"\s*Path: \$.*$", RegexOptions.Singleline)]
    private static partial Regex JsonPositionSuffix();
}
