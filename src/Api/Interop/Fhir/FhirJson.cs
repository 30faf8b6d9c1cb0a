using System.Buffers;
using System.Text;
using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Utility;

namespace HccOutcomes.Api.Interop.Fhir;

/// <summary>FHIR JSON in and out through Firely's System.Text.Json (de)serializers: strict on input.</summary>
internal static class FhirJson
{
    public const string MediaType = "application/fhir+json";
    public const string NdjsonMediaType = "application/fhir+ndjson";

    private static readonly BaseFhirJsonDeserializer Deserializer =
        new FhirJsonDeserializer(new DeserializerSettings().UsingMode(DeserializationMode.Strict));

    private static readonly BaseFhirJsonSerializer Serializer = new(ModelInfo.ModelInspector);

    private static readonly JsonWriterOptions WriterOptions = new() { SkipValidation = true };

    /// <summary>One resource, or null with the parse errors (named by <paramref name="label"/> and FHIR path).</summary>
    public static Resource? Parse(ReadOnlySpan<byte> json, string label, FhirErrors errors)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            if (Deserializer.TryDeserializeResource(ref reader, out var resource, out var issues))
            {
                return resource;
            }

            var name = resource?.Id is { Length: > 0 } id ? $"{resource.TypeName}/{id}" : label;
            foreach (var issue in issues)
            {
                var path = issue is ExtendedCodedException { InstancePath: { Length: > 0 } at } ? at : resource?.TypeName ?? "Resource";
                errors.Add(name, path, $"{issue.Message} ({issue.ErrorCode})");
            }

            return null;
        }
        catch (JsonException e)
        {
            errors.Add(label, "$", $"Not valid JSON: {e.Message}");
            return null;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The deserializer throws on some inputs that are JSON but not a resource (a number, an array, nothing).
            errors.Add(label, "$", $"Not a FHIR resource: {e.Message}");
            return null;
        }
    }

    /// <summary>A Bundle of type collection, transaction or batch, as its entries.</summary>
    public static List<FhirEntry> ReadBundle(ReadOnlySpan<byte> json, FhirErrors errors)
    {
        var resource = Parse(json, "Bundle", errors);
        if (resource is null)
        {
            return [];
        }

        if (resource is not Bundle bundle)
        {
            errors.Add(resource.TypeName, resource.TypeName, $"An {MediaType} import is a Bundle; send single resources as {NdjsonMediaType}.");
            return [];
        }

        if (bundle.Type is not (Bundle.BundleType.Collection or Bundle.BundleType.Transaction or Bundle.BundleType.Batch))
        {
            errors.Add("Bundle", "Bundle.type", "The Bundle's type must be collection, transaction or batch.");
            return [];
        }

        var entries = new List<FhirEntry>(bundle.Entry.Count);
        for (var i = 0; i < bundle.Entry.Count; i++)
        {
            var entry = bundle.Entry[i];
            if (entry.Resource is not { } r)
            {
                errors.Add("Bundle", $"Bundle.entry[{i}].resource", "The entry has no resource.");
                continue;
            }

            entries.Add(new FhirEntry(r, entry.FullUrl, r.Id is { Length: > 0 } id ? $"{r.TypeName}/{id}" : $"Bundle.entry[{i}]"));
        }

        return entries;
    }

    /// <summary>FHIR Bulk Data ndjson: the body, and where each of its lines starts and how long it is.</summary>
    public static async Task<(byte[] Bytes, List<(int Start, int Length)> Lines)> ReadLinesAsync(Stream body, long? contentLength, CancellationToken cancellationToken)
    {
        // Sized from Content-Length, the buffer is not copied as it grows (hundreds of MiB for a large export).
        using var buffer = new MemoryStream(contentLength is > 0 and < int.MaxValue ? (int)contentLength : 0);
        await body.CopyToAsync(buffer, cancellationToken);
        var bytes = buffer.GetBuffer();
        var length = (int)buffer.Length;
        var lines = new List<(int Start, int Length)>();
        for (var start = 0; start < length;)
        {
            var end = Array.IndexOf(bytes, (byte)'\n', start, length - start);
            end = end < 0 ? length : end;
            lines.Add((start, end - start));
            start = end + 1;
        }

        return (bytes, lines);
    }

    /// <summary>Line <paramref name="number"/> (0-based) of an ndjson body as an entry; null with its errors when it is not a resource.</summary>
    public static FhirEntry? ParseLine(byte[] bytes, (int Start, int Length) line, int number, FhirErrors errors)
    {
        var json = bytes.AsSpan(line.Start, line.Length).Trim(" \t\r"u8);
        return Parse(json, $"line {number + 1}", errors) is { } resource
            ? new FhirEntry(resource, null, resource.Id is { Length: > 0 } id ? $"{resource.TypeName}/{id}" : $"{resource.TypeName} at line {number + 1}")
            : null;
    }

    /// <summary>Writes <paramref name="resource"/> as FHIR JSON.</summary>
    public static void Write(Resource resource, Utf8JsonWriter writer) => Serializer.Serialize(resource, writer);

    /// <summary>The resource as one line of ndjson (UTF-8, ending in a newline).</summary>
    public static byte[] ToNdjsonLine(Resource resource)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            Serializer.Serialize(resource, writer);
        }

        buffer.Write("\n"u8);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The resource as FHIR JSON text.</summary>
    public static string ToJson(Resource resource)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            Serializer.Serialize(resource, writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
