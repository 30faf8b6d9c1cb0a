namespace HccOutcomes.Infrastructure.Audit;

/// <summary>
/// One change, as the audit trail keeps it: who (client, role, site), when, what (action and resource), the request it
/// came from, an optional reason, and the resource before and after. Appended in the change's own transaction; the
/// database refuses to update or delete it.
/// </summary>
public sealed class AuditEntry
{
    /// <summary>Sequence number (order of appending).</summary>
    public long Id { get; set; }

    /// <summary>When the change was made (UTC).</summary>
    public DateTimeOffset At { get; set; }

    /// <summary>Client that made the change.</summary>
    public required string ClientId { get; set; }

    /// <summary>The client's role at the time.</summary>
    public required string ClientRole { get; set; }

    /// <summary>The client's site at the time, if any.</summary>
    public string? ClientSite { get; set; }

    /// <summary>What was done, e.g. <c>patient.replace</c>, <c>cohort.lock</c>.</summary>
    public required string Action { get; set; }

    /// <summary>Cohort concerned (no foreign key: the trail outlives a deleted cohort).</summary>
    public Guid? CohortId { get; set; }

    /// <summary>The patient's external ID, for patient changes.</summary>
    public string? PatientExternalId { get; set; }

    /// <summary>The resource's path under <c>/api/v1</c>, e.g. <c>cohorts/{id}/patients/LT-7</c>.</summary>
    public required string Resource { get; set; }

    /// <summary>Request (trace) ID.</summary>
    public string? RequestId { get; set; }

    /// <summary>The <c>X-Change-Reason</c> header, if sent.</summary>
    public string? Reason { get; set; }

    /// <summary>The stored resource before the change (JSON), null for a creation.</summary>
    public string? Before { get; set; }

    /// <summary>The stored resource after the change (JSON), null for a deletion.</summary>
    public string? After { get; set; }
}
