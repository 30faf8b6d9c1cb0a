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

        // The serializer stopped at the first wrong value; a replayable body is walked for all of them.
        if (hasJsonPathErrors && AllTypeErrors(context) is { Count: > 0 } all)
        {
            foreach (var key in errors.Keys.Where(k => !all.ContainsKey(k)).ToList())
            {
                all[key] = string.Join(" ", errors[key]);
            }

            errors = all.ToDictionary(e => e.Key, e => new[] { e.Value });
        }

        // Thrown, not returned, so that the one exception handler writes it like every other
        // error (MVC's own problem writer would drop the 'errors' member).
        throw new RequestValidationException(
            errors, "The request body or parameters could not be read. See 'errors' for the field paths.");
    }

    // The body's type and format errors, when the body can be read again (JsonBodyReplay) and is well-formed JSON.
    private static Dictionary<string, string>? AllTypeErrors(ActionContext context)
    {
        var request = context.HttpContext.Request;
        var bodyType = context.ActionDescriptor.Parameters
            .FirstOrDefault(p => p.BindingInfo?.BindingSource == Microsoft.AspNetCore.Mvc.ModelBinding.BindingSource.Body)?.ParameterType;
        if (bodyType is null || !request.Body.CanSeek)
        {
            return null;
        }

        try
        {
            request.Body.Position = 0;
            using var document = System.Text.Json.JsonDocument.Parse(request.Body);
            var options = context.HttpContext.RequestServices
                .GetRequiredService<Microsoft.Extensions.Options.IOptions<JsonOptions>>().Value.JsonSerializerOptions;
            return JsonTypeErrors.Collect(document.RootElement, bodyType, options);
        }
        catch (System.Text.Json.JsonException)
        {
            return null; // malformed JSON: the serializer's one error (with its position) is the answer
        }
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
        if (name.StartsWith("System.Collections.Generic.List`1", StringComparison.Ordinal) || name.EndsWith("[]", StringComparison.Ordinal) ||
            name.StartsWith("System.Collections.Generic.IReadOnlyList`1", StringComparison.Ordinal))
        {
            return "Expected an array.";
        }

        var type = Type.GetType(name) ?? AppDomain.CurrentDomain.GetAssemblies()
            .Where(a => a.GetName().Name?.StartsWith("HccOutcomes", StringComparison.Ordinal) == true)
            .Select(a => a.GetType(name))
            .FirstOrDefault(t => t is not null);
        return type is null ? "The value has the wrong type." : JsonTypeErrors.Expected(type);
    }

    [GeneratedRegex(@"could not be converted to (\S+?)\.?$")]
    private static partial Regex ConvertedTo();

    [GeneratedRegex(@"^System\.Nullable`1\[(.+)\]$")]
    private static partial Regex NullableOf();

    [GeneratedRegex(@"\s*Path: \$.*$", RegexOptions.Singleline)]
    private static partial Regex JsonPositionSuffix();
}
