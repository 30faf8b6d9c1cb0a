namespace HccOutcomes.Api.Interop.Fhir;

/// <summary>Configuration section <c>Fhir</c>: the URLs this registry mints for what FHIR and mCODE do not define.</summary>
public sealed class FhirOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Fhir";

    /// <summary>System of <c>Patient.identifier</c> that carries the registry's externalId.</summary>
    public string IdentifierSystem { get; set; } = "https://hcc-outcomes.example.org/fhir/sid/patient";

    /// <summary>System of the <c>identifier</c> that carries a document's or record's sourceId.</summary>
    public string SourceIdentifierSystem { get; set; } = "https://hcc-outcomes.example.org/fhir/sid/source-record";

    /// <summary>The registry's local code system (codes listed in interop/fhir/README.md).</summary>
    public string LocalCodeSystem { get; set; } = "https://hcc-outcomes.example.org/fhir/CodeSystem/hcc-registry";

    /// <summary>Base of the registry's local extension URLs (<c>{base}/{name}</c>).</summary>
    public string ExtensionBaseUrl { get; set; } = "https://hcc-outcomes.example.org/fhir/StructureDefinition";

    /// <summary>Base of the <c>fullUrl</c> of exported Bundle entries (<c>{base}/Patient/{id}</c>), against which the
    /// entries' relative references resolve.</summary>
    public string ResourceBaseUrl { get; set; } = "https://hcc-outcomes.example.org/fhir";

    /// <summary>Local extension URL.</summary>
    public string Extension(string name) => $"{ExtensionBaseUrl}/{name}";
}
