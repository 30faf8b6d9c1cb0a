namespace HccOutcomes.Infrastructure.Interop;

/// <summary>A cohort's REDCap mapping document (field renames, choice codes, instruments), applied to its imports.</summary>
public sealed class StoredRedcapMapping
{
    /// <summary>Cohort (one mapping per cohort).</summary>
    public Guid CohortId { get; set; }

    /// <summary>The mapping document as JSON.</summary>
    public string Document { get; set; } = "{}";

    /// <summary>1 when first stored, +1 on every change.</summary>
    public int Version { get; set; }

    /// <summary>When last changed.</summary>
    public DateTimeOffset UpdatedAt { get; set; }
}
