using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace HccOutcomes.Api.Validation;

/// <summary>
/// Every type and format error of a JSON body at once. System.Text.Json stops at the first value it cannot convert;
/// when it has, the body (still parseable JSON) is walked here against the same contract metadata the serializer used,
/// so that one answer lists every wrong value: <c>ageYears</c> (a whole number), <c>sex</c> (one of the values),
/// <c>adverseEvents[2].onsetDate</c> (yyyy-MM-dd), unknown members and nulls where a list or value is required.
/// </summary>
/// <remarks>
/// Only shapes are checked: ranges and clinical rules are the validators' (they run once the body binds). Types the
/// walker does not know (a custom converter's) are skipped, so it never reports an error the serializer would not.
/// </remarks>
internal static class JsonTypeErrors
{
    /// <summary>Path → message of each shape error in <paramref name="root"/> read as <paramref name="type"/>.</summary>
    public static Dictionary<string, string> Collect(JsonElement root, Type type, JsonSerializerOptions options)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        Walk(root, type, options, string.Empty, errors, elementsNullable: true);
        return errors;
    }

    private static void Walk(JsonElement value, Type type, JsonSerializerOptions options, string path, Dictionary<string, string> errors, bool elementsNullable)
    {
        if (errors.Count >= 100)
        {
            return;
        }

        var underlying = Nullable.GetUnderlyingType(type);
        if (value.ValueKind == JsonValueKind.Null)
        {
            if (type.IsValueType && underlying is null)
            {
                errors[Key(path)] = Expected(type);
            }

            return;
        }

        type = underlying ?? type;
        if (Primitive(value, type) is { } fits)
        {
            if (!fits)
            {
                errors[Key(path)] = Expected(type);
            }

            return;
        }

        var info = options.GetTypeInfo(type);
        switch (info.Kind)
        {
            case JsonTypeInfoKind.Object when info.Converter.GetType().Assembly == typeof(JsonSerializer).Assembly:
                if (value.ValueKind != JsonValueKind.Object)
                {
                    errors[Key(path)] = "Expected an object.";
                    return;
                }

                var members = info.Properties.ToDictionary(p => p.Name, StringComparer.Ordinal);
                foreach (var member in value.EnumerateObject())
                {
                    var memberPath = path.Length == 0 ? member.Name : $"{path}.{member.Name}";
                    if (!members.TryGetValue(member.Name, out var property))
                    {
                        if (options.UnmappedMemberHandling == System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow)
                        {
                            errors[memberPath] = $"'{member.Name}' is not a member of this object.";
                        }

                        continue;
                    }

                    if (property.CustomConverter is not null)
                    {
                        continue;
                    }

                    Walk(member.Value, property.PropertyType, options, memberPath, errors, ElementsNullable(property));
                }

                break;
            case JsonTypeInfoKind.Enumerable when info.ElementType is { } element:
                if (value.ValueKind != JsonValueKind.Array)
                {
                    errors[Key(path)] = "Expected an array.";
                    return;
                }

                var i = 0;
                foreach (var item in value.EnumerateArray())
                {
                    var itemPath = $"{path}[{i++}]";
                    if (item.ValueKind == JsonValueKind.Null && !elementsNullable && !element.IsValueType)
                    {
                        errors[itemPath] = "A list element cannot be null.";
                        continue;
                    }

                    Walk(item, element, options, itemPath, errors, elementsNullable: true);
                }

                break;
            case JsonTypeInfoKind.Dictionary when info.ElementType is { } dictionaryValue:
                if (value.ValueKind != JsonValueKind.Object)
                {
                    errors[Key(path)] = "Expected an object.";
                    return;
                }

                foreach (var entry in value.EnumerateObject())
                {
                    Walk(entry.Value, dictionaryValue, options, path.Length == 0 ? entry.Name : $"{path}.{entry.Name}", errors, elementsNullable: true);
                }

                break;
        }
    }

    // Elements of a List<T> of a reference type not annotated nullable may not be null (NullsInLists rejects them).
    private static bool ElementsNullable(JsonPropertyInfo property)
    {
        if (property.AttributeProvider is not System.Reflection.PropertyInfo member ||
            !property.PropertyType.IsGenericType || property.PropertyType.GetGenericArguments() is not [var element] || element.IsValueType)
        {
            return true;
        }

        var nullability = new System.Reflection.NullabilityInfoContext().Create(member);
        return nullability.GenericTypeArguments is not [{ ReadState: System.Reflection.NullabilityState.NotNull }];
    }

    /// <summary>Whether <paramref name="value"/> fits a primitive <paramref name="type"/>; null when the type is not one.</summary>
    private static bool? Primitive(JsonElement value, Type type) => type switch
    {
        _ when type == typeof(string) => value.ValueKind == JsonValueKind.String,
        _ when type == typeof(bool) => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        _ when type == typeof(int) => value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out _),
        _ when type == typeof(long) => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
        _ when type == typeof(double) || type == typeof(float) || type == typeof(decimal) => value.ValueKind == JsonValueKind.Number,
        _ when type == typeof(DateOnly) => value.ValueKind == JsonValueKind.String &&
                                           DateOnly.TryParseExact(value.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
        _ when type == typeof(DateTimeOffset) || type == typeof(DateTime) => value.ValueKind == JsonValueKind.String && value.TryGetDateTimeOffset(out _),
        _ when type == typeof(Guid) => value.ValueKind == JsonValueKind.String && value.TryGetGuid(out _),
        { IsEnum: true } => value.ValueKind == JsonValueKind.String && EnumNames(type).Contains(value.GetString()!, StringComparer.OrdinalIgnoreCase),
        _ => null,
    };

    /// <summary>What a value of <paramref name="type"/> must look like, in JSON terms (no .NET type names).</summary>
    public static string Expected(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type switch
        {
            _ when type == typeof(int) || type == typeof(long) || type == typeof(short) => "Expected a whole number.",
            _ when type == typeof(double) || type == typeof(float) || type == typeof(decimal) => "Expected a number.",
            _ when type == typeof(bool) => "Expected true or false.",
            _ when type == typeof(string) => "Expected a string.",
            _ when type == typeof(DateOnly) => "Expected a date in the format yyyy-MM-dd.",
            _ when type == typeof(DateTimeOffset) || type == typeof(DateTime) => "Expected a date and time in ISO 8601, e.g. 2021-03-01T12:00:00Z.",
            _ when type == typeof(Guid) => "Expected a UUID, e.g. 3f2504e0-4f89-11d3-9a0c-0305e82c3301.",
            { IsEnum: true } => $"Expected one of: {string.Join(", ", EnumNames(type))}.",
            _ when type != typeof(string) && typeof(System.Collections.IEnumerable).IsAssignableFrom(type) => "Expected an array.",
            _ => "Expected an object.",
        };
    }

    /// <summary>An enum's values as the API writes them (camelCase, or a <c>JsonStringEnumMemberName</c>).</summary>
    public static IReadOnlyList<string> EnumNames(Type type) => EnumNamesCache.GetOrAdd(type, Hosting.JsonContractNames.Values);

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, IReadOnlyList<string>> EnumNamesCache = new();

    private static string Key(string path) => path.Length == 0 ? "body" : path;
}
