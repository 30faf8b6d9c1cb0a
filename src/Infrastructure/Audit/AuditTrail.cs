using HccOutcomes.Infrastructure.Access;
using HccOutcomes.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace HccOutcomes.Infrastructure.Audit;

/// <summary>How a patient write is recorded: the action's name and the stored document of each written patient.</summary>
/// <param name="Action">The action, e.g. <c>adverseEvent.add</c>; null names it by what the write did
/// (<c>patient.create</c> or <c>patient.replace</c>).</param>
/// <param name="Document">The patient as stored (the document a GET returns), as JSON.</param>
public sealed record PatientAudit(string? Action, Func<Domain.Registry.Patient, string> Document);

/// <summary>
/// Builds audit entries for the actor of the current request. Entries are added to the change's own unit of work, so
/// a change and its entry commit together or not at all.
/// </summary>
public sealed class AuditTrail(IActorAccessor actors, TimeProvider clock)
{
    /// <summary>The resource path of a patient.</summary>
    public static string PatientResource(Guid cohortId, string externalId) => $"cohorts/{cohortId}/patients/{externalId}";

    /// <summary>An entry for the current actor.</summary>
    public AuditEntry Entry(string action, Guid? cohortId, string resource, string? before, string? after, string? patientExternalId = null) =>
        Entry(actors.Current, action, cohortId, resource, before, after, patientExternalId);

    /// <summary>An entry for <paramref name="actor"/> (a write made on another request's behalf, as in a group commit).</summary>
    public AuditEntry Entry(Actor actor, string action, Guid? cohortId, string resource, string? before, string? after, string? patientExternalId = null)
    {
        return new AuditEntry
        {
            At = clock.GetUtcNow(),
            ClientId = actor.ClientId,
            ClientRole = actor.Role,
            ClientSite = actor.Site,
            RequestId = actor.RequestId,
            Reason = actor.Reason,
            Action = action,
            CohortId = cohortId,
            PatientExternalId = patientExternalId,
            Resource = resource,
            Before = before,
            After = after,
        };
    }

    /// <summary>Adds an entry to <paramref name="db"/>'s unit of work (saved by the caller's SaveChanges).</summary>
    public void Add(HccDbContext db, string action, Guid? cohortId, string resource, string? before, string? after, string? patientExternalId = null) =>
        db.AuditEntries.Add(Entry(action, cohortId, resource, before, after, patientExternalId));

    /// <summary>The patient's stored document as the trail last recorded it (the "before" of the next change).</summary>
    public static Task<string?> LastPatientDocumentAsync(HccDbContext db, Guid cohortId, string externalId, CancellationToken cancellationToken) =>
        db.AuditEntries
            .Where(e => e.CohortId == cohortId && e.PatientExternalId == externalId)
            .OrderByDescending(e => e.Id)
            .Select(e => e.After)
            .FirstOrDefaultAsync(cancellationToken);

    /// <summary>The current actor.</summary>
    public Actor Actor => actors.Current;
}
