using System.ComponentModel;
using HccOutcomes.Domain;
using HccOutcomes.Domain.Registry;

namespace HccOutcomes.Api.Contracts.Patients;

/// <summary>
/// The whole patient document: demographics, baseline, and every nested record. It is what
/// <c>PUT /cohorts/{cohortId}/patients/{externalId}</c> takes and <c>GET</c> returns, so a client may GET,
/// edit and PUT it back. Fields marked read-only are set by the server and ignored on input.
/// </summary>
public sealed class PatientDocument
{
    /// <summary>Pseudonymous patient ID of the submitting system (read-only: taken from the URL). 1–100 characters.</summary>
    public string? ExternalId { get; set; }

    /// <summary>Treatment-group label, e.g. "RT+PD1" or "TACE+Sorafenib".</summary>
    public string Arm { get; set; } = string.Empty;

    /// <summary>Enrolling site code, up to 100 characters. A submitting client's writes take its own site; a document
    /// that names another site is rejected.</summary>
    public string? Site { get; set; }

    /// <summary>Index date of all time-to-event endpoints (ISO date).</summary>
    public DateOnly? OnStudyDate { get; set; }

    /// <summary>Sex.</summary>
    public Sex? Sex { get; set; }

    /// <summary>Age in years at on-study, 18–120.</summary>
    public int? AgeYears { get; set; }

    /// <summary>Submitting system's record ID.</summary>
    public string? SourceId { get; set; }

    /// <summary>Baseline characteristics.</summary>
    public BaselineDto Baseline { get; set; } = new();

    /// <summary>Radiotherapy courses.</summary>
    public List<RadiotherapyCourseDto> RadiotherapyCourses { get; set; } = [];

    /// <summary>TACE sessions.</summary>
    public List<TaceSessionDto> TaceSessions { get; set; } = [];

    /// <summary>Sorafenib courses.</summary>
    public List<SorafenibCourseDto> SorafenibCourses { get; set; } = [];

    /// <summary>Anti-PD1 cycles.</summary>
    public List<AntiPd1CycleDto> AntiPd1Cycles { get; set; } = [];

    /// <summary>Tumor assessments.</summary>
    public List<TumorAssessmentDto> TumorAssessments { get; set; } = [];

    /// <summary>Adverse events (CTCAE v5.0).</summary>
    public List<AdverseEventDto> AdverseEvents { get; set; } = [];

    /// <summary>Follow-up status.</summary>
    public FollowUpDto? FollowUp { get; set; }

    /// <summary>Read-only: ALBI score = 0.66·log10(bilirubin µmol/L) − 0.085·albumin g/L.</summary>
    [ReadOnly(true)]
    public double? AlbiScore { get; set; }

    /// <summary>Read-only: ALBI grade (1: ≤ −2.60; 2: ≤ −1.39; 3: &gt; −1.39).</summary>
    [ReadOnly(true)]
    public int? AlbiGrade { get; set; }

    /// <summary>Read-only: when first stored.</summary>
    [ReadOnly(true)]
    public DateTimeOffset? CreatedAt { get; set; }

    /// <summary>Read-only: when last changed.</summary>
    [ReadOnly(true)]
    public DateTimeOffset? UpdatedAt { get; set; }

    /// <summary>
    /// Read-only: data-plausibility warnings about the stored document, e.g. a record more than 365 days before
    /// on-study. The document was accepted; each warning names its field path.
    /// </summary>
    [ReadOnly(true)]
    public List<DataWarning> Warnings { get; set; } = [];
}

/// <summary>Something accepted that may be a data-entry error.</summary>
/// <param name="Field">Field path, e.g. <c>adverseEvents[0].onsetDate</c>.</param>
/// <param name="Message">What is unusual and why it was accepted.</param>
public sealed record DataWarning(string Field, string Message);

/// <summary>Baseline characteristics at on-study (Table 1). All optional.</summary>
public sealed class BaselineDto
{
    /// <summary>Body weight (kg), 20–300.</summary>
    public double? BodyweightKg { get; set; }

    /// <summary>ECOG performance status 0–4.</summary>
    public int? Ecog { get; set; }

    /// <summary>Child–Pugh class: A, B or C.</summary>
    public ChildPughClass? ChildPughClass { get; set; }

    /// <summary>Child–Pugh score 5–15 (must agree with the class).</summary>
    public int? ChildPughScore { get; set; }

    /// <summary>BCLC stage: 0, A, B, C or D.</summary>
    public BclcStage? BclcStage { get; set; }

    /// <summary>Diagnosis basis: histopathology, EASL or AASLD.</summary>
    public DiagnosisBasis? DiagnosisBasis { get; set; }

    /// <summary>Hepatitis B.</summary>
    public bool? Hbv { get; set; }

    /// <summary>Hepatitis C.</summary>
    public bool? Hcv { get; set; }

    /// <summary>Cirrhosis.</summary>
    public bool? Cirrhosis { get; set; }

    /// <summary>Alpha-fetoprotein (ng/mL), ≥ 0.</summary>
    public double? AfpNgPerMl { get; set; }

