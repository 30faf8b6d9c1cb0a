namespace HccOutcomes.Domain.Registry;

/// <summary>
/// A named collection of patients that are analysed together, e.g. one hospital's
/// retrospective series or one registry extract. Every patient record lives in exactly one cohort.
/// </summary>
public sealed class Cohort
{
    /// <summary>Surrogate key.</summary>
    public Guid Id { get; set; }

    /// <summary>Short name shown to analysts, unique across the registry.</summary>
    public required string Name { get; set; }

    /// <summary>Free-text description: source, inclusion criteria, data cut-off.</summary>
    public string? Description { get; set; }

    /// <summary>True for generated (non-patient) data such as the demo cohort.</summary>
    public bool IsSynthetic { get; set; }

    /// <summary>When the record was first stored (UTC).</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When the record was last changed (UTC).</summary>
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>When a data manager locked the cohort (UTC); null while it takes writes. A locked cohort is frozen data
    /// that a table in a paper can name.</summary>
    public DateTimeOffset? LockedAt { get; set; }

    /// <summary>Client that locked the cohort.</summary>
    public string? LockedBy { get; set; }

    /// <summary>Why the cohort was locked (e.g. "database lock for the primary analysis").</summary>
    public string? LockReason { get; set; }

    /// <summary>Optimistic-concurrency token (PostgreSQL <c>xmin</c>); exposed to clients as the ETag.</summary>
    public uint Version { get; set; }
}
