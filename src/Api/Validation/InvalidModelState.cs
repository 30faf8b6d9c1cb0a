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

    // System.Text.Json messages end with internal positions ("Path: $.x | LineNumber: 0 | ...") and name the .NET type
    // they expected; the key already names the field, and the sender wants the JSON type, format or allowed values.
    internal static string Clean(string message)
    {
        var text = JsonPositionSuffix().Replace(message, string.Empty).Trim();
        var conversion = ConvertedTo().Match(text);
        return conversion.Success ? Expected(conversion.Groups[1].Value) : text;
    }

    // "System.Nullable`1[HccOutcomes.Domain.Registry.Sex]" → "Expected one of: male, female, …".
    private static string Expected(string typeName)
    {
        var name = NullableOf().Match(typeName) is { Success: true } inner ? inner.Groups[1].Value : typeName;
        switch (name)
        {
            case "System.Int32" or "System.Int64" or "System.Int16":
                return "Expected a whole number.";
            case "System.Double" or "System.Decimal" or "System.Single":
                return "Expected a number.";
            case "System.Boolean":
                return "Expected true or false.";
            case "System.String":
                return "Expected a string.";
            case "System.DateOnly":
                return "Expected a date in the format yyyy-MM-dd.";
            case "System.DateTimeOffset" or "System.DateTime":
                return "Expected a date and time in ISO 8601, e.g. 2021-03-01T12:00:00Z.";
            case "System.Guid":
                return "Expected a UUID, e.g. 3f2504e0-4f89-11d3-9a0c-0305e82c3301.";
        }

        if (name.StartsWith("System.Collections.Generic.List`1", StringComparison.Ordinal) || name.EndsWith("[]", StringComparison.Ordinal) ||
            name.StartsWith("System.Collections.Generic.IReadOnlyList`1", StringComparison.Ordinal))
        {
            return "Expected an array.";
        }

        var type = AppDomain.CurrentDomain.GetAssemblies()
            .Where(a => a.GetName().Name?.StartsWith("HccOutcomes", StringComparison.Ordinal) == true)
            .Select(a => a.GetType(name))
            .FirstOrDefault(t => t is not null);
        if (type is { IsEnum: true })
        {
            var values = Enum.GetNames(type).Select(n => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(n));
            return $"Expected one of: {string.Join(", ", values)}.";
        }

        return type is null ? "The value has the wrong type." : "Expected an object.";
    }

    [GeneratedRegex(@"could not be converted to (\S+?)\.?$")]
    private static partial Regex ConvertedTo();

    [GeneratedRegex(@"^System\.Nullable`1\[(.+)\]$")]
    private static partial Regex NullableOf();

    [GeneratedRegex(@"\s*Path: \$.*$", RegexOptions.Singleline)]
    private static partial Regex JsonPositionSuffix();
}
