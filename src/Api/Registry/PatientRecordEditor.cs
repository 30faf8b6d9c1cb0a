using System.Text.Json;
using FluentValidation;
using HccOutcomes.Api.Contracts.Patients;
using HccOutcomes.Api.Controllers;
using HccOutcomes.Api.Errors;
using HccOutcomes.Infrastructure.Registry;
using Microsoft.Extensions.Options;

namespace HccOutcomes.Api.Registry;

/// <summary>Where one kind of nested record lives in a <see cref="PatientDocument"/>.</summary>
/// <typeparam name="TDto">Record type.</typeparam>
/// <param name="Path">JSON name of the list in the document, e.g. <c>adverseEvents</c>.</param>
/// <param name="Noun">Human name of one record, for messages, e.g. "adverse event".</param>
/// <param name="Of">The (mutable) list of a document.</param>
public sealed record RecordList<TDto>(string Path, string Noun, Func<PatientDocument, List<TDto>> Of)
    where TDto : PatientRecordDto;

/// <summary>The record lists that have fine-grained endpoints.</summary>
public static class RecordLists
{
    /// <summary>Adverse events.</summary>
    public static readonly RecordList<AdverseEventDto> AdverseEvents = new("adverseEvents", "adverse event", d => d.AdverseEvents);

    /// <summary>Tumor assessments.</summary>
    public static readonly RecordList<TumorAssessmentDto> TumorAssessments = new("tumorAssessments", "tumor assessment", d => d.TumorAssessments);

    /// <summary>Radiotherapy courses.</summary>
    public static readonly RecordList<RadiotherapyCourseDto> RadiotherapyCourses = new("radiotherapyCourses", "radiotherapy course", d => d.RadiotherapyCourses);

    /// <summary>TACE sessions.</summary>
    public static readonly RecordList<TaceSessionDto> TaceSessions = new("taceSessions", "TACE session", d => d.TaceSessions);

    /// <summary>Sorafenib courses.</summary>
    public static readonly RecordList<SorafenibCourseDto> SorafenibCourses = new("sorafenibCourses", "sorafenib course", d => d.SorafenibCourses);

    /// <summary>Anti-PD1 cycles.</summary>
    public static readonly RecordList<AntiPd1CycleDto> AntiPd1Cycles = new("antiPd1Cycles", "anti-PD1 cycle", d => d.AntiPd1Cycles);
}

/// <summary>A patient as stored after a read or a fine-grained write.</summary>
/// <param name="Document">The whole document, with record IDs and derived values.</param>
/// <param name="Version">Row version (the <c>ETag</c>).</param>
/// <param name="Outcome">What the write did (<see cref="UpsertOutcome.Unchanged"/> for reads).</param>
public sealed record StoredPatientDocument(PatientDocument Document, uint Version, UpsertOutcome Outcome);

/// <summary>
/// Fine-grained record writes (add, replace or delete one adverse event, assessment, follow-up…) as whole-patient
/// writes: load the stored patient, apply the change to its document, validate the whole document (so cross-record
/// rules such as "nothing after death" apply), and write it through <see cref="PatientDocuments.WriteAsync"/> like a PUT of the
/// document. Record IDs and creation times are kept because the records carry their IDs, and the write steps
/// (derivations) run on every change.
/// </summary>
public sealed class PatientRecordEditor(PatientDocuments documents, IValidator<PatientDocument> validator)
{
    /// <summary>How often a write is re-applied when another request changed the patient in between.</summary>
    private const int Attempts = 10;

    /// <summary>The stored patient as a document, or 404 for an unknown cohort or patient.</summary>
    public async Task<StoredPatientDocument> ReadAsync(Guid cohortId, string externalId, CancellationToken cancellationToken)
    {
        var patient = await documents.LoadAsync(cohortId, externalId, cancellationToken);
        return new StoredPatientDocument(PatientDocumentMapper.ToDocument(patient), patient.Version, UpsertOutcome.Unchanged);
    }

    /// <summary>
    /// Applies <paramref name="edit"/> to the stored patient's document and writes the result, all or nothing.
    /// <paramref name="edit"/> returns the JSON path of the record it wrote (e.g. <c>adverseEvents[3]</c>), or null;
    /// validation errors under that path are reported relative to the request body (<c>grade</c>), others keep
    /// their document path. It may run more than once (when a concurrent write intervenes), each time on a fresh
    /// document. Honours <c>If-Match</c> against the patient's version (412); <paramref name="requiresIfMatch"/> (a
    /// change or removal of an existing record) makes it required when the registry requires it (428).
    /// <paramref name="action"/> names the change in the audit trail.
    /// </summary>
    public async Task<StoredPatientDocument> EditAsync(
        Guid cohortId, string externalId, HttpRequest request, string action, bool requiresIfMatch, Func<PatientDocument, string?> edit, CancellationToken cancellationToken)
    {
        var ifMatch = IfMatch.Read(request);
        for (var attempt = 1; ; attempt++)
        {
            var patient = await documents.LoadAsync(cohortId, externalId, cancellationToken);
            if (requiresIfMatch || ifMatch.Present)
            {
                ifMatch.Check(patient.Version);
            }

            var document = PatientDocumentMapper.ToDocument(patient);
            var recordPath = edit(document);
            await ValidateAsync(document, recordPath, cancellationToken);

            // The version checked inside the write transaction is the one this edit was based on, so that
            // concurrent edits of one patient never lose each other.
            var lastAttempt = attempt == Attempts;
            try
            {
                var result = await documents.WriteAsync(cohortId, externalId, document, stored =>
                {
                    if (stored?.Version != patient.Version)
                    {
                        throw lastAttempt
                            ? new ConflictException($"Patient '{externalId}' kept changing while this request was applied. Retry it.")
                            : new PatientChangedException();
                    }
                }, action, cancellationToken);
                var written = await documents.LoadAsync(cohortId, externalId, cancellationToken);
                return new StoredPatientDocument(PatientDocumentMapper.ToDocument(written), result.Version, result.Outcome);
            }
            catch (PatientChangedException)
            {
                // Another request changed (or deleted) the patient since it was loaded: apply the edit again.
            }
        }
    }

    private async Task ValidateAsync(PatientDocument document, string? recordPath, CancellationToken cancellationToken)
    {
        var result = await validator.ValidateAsync(document, cancellationToken);
        if (result.IsValid)
        {
            return;
        }

        var errors = result.Errors
            .GroupBy(e => Relative(e.PropertyName, recordPath))
            .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray());
        throw new RequestValidationException(
            errors,
            "The change would leave the patient's records invalid; nothing was written. Paths name fields of the request " +
            "body, or, with a list prefix such as 'adverseEvents[2].', the patient's other records.");
    }

    private static string Relative(string path, string? recordPath) =>
        recordPath is null ? path
        : path == recordPath ? "body"
        : path.StartsWith(recordPath + ".", StringComparison.Ordinal) ? path[(recordPath.Length + 1)..]
        : path;

    private sealed class PatientChangedException : Exception;
}
