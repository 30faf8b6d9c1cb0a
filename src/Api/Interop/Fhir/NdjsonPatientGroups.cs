using System.Text;
using System.Text.Json;
using Hl7.Fhir.Model;

namespace HccOutcomes.Api.Interop.Fhir;

/// <summary>The element of each resource type that names the patient it belongs to.</summary>
internal static class PatientReferences
{
    /// <summary>Resource type → element holding its patient reference.</summary>
    public static readonly IReadOnlyDictionary<string, string> ElementByType = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Observation"] = "subject",
        ["Condition"] = "subject",
        ["Procedure"] = "subject",
        ["MedicationRequest"] = "subject",
        ["MedicationAdministration"] = "subject",
        ["AdverseEvent"] = "subject",
        ["DiagnosticReport"] = "subject",
        ["BodyStructure"] = "patient",
        ["ResearchSubject"] = "individual",
    };

    /// <summary>The patient reference of <paramref name="resource"/> and its FHIR path; null for a type without one.</summary>
    public static (ResourceReference? Reference, string Path)? Of(Resource resource) =>
        ElementByType.TryGetValue(resource.TypeName, out var element)
            ? (resource.TryGetValue(element, out var value) ? value as ResourceReference : null, $"{resource.TypeName}.{element}")
            : null;

    /// <summary><c>Patient/{id}</c> for a relative or absolute reference to a Patient, else null.</summary>
    public static string? PatientKey(string reference) =>
        TypeAndId(reference) is { } key && key.StartsWith("Patient/", StringComparison.Ordinal) && key.Length > "Patient/".Length ? key : null;

    /// <summary>The last two segments of a reference, <c>Type/id</c> (an absolute URL ends with them), else null.</summary>
    public static string? TypeAndId(string reference)
    {
        var parts = reference.Split('/');
        return parts.Length >= 2 ? $"{parts[^2]}/{parts[^1]}" : null;
    }
}

/// <summary>
/// The lines of a FHIR Bulk Data (ndjson) payload grouped by patient, so that each patient's resources can be parsed,
/// mapped and dropped together instead of holding every parsed resource of the payload at once.
/// </summary>
/// <remarks>
/// Grouping reads three members of each line with a JSON reader: <c>resourceType</c>, <c>id</c> and the patient
/// reference named in <see cref="PatientReferences"/>. It decides nothing else: every line is still parsed by Firely
/// afterwards, and a line it cannot place (not an object, no patient reference, a patient not in the payload, a
/// Patient whose id repeats, a ResearchStudy) goes to the last group, where the mapping reports it as it would in a
/// Bundle.
/// </remarks>
internal static class NdjsonPatientGroups
{
    private static readonly string[] Elements = [.. PatientReferences.ElementByType.Values.Distinct(StringComparer.Ordinal)];
    private static readonly byte[][] ElementNames = [.. Elements.Select(Encoding.UTF8.GetBytes)];

    /// <summary>
    /// Line numbers (0-based) per group: one group per Patient line, the Patient first and then its resources in line
    /// order; then one group of every line no patient took. Blank lines are in no group. A resource id used twice is
    /// reported to <paramref name="errors"/>.
    /// </summary>
    public static List<List<int>> Build(byte[] bytes, IReadOnlyList<(int Start, int Length)> lines, FhirErrors errors)
    {
        var routes = new Route[lines.Count];
        Parallel.For(0, lines.Count, i => routes[i] = Read(bytes.AsSpan(lines[i].Start, lines[i].Length)));

        var groups = new List<List<int>>();
        var groupOf = new Dictionary<string, int>(StringComparer.Ordinal);
        var rest = new List<int>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < routes.Length; i++)
        {
            var route = routes[i];
            if (route.Type is { } type && route.Id is { Length: > 0 } id && !ids.Add($"{type}/{id}"))
            {
                FhirToPatient.DuplicateId($"{type}/{id}", type, id, errors);
            }

            if (route.Type != "Patient")
            {
                continue;
            }

            if (route.Id is { Length: > 0 } patientId && !groupOf.TryAdd($"Patient/{patientId}", groups.Count))
            {
                rest.Add(i);
                continue;
            }

            groups.Add([i]);
        }

        for (var i = 0; i < routes.Length; i++)
        {
            var route = routes[i];
            if (route.Blank || route.Type == "Patient")
            {
                continue;
            }

            if (route.Owner is { } owner && PatientReferences.PatientKey(owner) is { } key && groupOf.TryGetValue(key, out var group))
            {
                groups[group].Add(i);
            }
            else
            {
                rest.Add(i);
            }
        }

        rest.Sort();
        groups.Add(rest);
        return groups;
    }

    private readonly record struct Route(bool Blank, string? Type, string? Id, string? Owner);

    private static Route Read(ReadOnlySpan<byte> line)
    {
        if (line.Trim(" \t\r"u8).IsEmpty)
        {
            return new Route(true, null, null, null);
        }

        try
        {
            var reader = new Utf8JsonReader(line);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return default;
            }

            string? type = null, id = null;
            var references = new string?[Elements.Length];
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("resourceType"u8))
                {
                    type = ReadString(ref reader);
                    continue;
                }

                if (reader.ValueTextEquals("id"u8))
                {
                    id = ReadString(ref reader);
                    continue;
                }

                var element = ElementIndex(ref reader);
                if (element >= 0)
                {
                    references[element] = ReadReference(ref reader);
                    continue;
                }

                reader.Read();
                reader.Skip();
            }

            var owner = type is not null && PatientReferences.ElementByType.TryGetValue(type, out var name)
                ? references[Array.IndexOf(Elements, name)]
                : null;
            return new Route(false, type, id, owner);
        }
        catch (JsonException)
        {
            // Firely reports it when the line is parsed.
            return default;
        }
    }

    private static int ElementIndex(ref Utf8JsonReader reader)
    {
        for (var k = 0; k < ElementNames.Length; k++)
        {
            if (reader.ValueTextEquals(ElementNames[k]))
            {
                return k;
            }
        }

        return -1;
    }

    private static string? ReadString(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.String)
        {
            return reader.GetString();
        }

        reader.Skip();
        return null;
    }

    private static string? ReadReference(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return null;
        }

        string? reference = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("reference"u8))
            {
                reference = ReadString(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return reference;
    }
}
