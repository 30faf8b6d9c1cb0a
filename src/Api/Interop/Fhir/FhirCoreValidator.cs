using Firely.Fhir.Validation;
using Hl7.Fhir.Model;
using Hl7.Fhir.Specification.Source;
using Hl7.Fhir.Specification.Terminology;

namespace HccOutcomes.Api.Interop.Fhir;

/// <summary>
/// Firely's validator against the R4 core specification (specification.zip of Hl7.Fhir.Specification.Data.R4),
/// offline. Built once, on first use: loading the core StructureDefinitions takes seconds, and a resource takes
/// milliseconds (docs/adr/0017-fhir-interop.md has the figures).
/// </summary>
public sealed class FhirCoreValidator
{
    private readonly Lazy<Validator> _validator = new(Create, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The errors (not warnings) of validating <paramref name="resource"/> against its core profile: FHIR path and message.</summary>
    public IReadOnlyList<(string Path, string Message)> Validate(Resource resource)
    {
        var outcome = _validator.Value.Validate(resource);
        return outcome.Issue
            .Where(i => i.Severity is OperationOutcome.IssueSeverity.Error or OperationOutcome.IssueSeverity.Fatal)
            .Select(i => (i.Expression.FirstOrDefault() ?? i.Location.FirstOrDefault() ?? resource.TypeName, i.Details?.Text ?? i.Diagnostics ?? "Invalid."))
            .ToList();
    }

    private const string CoreProfiles = "http://hl7.org/fhir/StructureDefinition/";

    private static Validator Create()
    {
        var resolver = new CachedResolver(ZipSource.CreateValidationSource());
        // The mCODE and US Core packages are not shipped offline: a meta.profile outside the core specification is a
        // conformance claim this validator cannot check, so it validates against the core profile of the type alone.
        var settings = new ValidationSettings
        {
            SelectValidationProfiles = (_, profiles, _, _) => [.. profiles.Where(p => p.ToString().StartsWith(CoreProfiles, StringComparison.Ordinal))],
        };
        return new Validator(resolver, LocalTerminologyService.CreateDefaultForCore(resolver), null, settings);
    }
}
