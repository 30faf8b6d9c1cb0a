using System.Text;
using System.Text.Json;
using HccOutcomes.Api.Errors;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace HccOutcomes.Api.Interop.Redcap;

/// <summary>
/// Reads a REDCap record export from the request body as it arrives (nothing is buffered whole): the CSV of "Export
/// Data" (<c>text/csv</c>), the JSON of the REDCap API (<c>application/json</c>, <c>content=record, type=flat</c>), or
/// either as the <c>file</c> part of a <c>multipart/form-data</c> body whose <c>mapping</c> part comes first.
/// </summary>
internal static class RedcapExportReader
{
    public static async Task<RedcapImport> ReadAsync(
        HttpRequest request, bool labels, Func<CancellationToken, Task<RedcapMapping?>> storedMapping, JsonSerializerOptions json, CancellationToken cancellationToken)
    {
        var contentType = MediaTypeHeaderValue.TryParse(request.ContentType, out var parsed) ? parsed : null;
        var media = contentType?.MediaType.Value?.ToLowerInvariant();
        if (media == "multipart/form-data")
        {
            var boundary = HeaderUtilities.RemoveQuotes(contentType!.Boundary).Value;
            if (string.IsNullOrEmpty(boundary))
            {
                throw RequestValidationException.For("body", "The multipart body has no boundary.");
            }

            var reader = new MultipartReader(boundary, request.Body);
            RedcapMapping? mapping = null;
            while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
            {
                var name = ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) ? HeaderUtilities.RemoveQuotes(disposition.Name).Value : null;
                if (name == "mapping")
                {
                    mapping = await ReadMappingAsync(section.Body, json, cancellationToken);
                    continue;
                }

                if (name == "file")
                {
                    var fileType = section.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
                    var isJson = fileType == "application/json" || (disposition?.FileName.Value?.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ?? false);
                    return await ReadExportAsync(section.Body, isJson, labels, mapping ?? await storedMapping(cancellationToken), cancellationToken);
                }
            }

            throw RequestValidationException.For("file", "The multipart body has no 'file' part (the REDCap export); send 'mapping' (if any) before it.");
        }

        return media switch
        {
            "text/csv" => await ReadExportAsync(request.Body, false, labels, await storedMapping(cancellationToken), cancellationToken),
            "application/json" => await ReadExportAsync(request.Body, true, labels, await storedMapping(cancellationToken), cancellationToken),
            _ => throw new UnsupportedMediaTypeException(
                "Send the REDCap export as text/csv (Export Data, CSV) or application/json (API export, type=flat), or as the 'file' part of multipart/form-data with a 'mapping' part."),
        };
    }

    /// <summary>Reads and checks a mapping document.</summary>
    public static async Task<RedcapMapping> ReadMappingAsync(Stream body, JsonSerializerOptions json, CancellationToken cancellationToken)
    {
        RedcapMapping? mapping;
        try
        {
            mapping = await JsonSerializer.DeserializeAsync<RedcapMapping>(body, json, cancellationToken);
        }
        catch (JsonException e)
        {
            throw RequestValidationException.For("mapping", $"The mapping document is not valid JSON of the mapping shape ({{\"fields\":{{}},\"choices\":{{}},\"instruments\":{{}}}}): {Validation.InvalidModelState.Clean(e.Message)}");
        }

        if (mapping is null)
        {
            throw RequestValidationException.For("mapping", "The mapping document is empty.");
        }

        var errors = mapping.Check(RedcapProject.Registry);
        return errors.Count > 0 ? throw new RequestValidationException(errors) : mapping;
    }

    private static async Task<RedcapImport> ReadExportAsync(Stream body, bool isJson, bool labels, RedcapMapping? mapping, CancellationToken cancellationToken)
    {
        var assembler = new RedcapRecordAssembler(RedcapProject.Registry, labels, mapping);
        var any = isJson
            ? await ReadJsonAsync(body, assembler, cancellationToken)
            : await ReadCsvAsync(body, assembler, cancellationToken);
        if (!any)
        {
            throw RequestValidationException.For("body", "The export holds no records.");
        }

        var import = assembler.Finish();
        return import ?? throw new RequestValidationException(assembler.Errors, "The REDCap export has errors; nothing was written. Each key names the record, instrument, instance and field.");
    }

    private static async Task<bool> ReadCsvAsync(Stream body, RedcapRecordAssembler assembler, CancellationToken cancellationToken)
    {
        using var text = new StreamReader(body, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 64 * 1024, leaveOpen: true);
        var csv = new CsvReader(text);
        var fields = new List<string>();
        if (!await csv.ReadAsync(fields, cancellationToken))
        {
            return false;
        }

        if (!assembler.SetHeader([.. fields]))
        {
            return Fail(assembler);
        }

        var any = false;
        while (await csv.ReadAsync(fields, cancellationToken))
        {
            if (fields.Count == 1 && fields[0].Length == 0)
            {
                continue; // blank line
            }

            assembler.AddRow(csv.RecordLine, fields);
            any = true;
        }

        return any;
    }

    private static async Task<bool> ReadJsonAsync(Stream body, RedcapRecordAssembler assembler, CancellationToken cancellationToken)
    {
        Dictionary<string, int>? header = null;
        var values = new List<string>();
        var row = 0;
        try
        {
            await foreach (var record in JsonSerializer.DeserializeAsyncEnumerable<Dictionary<string, string?>>(body, cancellationToken: cancellationToken))
            {
                row++;
                if (record is null)
                {
                    throw RequestValidationException.For($"row {row}", $"row {row}: a record of the export is null.");
                }

                if (header is null)
                {
                    var names = record.Keys.ToList();
                    header = names.Select((n, i) => (n, i)).ToDictionary(x => x.n, x => x.i, StringComparer.Ordinal);
                    if (!assembler.SetHeader(names))
                    {
                        return Fail(assembler);
                    }
                }

                values.Clear();
                values.AddRange(Enumerable.Repeat(string.Empty, header.Count));
                foreach (var (name, value) in record)
                {
                    if (!header.TryGetValue(name, out var index))
                    {
                        throw RequestValidationException.For($"field {name}", $"row {row}: field '{name}' is not among the fields of the first record; a REDCap flat export gives every record the same fields.");
                    }

                    values[index] = value ?? string.Empty;
                }

                assembler.AddRow(row, values);
            }
        }
        catch (JsonException e)
        {
            // REDCap's flat JSON gives every value as a string.
            throw RequestValidationException.For("body", $"The body is not a JSON array of REDCap records with text values: {Validation.InvalidModelState.Clean(e.Message)}");
        }

        return row > 0;
    }

    private static bool Fail(RedcapRecordAssembler assembler) =>
        throw new RequestValidationException(assembler.Errors, "The REDCap export's header cannot be read as the registry's project; nothing was written.");
}
