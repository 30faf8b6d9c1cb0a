using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;

namespace HccOutcomes.Api.Tests.Infrastructure;

/// <summary>
/// The served OpenAPI document as a contract a real response can be checked against: its operations, the statuses and
/// content types each documents, and JSON Schema (draft 2020-12) validators built from its schemas.
/// </summary>
/// <remarks>
/// The document is OpenAPI 3.0, whose schemas are not quite JSON Schema. They are translated once: every
/// <c>components.schemas</c> entry goes under <c>$defs</c> (names made URI-safe, <c>$ref</c>s rewritten to match),
/// 3.0's boolean <c>exclusiveMinimum</c>/<c>exclusiveMaximum</c> become the numeric bounds of 2020-12,
/// <c>nullable: true</c> becomes a type union with <c>"null"</c> (or an <c>anyOf</c> with <c>{"type": "null"}</c> beside an
/// <c>allOf</c>/<c>$ref</c>), and <c>example</c> is dropped. Formats (<c>date</c>, <c>date-time</c>, <c>uuid</c>) are asserted.
/// <para>
/// One rule is stricter than the document: an object of the API's own types must carry every property its schema lists.
/// The API serializes with <c>JsonIgnoreCondition.Never</c>, so a missing member can only come from a hand-written
/// writer that drifted from its type; without this rule such a response would still pass, because the document marks
/// few members <c>required</c>. Framework types (ProblemDetails, ValidationProblemDetails) omit null members by design and
/// are left as documented.
/// </para>
/// </remarks>
public sealed partial class OpenApiContract
{
    /// <summary>Where the application serves its document (see <c>SwaggerExtensions</c>).</summary>
    public const string DocumentPath = "/swagger/v1/swagger.json";

    private const string ComponentsPrefix = "#/components/schemas/";
    private static readonly string[] HttpMethods = ["get", "put", "post", "delete", "patch", "head", "options", "trace"];

    private static readonly EvaluationOptions Evaluation = new()
    {
        OutputFormat = OutputFormat.List,
        RequireFormatValidation = true,
    };

    private readonly JsonObject _document;
    private readonly Dictionary<string, string> _defNames;
    private readonly JsonObject _defs;
    private readonly Dictionary<string, JsonSchema> _validators = [];

