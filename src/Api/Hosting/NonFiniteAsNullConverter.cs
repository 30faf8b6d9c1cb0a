using System.Text.Json;
using System.Text.Json.Serialization;

namespace HccOutcomes.Api.Hosting;

/// <summary>
/// Writes NaN and ±∞ as JSON <c>null</c> (R's NA: an undefined statistic, e.g. chi-square with an empty row),
/// instead of failing the response. Reading stays strict: only JSON numbers are accepted.
/// </summary>
internal sealed class NonFiniteAsNullConverter : JsonConverter<double>
{
    public override bool HandleNull => false;

    public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetDouble();

    public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