    /// <summary>Albumin (g/L), 5–70.</summary>
    public double? AlbuminGPerL { get; set; }

    /// <summary>Total bilirubin (µmol/L), 1–1000.</summary>
    public double? TotalBilirubinUmolPerL { get; set; }

    /// <summary>Hemoglobin (g/L), 30–250.</summary>
    public double? HemoglobinGPerL { get; set; }

    /// <summary>Platelets (10⁹/L), 0–2000.</summary>
    public double? Platelets10e9PerL { get; set; }

    /// <summary>White blood cells (10⁹/L), 0–200.</summary>
    public double? Wbc10e9PerL { get; set; }

    /// <summary>Maximum tumor diameter (cm), 0–40.</summary>
    public double? MaxTumorDiameterCm { get; set; }

    /// <summary>Number of intrahepatic lesions, 0–100.</summary>
    public int? IntrahepaticLesionCount { get; set; }

    /// <summary>Macrovascular invasion.</summary>
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

/// <summary>Fields every nested record carries.</summary>
public abstract class PatientRecordDto
{
    /// <summary>Read-only: server ID of the record.</summary>
    [ReadOnly(true)]
    public Guid? Id { get; set; }

    /// <summary>Submitting system's record ID; re-sending a record with the same ID updates it.</summary>
    public string? SourceId { get; set; }

    /// <summary>Read-only: when first stored.</summary>
    [ReadOnly(true)]
    public DateTimeOffset? CreatedAt { get; set; }

    /// <summary>Read-only: when last changed.</summary>
    [ReadOnly(true)]
    public DateTimeOffset? UpdatedAt { get; set; }
}

/// <summary>A radiotherapy course.</summary>
public sealed class RadiotherapyCourseDto : PatientRecordDto
{
    /// <summary>First fraction date.</summary>
    public DateOnly? StartDate { get; set; }

    /// <summary>Last fraction date.</summary>
    public DateOnly? EndDate { get; set; }

    /// <summary>IMRT, VMAT, 3D-CRT or SBRT.</summary>
    public RadiotherapyTechnique? Technique { get; set; }

    /// <summary>Prescribed total dose (Gy), 0–100.</summary>
    public double? TotalDoseGy { get; set; }

    /// <summary>Dose per fraction (Gy), 0–30; × fractions must equal the total within 1%.</summary>
    public double? DosePerFractionGy { get; set; }

    /// <summary>Fractions planned, 1–50.</summary>
    public int? FractionsPlanned { get; set; }

    /// <summary>Lesions treated, 1–5.</summary>
    public int? LesionsTreated { get; set; }

    /// <summary>Delivered fractions (optional). When present, delivered dose and BED derive from them.</summary>
    public List<DeliveredFractionRecord> Fractions { get; set; } = [];

    /// <summary>Read-only: fractions delivered.</summary>
    [ReadOnly(true)]
    public int? FractionsDelivered { get; set; }

    /// <summary>Read-only: dose delivered (Gy).</summary>
    [ReadOnly(true)]
    public double? DeliveredDoseGy { get; set; }

    /// <summary>Read-only: BED (α/β = 10 Gy).</summary>
    [ReadOnly(true)]
    public double? BedGy { get; set; }

    /// <summary>Read-only: EQD2 (α/β = 10 Gy).</summary>
    [ReadOnly(true)]
    public double? Eqd2Gy { get; set; }
}

/// <summary>A TACE session.</summary>
public sealed class TaceSessionDto : PatientRecordDto
{
    /// <summary>Procedure date.</summary>
    public DateOnly? Date { get; set; }

    /// <summary>cisplatin, pirarubicin, epirubicin, doxorubicin or other.</summary>
    public TaceChemotherapyAgent? ChemotherapyAgent { get; set; }

    /// <summary>Chemotherapy dose, &gt; 0, in <see cref="ChemotherapyDoseUnit"/>.</summary>
    public double? ChemotherapyDose { get; set; }

    /// <summary>"mg" or "mg/m2"; required with a dose.</summary>
    public ChemotherapyDoseUnit? ChemotherapyDoseUnit { get; set; }

    /// <summary>Lipiodol (mL), 0–50.</summary>
    public double? LipiodolMl { get; set; }

    /// <summary>Embolic agent.</summary>
    public EmbolicAgent? EmbolicAgent { get; set; }

    /// <summary>Technical success.</summary>
    public bool? TechnicalSuccess { get; set; }
}

/// <summary>A sorafenib course.</summary>
public sealed class SorafenibCourseDto : PatientRecordDto
{
    /// <summary>First dose date.</summary>
    public DateOnly? StartDate { get; set; }

    /// <summary>Last dose date; null while ongoing.</summary>
    public DateOnly? EndDate { get; set; }

    /// <summary>Starting daily dose (mg), 1–1600.</summary>
    public double? StartingDailyDoseMg { get; set; }

    /// <summary>Dose changes, each inside the course.</summary>
    public List<SorafenibDoseChangeRecord> DoseChanges { get; set; } = [];

    /// <summary>Why it was stopped.</summary>
    public string? DiscontinuationReason { get; set; }