    private OpenApiContract(JsonObject document)
    {
        _document = document;
        // 3.0 needs the nullable translation below; 3.1 schemas are JSON Schema already and pass through it unchanged.
        if (document["openapi"]?.GetValue<string>() is not { } version || !(version.StartsWith("3.0", StringComparison.Ordinal) || version.StartsWith("3.1", StringComparison.Ordinal)))
        {
            throw new InvalidOperationException($"The checker reads OpenAPI 3.0 and 3.1 documents, not '{document["openapi"]}'.");
        }

        var schemas = document["components"]?["schemas"]?.AsObject() ?? [];
        _defNames = schemas.ToDictionary(s => s.Key, s => SafeName(s.Key), StringComparer.Ordinal);
        if (_defNames.Values.Distinct(StringComparer.Ordinal).Count() != _defNames.Count)
        {
            throw new InvalidOperationException("Two schema names map to the same $defs name; make SafeName keep them apart.");
        }

        _defs = [];
        foreach (var (name, schema) in schemas)
        {
            _defs[_defNames[name]] = Translate(schema!, requireEveryProperty: name is not ("ProblemDetails" or "ValidationProblemDetails"));
        }

        Operations = [.. document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject()
                .Where(op => HttpMethods.Contains(op.Key, StringComparer.Ordinal))
                .Select(op => new DocumentedOperation(op.Key.ToUpperInvariant(), path.Key, FirstTag(op.Value!), op.Value!.AsObject())))
            .OrderBy(op => op.Key, StringComparer.Ordinal)];
    }

    /// <summary>The document's <c>openapi</c> version.</summary>
    public string Version => _document["openapi"]!.GetValue<string>();

    /// <summary>Every operation (method and path template) in the document.</summary>
    public IReadOnlyList<DocumentedOperation> Operations { get; }

    /// <summary>The document as served.</summary>
    public JsonObject Document => _document;

    /// <summary>Fetches the document from the running application.</summary>
    public static async Task<OpenApiContract> LoadAsync(HttpClient client)
    {
        using var response = await client.GetAsync(DocumentPath);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{DocumentPath} answered {(int)response.StatusCode}: {text}");
        return FromJson(text);
    }

    /// <summary>A contract from document text (the checker's own tests feed it altered documents).</summary>
    public static OpenApiContract FromJson(string json) => new(JsonNode.Parse(json)!.AsObject());

    /// <summary>The <c>example</c> the document gives for a component schema (request bodies: <c>src/Api/Examples</c>).</summary>
    public JsonNode Example(string schemaName) =>
        _document["components"]?["schemas"]?[schemaName]?["example"]?.DeepClone()
        ?? throw new InvalidOperationException($"The document has no example for {schemaName}.");

    /// <summary>
    /// The example of an operation's JSON request body: the media type's own, or its schema's (through a <c>$ref</c> or an
    /// <c>allOf</c> of one). Null when the operation takes no JSON body; <see cref="KeyNotFoundException"/> when it takes
    /// one without an example.
    /// </summary>
    public JsonNode? RequestExample(DocumentedOperation operation)
    {
        if (operation.Node["requestBody"]?["content"]?["application/json"] is not JsonObject media)
        {
            return null;
        }

        if (media["example"] is { } own)
        {
            return own.DeepClone();
        }

        var schema = media["schema"];
        var reference = schema?["$ref"] ?? schema?["allOf"]?[0]?["$ref"];
        var name = reference?.GetValue<string>() is { } r && r.StartsWith(ComponentsPrefix, StringComparison.Ordinal) ? r[ComponentsPrefix.Length..] : null;
        return (name is null ? schema?["example"] : _document["components"]?["schemas"]?[name]?["example"])?.DeepClone()
            ?? throw new KeyNotFoundException($"{operation.Key} takes a JSON body but documents no example");
    }

    /// <summary>
    /// What is wrong with a response of <paramref name="method"/> <paramref name="template"/> according to the
    /// document: an undocumented operation, status or content type, or a JSON body that does not match the
    /// documented schema. Empty when it conforms. Bodies that are not JSON (CSV, SVG) are checked for status and
    /// content type only.
    /// </summary>
    public IReadOnlyList<string> Check(string method, string template, int status, string? mediaType, string body)
    {
        var operation = Operations.FirstOrDefault(o => o.Method == method.ToUpperInvariant() && o.Template == template);
        if (operation is null)
        {
            return [$"{method.ToUpperInvariant()} {template} is not an operation of the document"];
        }

        var responses = operation.Node["responses"]?.AsObject() ?? [];
        var documented = responses[status.ToString(System.Globalization.CultureInfo.InvariantCulture)] ?? responses["default"];
        if (documented is null)
        {
            return [$"status {status} is not documented (documented: {string.Join(", ", responses.Select(r => r.Key))})"];
        }

        var content = documented["content"]?.AsObject();
        if (body.Length == 0)
        {
            return content is { Count: > 0 }
                ? [$"the body is empty, but status {status} documents {string.Join(", ", content.Select(c => c.Key))}"]
                : [];
        }

        if (mediaType is null || content is null || !content.ContainsKey(mediaType))
        {
            var listed = content is null ? "no body" : string.Join(", ", content.Select(c => c.Key));
            return [$"content type {mediaType ?? "(none)"} is not documented for status {status} (documented: {listed})"];
        }

        if (!IsJson(mediaType))
        {
            return [];
        }

        var schema = content[mediaType]?["schema"];
        if (schema is null)
        {
            return [$"{mediaType} for status {status} documents no schema"];
        }

        return Validate(schema, body);
    }

    /// <summary>Validates <paramref name="json"/> against the (OpenAPI) schema <paramref name="schema"/>, whose <c>$ref</c>s point into the document.</summary>
    public IReadOnlyList<string> Validate(JsonNode schema, string json)
    {
        JsonElement instance;
        try
        {
            instance = JsonDocument.Parse(json).RootElement.Clone();
        }
        catch (JsonException e)
        {
            return [$"the body is not JSON: {e.Message}"];
        }

        var results = Validator(schema).Evaluate(instance, Evaluation);
        if (results.IsValid)
        {
            return [];
        }

        var errors = (results.Details ?? [])
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{Pointer(d.InstanceLocation.ToString())}: {e.Value} (schema {d.EvaluationPath})"))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        // anyOf/allOf branches repeat one cause many times; the first few name it.
        return errors.Count == 0 ? ["the body does not match the schema"] : [.. errors.Take(12)];
    }

    /// <summary>The content types documented for a status of an operation (empty when it documents no body).</summary>
    public static IEnumerable<string> MediaTypes(DocumentedOperation operation, string status) =>
        operation.Node["responses"]?[status]?["content"]?.AsObject().Select(c => c.Key) ?? [];

    private static bool IsJson(string mediaType) =>
        mediaType == "application/json" || mediaType.EndsWith("+json", StringComparison.Ordinal);

    private static string Pointer(string location) => location.Length == 0 ? "(body)" : location;

    private static string? FirstTag(JsonNode operation) => operation["tags"]?.AsArray().FirstOrDefault()?.GetValue<string>();

    private JsonSchema Validator(JsonNode schema)
    {
        var key = schema.ToJsonString();
        if (!_validators.TryGetValue(key, out var validator))
        {
            var root = Translate(schema, requireEveryProperty: true).AsObject();
            root["$schema"] = "https://json-schema.org/draft/2020-12/schema";
            root["$defs"] = _defs.DeepClone();
            validator = JsonSchema.FromText(root.ToJsonString(), new BuildOptions { SchemaRegistry = new SchemaRegistry() });
            _validators[key] = validator;
        }

        return validator;
    }

    /// <summary>One OpenAPI 3.0 schema as JSON Schema 2020-12 (see the class remarks).</summary>
    private JsonNode Translate(JsonNode schema, bool requireEveryProperty)
    {
        if (schema is not JsonObject source)
        {
            return schema.DeepClone();
        }

        var target = new JsonObject();
        foreach (var (key, value) in source)
        {
            switch (key)
            {
                case "nullable" or "example":
                    break;
                case "$ref":
                    var reference = value!.GetValue<string>();
                    target[key] = reference.StartsWith(ComponentsPrefix, StringComparison.Ordinal)
                        ? "#/$defs/" + _defNames[reference[ComponentsPrefix.Length..]]
                        : reference;
                    break;
                case "properties":
                    var properties = new JsonObject();
                    foreach (var (name, property) in value!.AsObject())
                    {
                        properties[name] = Translate(property!, requireEveryProperty);
                    }

                    target[key] = properties;
                    break;
                case "items" or "additionalProperties" or "not":
                    target[key] = Translate(value!, requireEveryProperty);
                    break;
                case "allOf" or "anyOf" or "oneOf":
                    target[key] = new JsonArray([.. value!.AsArray().Select(s => Translate(s!, requireEveryProperty))]);
                    break;
                default:
                    target[key] = value?.DeepClone();
                    break;
            }
        }

        // 3.0 marks an exclusive bound with a flag beside minimum/maximum; 2020-12 gives the bound itself.
        foreach (var (flag, bound) in new[] { ("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum") })
        {
            if (source[flag] is JsonValue exclusive && exclusive.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
            {
                target.Remove(flag);
                if (exclusive.GetValue<bool>() && target[bound] is { } value)
                {
                    target.Remove(bound);
                    target[flag] = value;
                }
            }
        }

        if (requireEveryProperty && target["properties"] is JsonObject listed && listed.Count > 0)
        {
            target["required"] = new JsonArray([.. listed.Select(p => (JsonNode)p.Key)]);
        }

        if (source["nullable"]?.GetValue<bool>() != true)
        {
            return target;
        }

        if (target["type"] is JsonValue type)
        {
            target["type"] = new JsonArray(type.GetValue<string>(), "null");
            if (target["enum"] is JsonArray values)
            {
                values.Add(null);
            }

            return target;
        }

        // nullable beside allOf/$ref (an enum or object type used by reference): null, or what the schema says.
        return new JsonObject { ["anyOf"] = new JsonArray(new JsonObject { ["type"] = "null" }, target) };
    }

    // Schema names hold characters a URI fragment may not (generic names: backticks, brackets, spaces).
    private static string SafeName(string name) => UnsafeInName().Replace(name, "_");

    [GeneratedRegex("[^A-Za-z0-9._-]")]
    private static partial Regex UnsafeInName();
}

/// <summary>One operation of the document.</summary>
/// <param name="Method">HTTP method, upper case.</param>
/// <param name="Template">Path template as the document spells it (<c>/api/v1/cohorts/{cohortId}</c>).</param>
/// <param name="Tag">Its first tag (the controller): the operation family.</param>
/// <param name="Node">The operation object.</param>
public sealed record DocumentedOperation(string Method, string Template, string? Tag, JsonObject Node)
{
    /// <summary>"METHOD template".</summary>
    public string Key => $"{Method} {Template}";

    /// <summary>The statuses the operation documents.</summary>
    public IEnumerable<string> Statuses => Node["responses"]?.AsObject().Select(r => r.Key) ?? [];
}
