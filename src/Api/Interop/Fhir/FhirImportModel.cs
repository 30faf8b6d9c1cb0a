using Hl7.Fhir.Model;

namespace HccOutcomes.Api.Interop.Fhir;

/// <summary>A resource as received, with the name errors use for it.</summary>
/// <param name="Resource">The resource.</param>
/// <param name="FullUrl">Its Bundle <c>fullUrl</c>, if any.</param>
/// <param name="Label"><c>Observation/abc123</c>, or its position when it has no id (<c>Observation at line 12</c>).</param>
internal sealed record FhirEntry(Resource Resource, string? FullUrl, string Label);

/// <summary>
/// Errors keyed <c>Observation/abc123:Observation.valueQuantity.code</c> (resource, FHIR path), each with its rule.
/// Safe to add to from parallel parsing.
/// </summary>
internal sealed class FhirErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public bool Any => _errors.Count > 0;

    public void Add(string label, string path, string message)
    {
        var key = $"{label}:{path}";
        lock (_gate)
        {
            if (!_errors.TryGetValue(key, out var list))
            {
                _errors[key] = list = [];
            }

            if (!list.Contains(message))
            {
                list.Add(message);
            }
        }
    }

    public Dictionary<string, string[]> ToDictionary() => _errors.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray(), StringComparer.Ordinal);
}

/// <summary>
/// Which resource and FHIR element each field of a mapped patient document came from, so that the patient-document
/// validator's paths (<c>adverseEvents[2].grade</c>) can be told back in the sender's terms.
/// </summary>
internal sealed class Provenance
{
    private readonly Dictionary<string, (string Label, string Path)>? _fields;
    private readonly Func<Provenance>? _rebuild;
    private Provenance? _rebuilt;

    /// <summary>A provenance recorded while the document is mapped.</summary>
    public Provenance(string patientLabel)
    {
        PatientLabel = patientLabel;
        _fields = new(StringComparer.Ordinal);
    }

    private Provenance(string patientLabel, Func<Provenance> rebuild)
    {
        PatientLabel = patientLabel;
        _rebuild = rebuild;
    }

    /// <summary>The Patient resource's name in errors.</summary>
    public string PatientLabel { get; }

    /// <summary>
    /// A provenance not recorded while mapping (most documents are never asked: they pass), built by
    /// <paramref name="rebuild"/> the first time a field is looked up.
    /// </summary>
    public static Provenance Deferred(string patientLabel, Func<Provenance> rebuild) => new(patientLabel, rebuild);

    public void Set(string field, string label, string path)
    {
        if (_fields is not null)
        {
            _fields[field] = (label, path);
        }
    }

    /// <summary>The source of <paramref name="field"/>, or of its nearest recorded parent, or the Patient.</summary>
    public (string Label, string Path) Find(string field)
    {
        if (_fields is null)
        {
            return (_rebuilt ??= _rebuild!()).Find(field);
        }

        var path = field;
        while (true)
        {
            if (_fields.TryGetValue(path, out var found))
            {
                return found;
            }

            var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
            if (cut <= 0)
            {
                return (PatientLabel, "Patient");
            }

            path = path[..cut];
        }
    }
}

/// <summary>One patient read from FHIR.</summary>
/// <param name="Document">The patient document.</param>
/// <param name="Provenance">Where its fields came from.</param>
internal sealed record MappedPatient(Contracts.Patients.PatientDocument Document, Provenance Provenance);

/// <summary>What a FHIR payload mapped to.</summary>
/// <param name="Patients">The patient documents, in the order their Patient resources came.</param>
/// <param name="Resources">Resources received.</param>
/// <param name="Unused">Resources the mapping did not use, each with the reason.</param>
internal sealed record FhirMapping(List<MappedPatient> Patients, int Resources, List<UnusedResource> Unused);

/// <summary>A resource that carried nothing the registry records.</summary>
/// <param name="Resource">The resource, e.g. <c>Practitioner/abc</c>.</param>
/// <param name="Reason">Why it was not used.</param>
public sealed record UnusedResource(string Resource, string Reason);