    /// <summary>Read-only: days on treatment.</summary>
    [ReadOnly(true)]
    public int? DurationDays { get; set; }

    /// <summary>Read-only: relative dose intensity against 800 mg/day.</summary>
    [ReadOnly(true)]
    public double? RelativeDoseIntensity { get; set; }
}

/// <summary>An anti-PD1 cycle.</summary>
public sealed class AntiPd1CycleDto : PatientRecordDto
{
    /// <summary>Agent.</summary>
    public AntiPd1Agent? Agent { get; set; }

    /// <summary>Infusion date.</summary>
    public DateOnly? Date { get; set; }

    /// <summary>Dose (mg), 1–2000.</summary>
    public double? DoseMg { get; set; }

    /// <summary>Cycle number, 1–200.</summary>
    public int? CycleNumber { get; set; }
}

/// <summary>A tumor assessment with its lesions.</summary>
public sealed class TumorAssessmentDto : PatientRecordDto
{
    /// <summary>Imaging date.</summary>
    public DateOnly? Date { get; set; }

    /// <summary>CT or MRI.</summary>
    public ImagingModality? Modality { get; set; }

    /// <summary>Lesions; IDs unique within the assessment.</summary>
    public List<LesionDto> Lesions { get; set; } = [];

    /// <summary>Investigator's RECIST 1.1 timepoint response (CR, PR, SD, PD, NE), if reported.</summary>
    public ResponseCategory? InvestigatorRecist { get; set; }

    /// <summary>Investigator's mRECIST timepoint response, if reported.</summary>
    public ResponseCategory? InvestigatorMRecist { get; set; }
}

/// <summary>An adverse event.</summary>
public sealed class AdverseEventDto : PatientRecordDto
{
    /// <summary>CTCAE v5.0 term from <c>GET /api/v1/vocabularies/ctcae-terms</c>.</summary>
    public string Term { get; set; } = string.Empty;

    /// <summary>MedDRA code; filled from the vocabulary when omitted, and must match it when sent.</summary>
    public int? MeddraCode { get; set; }

    /// <summary>CTCAE version; only "5.0" is accepted.</summary>
    public string? CtcaeVersion { get; set; }

    /// <summary>Grade 1–5, within the grades the term allows.</summary>
    public int? Grade { get; set; }

    /// <summary>Onset date.</summary>
    public DateOnly? OnsetDate { get; set; }

    /// <summary>Resolution date, not before onset.</summary>
    public DateOnly? ResolutionDate { get; set; }

    /// <summary>unrelated, unlikely, possible, probable or definite.</summary>
    public AeAttribution? Attribution { get; set; }

    /// <summary>Suspected treatments: rt, antiPd1, tace, sorafenib.</summary>
    public List<SuspectedTreatment> SuspectedTreatments { get; set; } = [];

    /// <summary>Serious adverse event.</summary>
    public bool? Serious { get; set; }
}

/// <summary>Follow-up status.</summary>
public sealed class FollowUpDto : PatientRecordDto
{
    /// <summary>Last date known alive.</summary>
    public DateOnly? LastKnownAliveDate { get; set; }

    /// <summary>Date of death, after on-study.</summary>
    public DateOnly? DeathDate { get; set; }

    /// <summary>Cause of death.</summary>
    public string? DeathCause { get; set; }

    /// <summary>Lost to follow-up.</summary>
    public bool? LostToFollowUp { get; set; }

    /// <summary>Clinical (non-radiologic) progression date.</summary>
    public DateOnly? ClinicalProgressionDate { get; set; }

    /// <summary>Subsequent therapies.</summary>
    public List<SubsequentTherapyRecord> SubsequentTherapies { get; set; } = [];
}

/// <summary>One lesion at one assessment.</summary>
public sealed class LesionDto
{
    /// <summary>Stable lesion ID across visits (e.g. "T1"), unique within the assessment.</summary>
    public string LesionId { get; set; } = string.Empty;

    /// <summary>Organ or site, e.g. "liver", "lung", "lymph node", "portal vein".</summary>
    public string Site { get; set; } = string.Empty;

    /// <summary>Lymph node (measured on the short axis).</summary>
    public bool? IsLymphNode { get; set; }

    /// <summary>target, nonTarget or new.</summary>
    public LesionRole? Role { get; set; }

    /// <summary>Longest diameter (mm), 0–500; required for target lesions that are not nodes.</summary>
    public double? LongestDiameterMm { get; set; }

    /// <summary>Short axis (mm), 0–500; required for target nodes.</summary>
    public double? ShortAxisMm { get; set; }

    /// <summary>Viable (arterially enhancing) diameter (mm) for mRECIST, not above the longest diameter.</summary>
    public double? ViableDiameterMm { get; set; }

    /// <summary>present, absent or unequivocalProgression (non-target lesions).</summary>
    public NonTargetStatus? NonTargetStatus { get; set; }

    /// <summary>New liver lesion with the typical HCC pattern.</summary>
    public bool? TypicalHccPattern { get; set; }

    /// <summary>Portal-vein tumor thrombus.</summary>
    public bool? PortalVeinTumorThrombus { get; set; }
}
