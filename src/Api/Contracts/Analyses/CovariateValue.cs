using System.Text.Json;
using System.Text.Json.Serialization;

namespace HccOutcomes.Api.Contracts.Analyses;

/// <summary>
/// A covariate value of a request: a number, or a string (categorical). Read by its own converter, which keeps the JSON
/// kind of anything else for the validator to reject: a <see cref="JsonElement"/> per value would cost a parsed
/// document each, and a request carries hundreds of thousands of values.
/// </summary>
/// <param name="Kind">The JSON kind of the value.</param>
/// <param name="Number">The number (Kind = Number and finite in double).</param>
/// <param name="Text">The string (Kind = String).</param>
[JsonConverter(typeof(CovariateValueConverter))]
public readonly record struct CovariateValue(JsonValueKind Kind, double? Number, string? Text);

/// <summary>Reads and writes <see cref="CovariateValue"/> as a bare JSON number or string.</summary>
public sealed class CovariateValueConverter : JsonConverter<CovariateValue>
{
    /// <inheritdoc />
    public override CovariateValue Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Number:
                return new CovariateValue(JsonValueKind.Number, reader.TryGetDouble(out var d) ? d : null, null);
            case JsonTokenType.String:
                return new CovariateValue(JsonValueKind.String, null, reader.GetString());
            case JsonTokenType.StartObject or JsonTokenType.StartArray:
                var kind = reader.TokenType == JsonTokenType.StartObject ? JsonValueKind.Object : JsonValueKind.Array;
                reader.Skip();
                return new CovariateValue(kind, null, null);
            case JsonTokenType.True:
                return new CovariateValue(JsonValueKind.True, null, null);
            case JsonTokenType.False:
                return new CovariateValue(JsonValueKind.False, null, null);
            default:
                return new CovariateValue(JsonValueKind.Null, null, null);
        }
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, CovariateValue value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value.Kind == JsonValueKind.Number && value.Number is { } n)
        {
            writer.WriteNumberValue(n);
        }
        else if (value.Kind == JsonValueKind.String)
        {
            writer.WriteStringValue(value.Text);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
