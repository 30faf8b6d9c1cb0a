using System.Text.Json;
using System.Text.Json.Serialization;

namespace HccOutcomes.Api.Contracts.Analyses;

/// <summary>
/// JSON of the waterfall list: one small object per patient, so a 100,000-patient cohort has 200,000 of them under
/// two criteria, most of a comparison's bytes. Written field by field with pre-encoded names instead of through the
/// serializer's per-property metadata; the output is what the serializer writes (camelCase names, the writer's
/// escaping, a non-finite change as null as <c>NonFiniteAsNullConverter</c> does). Reading accepts the same shape.
/// </summary>
internal sealed class WaterfallPointsJson : JsonConverter<IReadOnlyList<WaterfallPoint>>
{
    private static readonly JsonEncodedText Group = JsonEncodedText.Encode("group");
    private static readonly JsonEncodedText ExternalId = JsonEncodedText.Encode("externalId");
    private static readonly JsonEncodedText BestPercentChange = JsonEncodedText.Encode("bestPercentChange");
    private static readonly JsonEncodedText BestOverallResponse = JsonEncodedText.Encode("bestOverallResponse");

    public override IReadOnlyList<WaterfallPoint> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        JsonSerializer.Deserialize<List<WaterfallPoint>>(ref reader, options) ?? [];

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<WaterfallPoint> value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (var point in value)
        {
            writer.WriteStartObject();
            writer.WriteString(Group, point.Group);
            writer.WriteString(ExternalId, point.ExternalId);
            if (double.IsFinite(point.BestPercentChange))
            {
                writer.WriteNumber(BestPercentChange, point.BestPercentChange);
            }
            else
            {
                writer.WriteNull(BestPercentChange);
            }

            writer.WriteString(BestOverallResponse, point.BestOverallResponse);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }
}
