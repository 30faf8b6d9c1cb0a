namespace HccOutcomes.Domain.Outcomes;

/// <summary>
/// Best overall response of one patient under one criteria: the narrow row analyses read (Table 2, waterfall).
/// Derivation conventions: PR −30 % of the target sum from baseline, PD +20 % over the nadir and +5 mm (RECIST 1.1
/// section 4.3.1; mRECIST on viable diameters, without the 5 mm); CR/PR confirmed by an assessment at least
/// confirmationMinDays (28) later when confirmationRequired (default true; RECIST 1.1 section 4.6); SD as best response
/// only from stableDiseaseMinDays (42) after on-study, else NE (RECIST 1.1 section 4.4); assessments after the data
/// cut-off are left out. The reasoning names the settings version.
/// The timepoint-by-timepoint derivation is not stored; the per-patient outcomes endpoint re-derives it.
/// </summary>
public sealed class ResponseOutcome
{
    /// <summary>Patient.</summary>
    public Guid PatientId { get; set; }

    /// <summary>Cohort (denormalised for cohort-wide reads).</summary>
    public Guid CohortId { get; set; }

    /// <summary>RECIST 1.1 or mRECIST.</summary>
    public Criteria Criteria { get; set; }

    /// <summary>Measurements, investigator responses, or none.</summary>
    public Response.ResponseSource Source { get; set; }

    /// <summary>Best overall response.</summary>
    public ResponseCategory BestOverallResponse { get; set; }

    /// <summary>CR or PR.</summary>
    public bool ObjectiveResponse { get; set; }

    /// <summary>CR, PR or SD.</summary>
    public bool DiseaseControl { get; set; }

    /// <summary>Date of the first (confirmed) CR/PR.</summary>
    public DateOnly? ResponseDate { get; set; }

    /// <summary>On-study to response, days.</summary>
    public int? TimeToResponseDays { get; set; }

    /// <summary>Response to progression or censoring, days.</summary>
    public int? DurationOfResponseDays { get; set; }

    /// <summary>Duration of response censored (no progression).</summary>
    public bool? DurationOfResponseCensored { get; set; }

    /// <summary>Best % change of the target sum from baseline (waterfall value).</summary>
    public double? BestPercentChange { get; set; }

    /// <summary>Baseline sum of target diameters (mm).</summary>
    public double? BaselineSumMm { get; set; }

    /// <summary>Human-readable reason for the best overall response.</summary>
    public string Reasoning { get; set; } = string.Empty;
}

/// <summary>
/// One ADaM ADTTE-like row: a patient's time to an event (OS, PFS_RECIST, PFS_MRECIST, PFSCLIN). Derivation conventions:
/// time origin STARTDT = on-study; AVAL = ADT − STARTDT + 1 days (censoring on the index date gives AVAL = 1), months =
/// days / 30.4375 (ADaM ADTTE). OS: death from any cause, else censored at the latest of last known alive, last contact
/// and last tumor assessment (FDA 2018 endpoint guidance). PFS per the cohort's derivation settings: pfsRuleSet asCollected
/// (default; radiological progression, clinical progression or death, whichever is first, no censoring for new therapy
/// or missed assessments), fda2018 (FDA 2018 PFS table: no baseline assessment → censored at on-study (row 1); new
/// anticancer therapy before progression → censored at the last adequate assessment before it (row 6); progression or
/// death more than 2 × assessmentIntervalDays (56) after the last adequate assessment → censored there (row 9); clinical
/// progression not an event (row 4)) or ema (EMA appendix 1 main definition: radiological progression or death, new
/// therapy not censored). clinicalProgressionCounts decides whether clinical progression is a PFS_RECIST / PFS_MRECIST
/// event; PFSCLIN always counts it (radiological per RECIST 1.1). Without an event PFS is censored at the last adequate
/// (non-NE) assessment. dataCutoffDate: an OS event after it is censored at the cut-off, a PFS event after it is not
/// counted (ICH E9). The reasoning names the settings version.
/// </summary>
public sealed class TimeToEventOutcome
{
    /// <summary>Patient.</summary>
    public Guid PatientId { get; set; }

    /// <summary>Cohort.</summary>
    public Guid CohortId { get; set; }

