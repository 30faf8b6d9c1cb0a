using System.Text.Json;
using HccOutcomes.Api.Contracts.Patients;
using HccOutcomes.Api.Controllers;
using HccOutcomes.Api.Errors;
using HccOutcomes.Domain.Registry;
using HccOutcomes.Infrastructure.Access;
using HccOutcomes.Infrastructure.Audit;
using HccOutcomes.Infrastructure.Persistence;
using HccOutcomes.Infrastructure.Registry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace HccOutcomes.Api.Registry;

/// <summary>
/// The application path of every patient write: whole-document PUT, batch import and the fine-grained
/// record endpoints all end here, so validation, derivations and idempotency are the same for each.
/// </summary>
public sealed class PatientDocuments(
    HccDbContext db, PatientWriter writer, PatientWriteQueue queue, IActorAccessor actors, TimeProvider clock, IOptions<Microsoft.AspNetCore.Mvc.JsonOptions> json)
{
    private JsonSerializerOptions Json => json.Value.JsonSerializerOptions;

    /// <summary>How a write is recorded in the audit trail: <paramref name="action"/> (null: create or replace) and
    /// the patient's stored document.</summary>
    public PatientAudit AuditAs(string? action = null) =>
        new(action, patient => JsonSerializer.Serialize(PatientDocumentMapper.ToDocument(patient), Json));

    /// <summary>404 unless the cohort exists.</summary>
    public async Task EnsureCohortExistsAsync(Guid cohortId, CancellationToken cancellationToken)
    {
        if (!await db.Cohorts.AnyAsync(c => c.Id == cohortId, cancellationToken))
        {
            throw new NotFoundException($"Cohort {cohortId} does not exist.");
        }
    }

    /// <summary>Loads a patient with every nested record (read-only), or 404.</summary>
    public async Task<Patient> LoadAsync(Guid cohortId, string externalId, CancellationToken cancellationToken)
    {
        var patient = await db.WithAllRecords().FirstOrDefaultAsync(p => p.CohortId == cohortId && p.ExternalId == externalId, cancellationToken);
        if (patient is null || !actors.Current.Sees(patient.Site))
        {
            await EnsureCohortExistsAsync(cohortId, cancellationToken);
            throw new NotFoundException($"Patient '{externalId}' does not exist in cohort {cohortId}.");
        }

        return patient;
    }

    /// <summary>Creates or replaces one whole patient (already validated), honouring <c>If-Match</c>.</summary>
    public async Task<(PatientWriteResult Result, Patient Written)> PutAsync(Guid cohortId, string externalId, PatientDocument document, HttpRequest request, CancellationToken cancellationToken)
    {
        if (!ExternalIds.Regex.IsMatch(externalId))
        {
            throw RequestValidationException.For("externalId", ExternalIds.Message);
        }

        if (document.ExternalId is { } bodyId && !string.Equals(bodyId, externalId, StringComparison.Ordinal))
        {
            throw RequestValidationException.For("externalId", $"The document's externalId '{bodyId}' differs from the URL's '{externalId}'.");
        }

        var ifMatch = IfMatch.Read(request);
        ApplySite(document, null);
        var patient = ToEntity(cohortId, externalId, document);
        // Written with the PUTs that arrive meanwhile (group commit); the writer answers 404 for a missing cohort in its
        // first round trip, and checks If-Match under the row lock.
        var result = await queue.WriteAsync(cohortId, new PatientWrite(patient, actors.Current, (_, stored) =>
        {
            if (stored is not null)
            {
                ifMatch.Check(stored.Version);
            }
            else if (ifMatch.Present && !ifMatch.IsAny)
            {
                throw new PreconditionFailedException($"If-Match was sent but patient '{externalId}' does not exist yet.");
            }
        }, AuditAs()), cancellationToken);
        patient.Version = result.Version;
        return (result, patient);
    }

    /// <summary>
    /// Writes one validated whole-patient document. <paramref name="checkVersion"/> sees the stored version (null when
    /// new) inside the write transaction, under the row lock, and may throw to abort.
    /// </summary>
    public async Task<PatientWriteResult> WriteAsync(
        Guid cohortId, string externalId, PatientDocument document, Action<StoredPatientVersion?> checkVersion, string action, CancellationToken cancellationToken) =>
        (await WriteEntityAsync(cohortId, externalId, document, checkVersion, action, cancellationToken)).Result;

    /// <summary>As <see cref="WriteAsync"/>, also returning the entity graph as written (IDs and versions final unless unchanged).</summary>
    public async Task<(PatientWriteResult Result, Patient Written)> WriteEntityAsync(
        Guid cohortId, string externalId, PatientDocument document, Action<StoredPatientVersion?> checkVersion, string action, CancellationToken cancellationToken)
    {
        var patient = ToEntity(cohortId, externalId, document);
        var results = await writer.UpsertAsync(cohortId, [patient], (_, stored) => checkVersion(stored), AuditAs(action), cancellationToken);
        patient.Version = results[0].Version;
        return (results[0], patient);
    }

    /// <summary>Writes a validated batch, all or nothing.</summary>
    public async Task<IReadOnlyList<PatientWriteResult>> WriteBatchAsync(Guid cohortId, IReadOnlyList<PatientDocument> documents, CancellationToken cancellationToken)
    {
        // Mapping, derivation of record-level values and hashing are per document: use every core.
        var patients = new Patient[documents.Count];
        for (var i = 0; i < documents.Count; i++)
        {
            ApplySite(documents[i], $"patients[{i}].");
        }

        Parallel.For(0, documents.Count, i => patients[i] = ToEntity(cohortId, documents[i].ExternalId!, documents[i]));

        return await writer.UpsertAsync(cohortId, patients, null, AuditAs(), cancellationToken);
    }

    // A submitting client writes its own site's patients: the document takes the client's site, and may not name another.
    private void ApplySite(PatientDocument document, string? pathPrefix)
    {
        var actor = actors.Current;
        if (!actor.IsSiteBound)
        {
            return;
        }

        if (document.Site is { } named && !string.Equals(named, actor.Site, StringComparison.Ordinal))
        {
            throw RequestValidationException.For(
                pathPrefix + "site", $"This client submits for site '{actor.Site}' only; the document names site '{named}'.");
        }

        document.Site = actor.Site;
    }

    private Patient ToEntity(Guid cohortId, string externalId, PatientDocument document)
    {
        var patient = PatientDocumentMapper.ToEntity(document, cohortId, externalId, clock.GetUtcNow());
        patient.ContentHash = PatientDocumentMapper.ContentHash(patient, Json);
        return patient;
    }
}
