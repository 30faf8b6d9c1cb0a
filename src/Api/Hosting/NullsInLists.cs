using System.Collections;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;

namespace HccOutcomes.Api.Hosting;

/// <summary>
/// Rejects <c>null</c> where a request body must carry a list (<c>"adverseEvents": null</c>) or a list element
/// (<c>"adverseEvents": [null]</c>), as the contracts' nullability annotations say, while the body is read: a
/// <c>List&lt;T&gt;</c> property that is not annotated nullable, and its elements when <c>T</c> is a reference type
/// not annotated nullable. Without this such a body reaches validation and mapping as a null list or record, and a
/// client's mistake would end as a 500. The rejection is a 400 keyed by the JSON path of the list, or of the element
/// (<see cref="Validation.InvalidModelState"/> appends <see cref="ElementIndexIn"/> to the list's path).
/// </summary>
internal static partial class NullsInLists
{
    private const string ElementMessage = "Element [";

    /// <summary>
    /// The index of the null element a rejection message names, as <c>[i]</c>, or null for any other message. The reader
    /// reports the error at the list, where it is when the list is set; the message carries the element.
    /// </summary>
    public static string? ElementIndexIn(string message) =>
        ElementIndex().Match(message) is { Success: true } match ? $"[{match.Groups[1].Value}]" : null;

    [GeneratedRegex(@"^Element \[(\d+)\]")]
    private static partial Regex ElementIndex();

    /// <summary>A <see cref="DefaultJsonTypeInfoResolver"/> modifier for the API's own contract types.</summary>
    public static void Reject(JsonTypeInfo type)
    {
        if (type.Kind != JsonTypeInfoKind.Object || type.Type.Assembly != typeof(NullsInLists).Assembly)
        {
            return;
        }

        foreach (var property in type.Properties)
        {
            if (property.Set is not { } set || property.AttributeProvider is not PropertyInfo info
                || !property.PropertyType.IsGenericType || property.PropertyType.GetGenericTypeDefinition() != typeof(List<>))
            {
                continue;
            }

            // NullabilityInfoContext is not thread-safe; type infos may be built concurrently.
            var nullability = new NullabilityInfoContext().Create(info);
            var listRequired = nullability.WriteState == NullabilityState.NotNull;
            var elementType = property.PropertyType.GetGenericArguments()[0];
            var elementsRequired = !elementType.IsValueType && nullability.GenericTypeArguments[0].WriteState == NullabilityState.NotNull;
            if (!listRequired && !elementsRequired)
            {
                continue;
            }

            var name = property.Name;
            property.Set = (owner, value) =>
            {
                if (value is null)
                {
                    if (listRequired)
                    {
                        throw new JsonException($"'{name}' must be a list, not null; send [] for none.");
                    }
                }
                else if (elementsRequired)
                {
                    var list = (IList)value;
                    for (var i = 0; i < list.Count; i++)
                    {
                        if (list[i] is null)
                        {
                            throw new JsonException($"{ElementMessage}{i}] of '{name}' is null; send a value or leave the element out.");
                        }
                    }
                }

                set(owner, value);
            };
        }
    }
}
