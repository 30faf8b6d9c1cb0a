using System.Text.RegularExpressions;
using FluentValidation;
using HccOutcomes.Api.Contracts.Patients;
using HccOutcomes.Api.Errors;
using HccOutcomes.Api.Registry;
using HccOutcomes.Infrastructure.Registry;
using Microsoft.Extensions.Options;

namespace HccOutcomes.Api.Interop.Fhir;

/// <summary>What a FHIR import did (or, with <c>dryRun</c>, would do).</summary>
/// <param name="DryRun">True when only validated.</param>
/// <param name="Resources">Resources received.</param>
/// <param name="Patients">Patients read from them.</param>
/// <param name="Created">Patients created.</param>
/// <param name="Replaced">Patients whose content changed and were replaced.</param>
/// <param name="Unchanged">Patients already stored with identical content (nothing written).</param>
/// <param name="UnusedCount">Resources that carried nothing the registry records.</param>
/// <param name="Unused">The first 1,000 of them, each with the reason.</param>
/// <param name="Warnings">Plausibility warnings about accepted patients, named by resource and FHIR path.</param>
public sealed record FhirImportResponse(
    bool DryRun, int Resources, int Patients, int Created, int Replaced, int Unchanged, int UnusedCount,
    IReadOnlyList<UnusedResource> Unused, IReadOnlyList<DataWarning> Warnings);

