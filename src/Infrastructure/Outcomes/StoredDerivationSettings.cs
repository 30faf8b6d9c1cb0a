using HccOutcomes.Domain.Conventions;

namespace HccOutcomes.Infrastructure.Outcomes;

/// <summary>
/// One version of a cohort's derivation settings (table <c>derivation_settings</c>). Versions are kept, never updated:
/// the newest is the cohort's current settings, and a cohort without any uses the defaults (version 1).
/// </summary>
public sealed class StoredDerivationSettings
{
    /// <summary>Cohort.</summary>
    public Guid CohortId { get; set; }

    /// <summary>Version within the cohort (2 is the first change from the defaults).</summary>
    public int Version { get; set; }

    /// <summary>See <see cref="DerivationSettings.TreatmentEmergentWindowDays"/>.</summary>
    public int TreatmentEmergentWindowDays { get; set; }

    /// <summary>See <see cref="DerivationSettings.ConfirmationRequired"/>.</summary>
    public bool ConfirmationRequired { get; set; }

    /// <summary>See <see cref="DerivationSettings.ConfirmationMinDays"/>.</summary>
    public int ConfirmationMinDays { get; set; }

    /// <summary>See <see cref="DerivationSettings.StableDiseaseMinDays"/>.</summary>
    public int StableDiseaseMinDays { get; set; }

    /// <summary>See <see cref="DerivationSettings.PfsRuleSet"/>.</summary>
    public PfsRuleSet PfsRuleSet { get; set; }

    /// <summary>See <see cref="DerivationSettings.ClinicalProgressionCounts"/>.</summary>
    public bool ClinicalProgressionCounts { get; set; }

    /// <summary>See <see cref="DerivationSettings.AssessmentIntervalDays"/>.</summary>
    public int AssessmentIntervalDays { get; set; }

    /// <summary>See <see cref="DerivationSettings.DataCutoffDate"/>.</summary>
    public DateOnly? DataCutoffDate { get; set; }

    /// <summary>When this version was stored (UTC).</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The settings this row stores.</summary>
    public DerivationSettings ToSettings() => new()
    {
        Version = Version,
        TreatmentEmergentWindowDays = TreatmentEmergentWindowDays,
        ConfirmationRequired = ConfirmationRequired,
        ConfirmationMinDays = ConfirmationMinDays,
        StableDiseaseMinDays = StableDiseaseMinDays,
        PfsRuleSet = PfsRuleSet,
        ClinicalProgressionCounts = ClinicalProgressionCounts,
        AssessmentIntervalDays = AssessmentIntervalDays,
        DataCutoffDate = DataCutoffDate,
    };

    /// <summary>The row storing <paramref name="settings"/> for <paramref name="cohortId"/>.</summary>
    public static StoredDerivationSettings From(Guid cohortId, DerivationSettings settings, DateTimeOffset createdAt) => new()
    {
        CohortId = cohortId,
        Version = settings.Version,
        TreatmentEmergentWindowDays = settings.TreatmentEmergentWindowDays,
        ConfirmationRequired = settings.ConfirmationRequired,
        ConfirmationMinDays = settings.ConfirmationMinDays,
        StableDiseaseMinDays = settings.StableDiseaseMinDays,
        PfsRuleSet = settings.PfsRuleSet,
        ClinicalProgressionCounts = settings.ClinicalProgressionCounts,
        AssessmentIntervalDays = settings.AssessmentIntervalDays,
        DataCutoffDate = settings.DataCutoffDate,
        CreatedAt = createdAt,
    };
}
