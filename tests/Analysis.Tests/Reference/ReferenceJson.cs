using System.Globalization;
using System.Text.Json;

namespace HccOutcomes.Analysis.Tests.Reference;

/// <summary>Reading numbers from the reference JSON, where R's NaN and Inf are written as strings.</summary>
public static class ReferenceJson
{
    /// <summary>A number that may be a JSON number or one of the strings "NaN", "Inf", "-Inf".</summary>
    public static double Number(this JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Number => element.GetDouble(),
        JsonValueKind.String => element.GetString() switch
        {
            "NaN" or "NA" => double.NaN,
            "Inf" => double.PositiveInfinity,
            "-Inf" => double.NegativeInfinity,
            var s => double.Parse(s!, CultureInfo.InvariantCulture),
        },
        _ => throw new InvalidDataException($"Expected a number, got {element.ValueKind}: {element}"),
    };

    /// <summary>A numeric array.</summary>
    public static double[] Numbers(this JsonElement element) => element.EnumerateArray().Select(Number).ToArray();

    /// <summary>An integer array.</summary>
    public static int[] Integers(this JsonElement element) => element.EnumerateArray().Select(e => e.GetInt32()).ToArray();

    /// <summary>R's c(...) notation for a numeric vector, used in the tests' display names.</summary>
    public static string RVector(IEnumerable<double> values) =>
        "c(" + string.Join(", ", values.Select(v => v.ToString("R", CultureInfo.InvariantCulture))) + ")";

    /// <summary>R's c(...) notation for an integer vector.</summary>
    public static string RVector(IEnumerable<int> values) =>
        "c(" + string.Join(", ", values.Select(v => v.ToString(CultureInfo.InvariantCulture))) + ")";
}