/// <summary>
/// FHIR in: parse (strict), optionally validate against R4 core, map to patient documents, then the same validator
/// and batch write as <c>POST …/patients/batch</c>. Nothing is written unless every step passes.
/// </summary>
public sealed partial class FhirImport(
    PatientDocuments documents, IValidator<PatientBatchRequest> batchValidator, FhirCoreValidator coreValidator, IOptions<FhirOptions> options)
{
    private const int MaxListed = 1000;

    /// <summary>Reads, maps, validates and (unless <paramref name="dryRun"/>) writes the request's FHIR resources.</summary>
    /// <param name="cohortId">Cohort.</param>
    /// <param name="request">The request; its body is read as a stream.</param>
    /// <param name="dryRun">Validate only.</param>
    /// <param name="fullValidation">Also validate each resource against R4 core.</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    public async Task<FhirImportResponse> ImportAsync(
        Guid cohortId, HttpRequest request, bool dryRun, bool fullValidation, CancellationToken cancellationToken)
    {
        var invalid = new FhirErrors();
        var errors = new FhirErrors();
        var mapping = await ReadAndMapAsync(request, fullValidation, invalid, errors, cancellationToken);
        if (invalid.Any)
        {
            throw new RequestValidationException(invalid.ToDictionary(), "The payload is not valid FHIR R4. Nothing was written.");
        }

        FhirToPatient.CheckIdentifiers(mapping.Patients, errors);
        if (!errors.Any && mapping.Patients.Count == 0)
        {
            errors.Add("Bundle", "Patient", "The payload holds no Patient.");
        }

        if (errors.Any)
        {
            throw Unprocessable(errors, "The resources cannot become patient documents. Nothing was written.");
        }

        var batch = new PatientBatchRequest { Patients = mapping.Patients.ConvertAll(p => p.Document) };
        var validation = batchValidator.Validate(batch);
        if (!validation.IsValid)
        {
            foreach (var failure in validation.Errors)
            {
                Translate(mapping, failure.PropertyName, failure.ErrorMessage, errors);
            }

            throw Unprocessable(errors, "The patients read from FHIR break the registry's rules. Nothing was written.");
        }

        var warnings = mapping.Patients
            .SelectMany(p => ClinicalDates.Warnings(p.Document, string.Empty).Select(w => Warning(p.Provenance, w)))
            .Take(MaxListed)
            .ToList();
        var unused = mapping.Unused.Take(MaxListed).ToList();
        if (dryRun)
        {
            await documents.EnsureCohortExistsAsync(cohortId, cancellationToken);
            return new FhirImportResponse(true, mapping.Resources, batch.Patients.Count, 0, 0, 0, mapping.Unused.Count, unused, warnings);
        }

        IReadOnlyList<PatientWriteResult> results;
        try
        {
            results = await documents.WriteBatchAsync(cohortId, batch.Patients, cancellationToken);
        }
        catch (RequestValidationException e)
        {
            // The write path's own checks (e.g. a submitter's site) name batch paths; tell them in FHIR terms.
            var translated = new FhirErrors();
            foreach (var (field, messages) in e.Errors)
            {
                foreach (var message in messages)
                {
                    Translate(mapping, field, message, translated);
                }
            }

            throw new RequestValidationException(translated.ToDictionary(), e.Message, e.StatusCode);
        }

        var tally = WriteTally.Of(results);
        return new FhirImportResponse(
            false, mapping.Resources, batch.Patients.Count, tally.Created, tally.Replaced, tally.Unchanged, mapping.Unused.Count, unused, warnings);
    }

    // Parse errors and R4 core violations go to invalid (400); what cannot become a patient document to errors (422).
    private async Task<FhirMapping> ReadAndMapAsync(
        HttpRequest request, bool fullValidation, FhirErrors invalid, FhirErrors errors, CancellationToken cancellationToken)
    {
        var mediaType = request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        switch (mediaType)
        {
            case FhirJson.NdjsonMediaType or "application/x-ndjson" or "application/ndjson":
                var (bytes, lines) = await FhirJson.ReadLinesAsync(request.Body, request.ContentLength, cancellationToken);
                return MapByPatient(bytes, lines, fullValidation, invalid, errors, cancellationToken);
            case FhirJson.MediaType or "application/json":
                List<FhirEntry> entries;
                using (var buffer = new MemoryStream())
                {
                    await request.Body.CopyToAsync(buffer, cancellationToken);
                    entries = FhirJson.ReadBundle(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), invalid);
                }

                if (!invalid.Any && fullValidation)
                {
                    var issues = new IReadOnlyList<(string Path, string Message)>[entries.Count];
                    Parallel.For(0, entries.Count, i => issues[i] = coreValidator.Validate(entries[i].Resource));
                    for (var i = 0; i < entries.Count; i++)
                    {
                        AddIssues(entries[i], issues[i], invalid);
                    }
                }

                return invalid.Any ? new FhirMapping([], entries.Count, []) : new FhirToPatient(options.Value).Map(entries, errors);
            default:
                throw new UnsupportedMediaTypeException($"Send {FhirJson.MediaType} (a Bundle) or {FhirJson.NdjsonMediaType} (one resource per line).");
        }
    }

    // A Bulk Data export holds each resource type in turn, so a patient's resources are spread over the whole payload.
    // Grouping the lines by patient first lets each patient's resources be parsed, mapped and dropped together on
    // every core: a parsed resource is kept for milliseconds instead of until the last line is read.
    private FhirMapping MapByPatient(
        byte[] bytes, List<(int Start, int Length)> lines, bool fullValidation, FhirErrors invalid, FhirErrors errors, CancellationToken cancellationToken)
    {
        var groups = NdjsonPatientGroups.Build(bytes, lines, errors);
        var mapper = new FhirToPatient(options.Value);
        var mapped = new FhirMapping?[groups.Count];
        List<FhirEntry> Parse(int group, FhirErrors parseErrors, out bool valid)
        {
            var entries = new List<FhirEntry>(groups[group].Count);
            valid = true;
            foreach (var line in groups[group])
            {
                if (FhirJson.ParseLine(bytes, lines[line], line, parseErrors) is { } entry)
                {
                    entries.Add(entry);
                }
                else
                {
                    valid = false;
                }
            }

            return entries;
        }

        // Provenance is only read when a document breaks a rule or draws a warning; it is rebuilt then, from the group.
        Provenance Remap(int group, string patientLabel) =>
            mapper.Map(Parse(group, new FhirErrors(), out _), new FhirErrors()).Patients.First(p => p.Provenance.PatientLabel == patientLabel).Provenance;

        Parallel.For(0, groups.Count, new ParallelOptions { CancellationToken = cancellationToken }, g =>
        {
            var entries = Parse(g, invalid, out var valid);
            if (valid && fullValidation)
            {
                foreach (var entry in entries)
                {
                    valid &= AddIssues(entry, coreValidator.Validate(entry.Resource), invalid);
                }
            }

            if (valid && !invalid.Any)
            {
                mapped[g] = mapper.Map(entries, errors, label => Provenance.Deferred(label, () => Remap(g, label)));
            }
        });

        var patients = new List<MappedPatient>();
        var unused = new List<UnusedResource>();
        var resources = 0;
        foreach (var mapping in mapped)
        {
            if (mapping is not null)
            {
                patients.AddRange(mapping.Patients);
                unused.AddRange(mapping.Unused);
                resources += mapping.Resources;
            }
        }

        return new FhirMapping(patients, resources, unused);
    }

    // True when the resource passed.
    private static bool AddIssues(FhirEntry entry, IReadOnlyList<(string Path, string Message)> issues, FhirErrors invalid)
    {
        foreach (var (path, message) in issues)
        {
            invalid.Add(entry.Label, path, message);
        }

        return issues.Count == 0;
    }

    private static RequestValidationException Unprocessable(FhirErrors errors, string detail) =>
        new(errors.ToDictionary(), detail, StatusCodes.Status422UnprocessableEntity);

    // patients[3].adverseEvents[0].grade → the AdverseEvent and element it came from.
    private static void Translate(FhirMapping mapping, string field, string message, FhirErrors errors)
    {
        var match = BatchPath().Match(field);
        if (!match.Success || !int.TryParse(match.Groups[1].Value, out var i) || i >= mapping.Patients.Count)
        {
            errors.Add("Bundle", "Bundle", message);
            return;
        }

        var documentField = match.Groups[2].Value;
        var (label, path) = mapping.Patients[i].Provenance.Find(documentField);
        errors.Add(label, path, documentField.Length == 0 ? message : $"{message} (registry field {documentField})");
    }

    private static DataWarning Warning(Provenance provenance, DataWarning warning)
    {
        var (label, path) = provenance.Find(warning.Field);
        return new DataWarning($"{label}:{path}", warning.Message);
    }

    [GeneratedRegex(@"^patients\[(\d+)\]\.?(.*)$")]
    private static partial Regex BatchPath();
}
