using System.Text.Json;
using System.Text.Json.Serialization;

namespace HccOutcomes.Api.Hosting;

/// <summary>
/// Rejects text containing the NUL character (<c>"\u0000"</c>) while a request body is read, with the JSON path of
/// the field. PostgreSQL cannot store NUL in text, so such a value would otherwise fail the write with a 500; no
/// clinical text legitimately contains it. Writing is unchanged.
/// </summary>
internal sealed class NoNulStringConverter : JsonConverter<string>
{
    public const string Message = "Text must not contain the NUL character (U+0000).";

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => Check(reader.GetString());

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);

    public override string ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Check(reader.GetString())!;

    public override void WriteAsPropertyName(Utf8JsonWriter writer, string value, JsonSerializerOptions options) =>
        writer.WritePropertyName(value);

    /// <summary>Whether <paramref name="value"/> contains NUL (also used for query parameters, which JSON does not read).</summary>
    public static bool ContainsNul(string? value) => value is not null && value.Contains('\0', StringComparison.Ordinal);

    private static string? Check(string? value) => ContainsNul(value) ? throw new JsonException(Message) : value;
}
