namespace HccOutcomes.Domain.Registry;

/// <summary>
/// One patient of a cohort: demographics, the baseline characteristics of Table 1 of a comparative
/// HCC paper, and the nested treatment, assessment, safety and follow-up records.
/// No name, MRN or birth date exists anywhere: <see cref="ExternalId"/> is the submitting system's pseudonym.
/// </summary>
public sealed class Patient
{
    /// <summary>Surrogate key.</summary>
    public Guid Id { get; set; }

    /// <summary>Owning cohort.</summary>
    public Guid CohortId { get; set; }

    /// <summary>Submitting system's pseudonymous patient ID, unique within the cohort.</summary>
    public required string ExternalId { get; set; }

    /// <summary>Enrolling site (hospital) code; a submitting client reads and writes only its own site's patients.
    /// Empty when the record names none.</summary>
    public string Site { get; set; } = string.Empty;

    /// <summary>Treatment-group label, e.g. "RT+PD1" or "TACE+Sorafenib".</summary>
    public required string Arm { get; set; }

    /// <summary>Index date of every time-to-event endpoint.</summary>
    public DateOnly OnStudyDate { get; set; }

    /// <summary>Sex.</summary>
    public Sex Sex { get; set; }

    /// <summary>Age in whole years at on-study.</summary>
    public int AgeYears { get; set; }

    /// <summary>Baseline characteristics.</summary>
    public Baseline Baseline { get; set; } = new();

    /// <summary>ALBI score derived from bilirubin and albumin (null when either is missing).</summary>
    public double? AlbiScore { get; set; }

    /// <summary>ALBI grade 1–3 derived from <see cref="AlbiScore"/>.</summary>
    public int? AlbiGrade { get; set; }

    /// <summary>Submitting system's record ID, if it sends one.</summary>
    public string? SourceId { get; set; }

    /// <summary>SHA-256 of the canonical whole-patient document last stored; an identical re-send writes nothing.</summary>
    public required string ContentHash { get; set; }

    /// <summary>When first stored (UTC).</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When last changed (UTC).</summary>
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Optimistic-concurrency token (PostgreSQL <c>xmin</c>); the ETag.</summary>
    public uint Version { get; set; }

    /// <summary>Radiotherapy courses.</summary>
    public List<RadiotherapyCourse> RadiotherapyCourses { get; set; } = [];

    /// <summary>TACE sessions.</summary>
    public List<TaceSession> TaceSessions { get; set; } = [];

    /// <summary>Sorafenib courses.</summary>
    public List<SorafenibCourse> SorafenibCourses { get; set; } = [];

    /// <summary>Anti-PD1 cycles.</summary>
    public List<AntiPd1Cycle> AntiPd1Cycles { get; set; } = [];

    /// <summary>Tumor assessments (imaging timepoints).</summary>
    public List<TumorAssessment> TumorAssessments { get; set; } = [];

    /// <summary>Adverse events (CTCAE v5.0).</summary>
    public List<AdverseEvent> AdverseEvents { get; set; } = [];

    /// <summary>Follow-up status (at most one per patient).</summary>
    public FollowUp? FollowUp { get; set; }
}

/// <summary>Baseline characteristics at on-study (Table 1). Every field is optional: sites send what they have.</summary>
public sealed class Baseline
{
    /// <summary>Body weight (kg).</summary>
    public double? BodyweightKg { get; set; }

    /// <summary>ECOG performance status 0–4.</summary>
    public int? Ecog { get; set; }

    /// <summary>Child–Pugh class.</summary>
    public ChildPughClass? ChildPughClass { get; set; }

    /// <summary>Child–Pugh score 5–15.</summary>
    public int? ChildPughScore { get; set; }

    /// <summary>BCLC stage.</summary>
    public BclcStage? BclcStage { get; set; }

    /// <summary>How the diagnosis was made.</summary>
    public DiagnosisBasis? DiagnosisBasis { get; set; }

    /// <summary>Hepatitis B infection (HBsAg positive).</summary>
    public bool? Hbv { get; set; }

    /// <summary>Hepatitis C infection.</summary>
    public bool? Hcv { get; set; }

    /// <summary>Cirrhosis.</summary>
    public bool? Cirrhosis { get; set; }

    /// <summary>Alpha-fetoprotein (ng/mL).</summary>
    public double? AfpNgPerMl { get; set; }

    /// <summary>Albumin (g/L).</summary>
    public double? AlbuminGPerL { get; set; }

    /// <summary>Total bilirubin (µmol/L).</summary>
    public double? TotalBilirubinUmolPerL { get; set; }

    /// <summary>Hemoglobin (g/L).</summary>
    public double? HemoglobinGPerL { get; set; }

    /// <summary>Platelets (10⁹/L).</summary>
    public double? Platelets10e9PerL { get; set; }

    /// <summary>White blood cells (10⁹/L).</summary>
    public double? Wbc10e9PerL { get; set; }

    /// <summary>Maximum tumor diameter (cm).</summary>
    public double? MaxTumorDiameterCm { get; set; }

    /// <summary>Number of intrahepatic lesions.</summary>
    public int? IntrahepaticLesionCount { get; set; }

    /// <summary>Macrovascular invasion (including portal-vein tumor thrombus).</summary>
    public bool? MacrovascularInvasion { get; set; }

    /// <summary>Extrahepatic metastasis.</summary>
    public bool? ExtrahepaticMetastasis { get; set; }

    /// <summary>Prior TACE.</summary>
    public bool? PriorTace { get; set; }

    /// <summary>Prior hepatectomy.</summary>
    public bool? PriorHepatectomy { get; set; }

    /// <summary>Prior ablation.</summary>
    public bool? PriorAblation { get; set; }

    /// <summary>Prior systemic therapy.</summary>
    public bool? PriorSystemicTherapy { get; set; }
}
