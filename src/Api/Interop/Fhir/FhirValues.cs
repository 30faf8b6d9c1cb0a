using System.Globalization;
using System.Reflection;
using System.Text.Json.Serialization;
using Hl7.Fhir.Model;

namespace HccOutcomes.Api.Interop.Fhir;

/// <summary>Conversions between registry values and FHIR primitives, exact both ways.</summary>
internal static class FhirValues
{
    /// <summary>The shortest decimal that reads back as the same double (a cast would round to 15 digits).</summary>
    public static decimal Decimal(double value) =>
        decimal.Parse(value.ToString("R", CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture);

    public static double Double(decimal value) => double.Parse(value.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The calendar date of a FHIR date or dateTime (its first ten characters), or null when it has none.</summary>
    public static DateOnly? ToDate(string? value) =>
        value is { Length: >= 10 } && DateOnly.TryParseExact(value[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d : null;

    public static Quantity Ucum(double value, string unit) => new() { Value = Decimal(value), Unit = unit, System = FhirCodes.Ucum, Code = unit };

    public static Coding Local(FhirOptions options, string code, string? display = null) => new(options.LocalCodeSystem, code, display);

    public static CodeableConcept Concept(params Coding[] codings) => new() { Coding = [.. codings] };

    public static Identifier? SourceIdentifier(FhirOptions options, string? sourceId) =>
        sourceId is null ? null : new Identifier(options.SourceIdentifierSystem, sourceId);

    public static Dictionary<T, string> EnumCodes<T>(string prefix) where T : struct, Enum =>
        Enum.GetValues<T>().ToDictionary(v => v, v => $"{prefix}-{EnumName(v)}");

    /// <summary>The value's name in the registry's JSON (its <c>JsonStringEnumMemberName</c>, else camelCase).</summary>
    public static string EnumName<T>(T value) where T : struct, Enum
    {
        var name = value.ToString();
        var attribute = typeof(T).GetField(name)?.GetCustomAttribute<JsonStringEnumMemberNameAttribute>();
        return attribute?.Name ?? JsonNamingPolicyCamel(name);
    }

    private static string JsonNamingPolicyCamel(string name) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(name);
}

/// <summary>Local code ↔ enum value, one table per enum.</summary>
internal sealed class LocalEnum<T> where T : struct, Enum
{
    private readonly Dictionary<string, T> _byCode;

    public LocalEnum(string prefix)
    {
        Codes = FhirValues.EnumCodes<T>(prefix);
        _byCode = Codes.ToDictionary(kv => kv.Value, kv => kv.Key, StringComparer.Ordinal);
    }

    public IReadOnlyDictionary<T, string> Codes { get; }

    public string Code(T value) => Codes[value];

    public bool TryParse(string? code, out T value) => _byCode.TryGetValue(code ?? string.Empty, out value);

    public string Allowed => string.Join(", ", Codes.Values);
}