    /// <summary>Parameter code: OS, PFS_RECIST, PFS_MRECIST, PFSCLIN.</summary>
    public string ParamCd { get; set; } = string.Empty;

    /// <summary>Parameter label, saying which progressions count, e.g. "Progression-free survival (RECIST 1.1 radiological progression or death)".</summary>
    public string Param { get; set; } = string.Empty;

    /// <summary>STARTDT: on-study.</summary>
    public DateOnly StartDate { get; set; }

    /// <summary>ADT: event or censoring date.</summary>
    public DateOnly AnalysisDate { get; set; }

    /// <summary>AVAL in days.</summary>
    public int Days { get; set; }

    /// <summary>AVAL in months (days / 30.4375).</summary>
    public double Months { get; set; }

    /// <summary>CNSR = 1.</summary>
    public bool Censored { get; set; }

    /// <summary>EVNTDESC, e.g. "Death", "Disease progression (RECIST 1.1)", "Last tumor assessment".</summary>
    public string EventDescription { get; set; } = string.Empty;

    /// <summary>Where the date came from.</summary>
    public string SourceRecord { get; set; } = string.Empty;

    /// <summary>Why.</summary>
    public string Reasoning { get; set; } = string.Empty;
}

/// <summary>
/// A patient's safety summary (Table 3 overall rows). Derivation conventions: an AE is treatment-emergent when its onset
/// lies from on-study to treatmentEmergentWindowDays (default 30) after the last date of any protocol treatment
/// (anti-PD1, sorafenib, TACE, radiotherapy), the window staying open while anti-PD1 or sorafenib is ongoing (ICH E9);
/// treatment-related means attribution possible, probable or definite (CTCAE v5.0); worst grades per CTCAE v5.0 term.
/// Records after the data cut-off are left out. The reasoning names the settings version.
/// </summary>
public sealed class SafetyOutcome
{
    /// <summary>Patient.</summary>
    public Guid PatientId { get; set; }

    /// <summary>Cohort.</summary>
    public Guid CohortId { get; set; }

    /// <summary>Worst grade of any treatment-emergent AE.</summary>
    public int? WorstGrade { get; set; }

    /// <summary>Worst grade among treatment-related AEs.</summary>
    public int? WorstGradeTreatmentRelated { get; set; }

    /// <summary>Any grade ≥ 3 treatment-related AE.</summary>
    public bool AnyGrade3PlusTreatmentRelated { get; set; }

    /// <summary>A grade 5 treatment-related AE.</summary>
    public bool TreatmentRelatedDeath { get; set; }

    /// <summary>Treatment-emergent AEs counted.</summary>
    public int TreatmentEmergentCount { get; set; }

    /// <summary>AEs outside the treatment-emergent window.</summary>
    public int ExcludedCount { get; set; }

    /// <summary>Window start (on-study).</summary>
    public DateOnly WindowStart { get; set; }

    /// <summary>Window end (null: open).</summary>
    public DateOnly? WindowEnd { get; set; }

    /// <summary>Why the window is what it is, and notes.</summary>
    public string Reasoning { get; set; } = string.Empty;
}

/// <summary>A patient's worst grades for one CTCAE term.</summary>
public sealed class SafetyTermOutcome
{
    /// <summary>Patient.</summary>
    public Guid PatientId { get; set; }

    /// <summary>Cohort.</summary>
    public Guid CohortId { get; set; }

    /// <summary>CTCAE term.</summary>
    public string Term { get; set; } = string.Empty;

    /// <summary>MedDRA code.</summary>
    public int? MeddraCode { get; set; }

    /// <summary>Worst grade among all treatment-emergent AEs of the term.</summary>
    public int WorstGrade { get; set; }

    /// <summary>Worst grade among treatment-related ones.</summary>
    public int? WorstGradeTreatmentRelated { get; set; }

    /// <summary>Number of AEs.</summary>
    public int EventCount { get; set; }

    /// <summary>Number of treatment-related AEs.</summary>
    public int TreatmentRelatedCount { get; set; }

    /// <summary>Any serious.</summary>
    public bool AnySerious { get; set; }

    /// <summary>Which events gave the worst grades.</summary>
    public string Reasoning { get; set; } = string.Empty;
}
