namespace HccOutcomes.Domain.Conventions;

/// <summary>Which progressions and censoring rules define PFS.</summary>
public enum PfsRuleSet
{
    /// <summary>
    /// As collected (the reference study): radiological progression, clinical progression or death, whichever is first;
    /// new anticancer therapy and missed assessments do not censor.
    /// </summary>
    AsCollected,

    /// <summary>
    /// FDA 2018 endpoint guidance, PFS table: censored at the last adequate assessment before a new anticancer therapy,
    /// and when progression or death follows two or more missed scheduled assessments; clinical progression is not an event.
    /// </summary>
    Fda2018,

    /// <summary>
    /// EMA anticancer guideline, appendix 1, main definition: radiological progression or death; new anticancer therapy
    /// and missed assessments do not censor; clinical progression is not an event.
    /// </summary>
    Ema,
}

/// <summary>
/// The conventions a cohort's outcomes are derived under, chosen by the analyst and versioned per cohort: every derived
/// row names the version it used. Version 1 is these defaults, which reproduce the reference study.
/// </summary>
public sealed record DerivationSettings
{
    /// <summary>The defaults (version 1).</summary>
    public static DerivationSettings Default { get; } = new();

    /// <summary>Settings version within the cohort; 1 is the defaults every cohort starts with.</summary>
    public int Version { get; init; } = 1;

    /// <summary>Days after the last date of any protocol treatment that AEs still count as treatment-emergent (ICH E9; 30).</summary>
    public int TreatmentEmergentWindowDays { get; init; } = 30;

    /// <summary>CR/PR must be confirmed by a later assessment (RECIST 1.1 section 4.6, for non-randomized studies).</summary>
    public bool ConfirmationRequired { get; init; } = true;

    /// <summary>Minimum days between a response and its confirmation (RECIST 1.1 section 4.6: 4 weeks, 28).</summary>
    public int ConfirmationMinDays { get; init; } = 28;

    /// <summary>Minimum days from on-study for SD to be the best response (RECIST 1.1 section 4.4; 42, 41 gives NE).</summary>
    public int StableDiseaseMinDays { get; init; } = 42;

    /// <summary>PFS events and censoring rules.</summary>
    public PfsRuleSet PfsRuleSet { get; init; } = PfsRuleSet.AsCollected;

    /// <summary>Clinical progression is a PFS_RECIST / PFS_MRECIST event (true under <see cref="PfsRuleSet.AsCollected"/>).</summary>
    public bool ClinicalProgressionCounts { get; init; } = true;

    /// <summary>Scheduled interval between tumor assessments, days, for the FDA 2018 missed-assessment rule (56 = 8 weeks).</summary>
    public int AssessmentIntervalDays { get; init; } = 56;

    /// <summary>Data cut-off: records dated after it are ignored and events after it censored; null uses every record.</summary>
    public DateOnly? DataCutoffDate { get; init; }

    /// <summary>How rows name these settings, e.g. "derivation settings v3".</summary>
    public string Name => $"derivation settings v{Fmt.I(Version)}";

    /// <summary>True when <paramref name="date"/> lies after the data cut-off (always false without one).</summary>
    public bool AfterCutoff(DateOnly date) => DataCutoffDate is { } cutoff && date > cutoff;

    /// <summary>The same settings with another data cut-off (a per-request override).</summary>
    public DerivationSettings WithCutoff(DateOnly? cutoff) => this with { DataCutoffDate = cutoff };

    /// <summary>Whether clinical progression counts by default under <paramref name="ruleSet"/>: only as collected.</summary>
    public static bool ClinicalProgressionCountsByDefault(PfsRuleSet ruleSet) => ruleSet == PfsRuleSet.AsCollected;
}

/// <summary>Wire names of <see cref="PfsRuleSet"/>.</summary>
public static class PfsRuleSetNames
{
    /// <summary>asCollected, fda2018 or ema.</summary>
    public static string Code(this PfsRuleSet ruleSet) => ruleSet switch
    {
        PfsRuleSet.Fda2018 => "fda2018",
        PfsRuleSet.Ema => "ema",
        _ => "asCollected",
    };
}
