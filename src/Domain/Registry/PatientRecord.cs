namespace HccOutcomes.Domain.Registry;

/// <summary>Common fields of every record nested under a patient.</summary>
public abstract class PatientRecord
{
    /// <summary>Surrogate key.</summary>
    public Guid Id { get; set; }

    /// <summary>Owning patient.</summary>
    public Guid PatientId { get; set; }

    /// <summary>Submitting system's record ID; a record sent again with the same ID updates, not duplicates.</summary>
    public string? SourceId { get; set; }

    /// <summary>When first stored (UTC).</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When last changed (UTC).</summary>
    public DateTimeOffset UpdatedAt { get; set; }
}
