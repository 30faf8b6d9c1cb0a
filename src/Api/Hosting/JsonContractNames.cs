using System.Reflection;
using System.Text.Json;

namespace HccOutcomes.Api.Hosting;

/// <summary>
/// JSON names of contract types as the API's serializer reads and writes them (<see cref="ApiServiceCollectionExtensions.ConfigureJson"/>:
/// naming policy, <c>JsonPropertyName</c>, <c>JsonStringEnumMemberName</c>), for code that reads or writes such JSON by hand.
/// The contract type stays the one definition of its names. Each lookup resolves the type's metadata: call it once and keep the result.
/// </summary>
internal static class JsonContractNames
{
    private static readonly JsonSerializerOptions Json = CreateOptions();

    /// <summary>The JSON name of <typeparamref name="T"/>'s property <paramref name="property"/> (pass <c>nameof</c>).</summary>
    /// <exception cref="ArgumentException">The property is not part of <typeparamref name="T"/>'s JSON.</exception>
    public static string Property<T>(string property) =>
        Json.GetTypeInfo(typeof(T)).Properties.FirstOrDefault(p => p.AttributeProvider is MemberInfo member && member.Name == property)?.Name
        ?? throw new ArgumentException($"{typeof(T).Name}.{property} is not part of its JSON.", nameof(property));

    /// <summary>The JSON names of all of <typeparamref name="T"/>'s properties.</summary>
    public static IReadOnlyList<string> Properties<T>() => Json.GetTypeInfo(typeof(T)).Properties.Select(p => p.Name).ToList();

    /// <summary>The JSON text of an enum member, e.g. <c>logLog</c>.</summary>
    public static string Value<TEnum>(TEnum value) where TEnum : struct, Enum =>
        JsonSerializer.Deserialize<string>(JsonSerializer.SerializeToUtf8Bytes(value, Json))!;

    /// <summary>The JSON texts of all of an enum's members, in declaration order.</summary>
    public static IReadOnlyList<string> Values(Type enumType) =>
        [.. Enum.GetValues(enumType).Cast<object>().Select(v => JsonSerializer.Deserialize<string>(JsonSerializer.SerializeToUtf8Bytes(v, enumType, Json))!)];

    /// <summary>The value as the API serializes it (property names, enums, non-finite numbers as null).</summary>
    public static JsonElement SerializeToElement<T>(T value) => JsonSerializer.SerializeToElement(value, Json);

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions();
        ApiServiceCollectionExtensions.ConfigureJson(options);
        options.MakeReadOnly();
        return options;
    }
}
