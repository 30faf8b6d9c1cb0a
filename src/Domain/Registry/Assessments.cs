namespace HccOutcomes.Domain.Registry;

/// <summary>One imaging timepoint with its lesion measurements.</summary>
public sealed class TumorAssessment : PatientRecord
{
    /// <summary>Imaging date.</summary>
    public DateOnly Date { get; set; }

    /// <summary>CT or MRI.</summary>
    public ImagingModality Modality { get; set; }

    /// <summary>Lesions measured at this timepoint.</summary>
    public List<LesionRecord> Lesions { get; set; } = [];

    /// <summary>Investigator's RECIST 1.1 timepoint response, if reported.</summary>
    public ResponseCategory? InvestigatorRecist { get; set; }

    /// <summary>Investigator's mRECIST timepoint response, if reported.</summary>
    public ResponseCategory? InvestigatorMRecist { get; set; }
}

/// <summary>One lesion at one assessment.</summary>
public sealed class LesionRecord
{
    /// <summary>Stable lesion ID across visits (e.g. "T1").</summary>
    public string LesionId { get; set; } = string.Empty;

    /// <summary>Organ or site (e.g. "liver", "lung", "lymph node").</summary>
    public string Site { get; set; } = string.Empty;

    /// <summary>Lymph node (measured on the short axis).</summary>
    public bool IsLymphNode { get; set; }

    /// <summary>Target, non-target or new.</summary>
    public LesionRole Role { get; set; }

    /// <summary>Longest diameter (mm).</summary>
    public double? LongestDiameterMm { get; set; }

    /// <summary>Short axis (mm), for nodes.</summary>
    public double? ShortAxisMm { get; set; }

    /// <summary>Viable (arterially enhancing) diameter (mm), for mRECIST.</summary>
    public double? ViableDiameterMm { get; set; }

    /// <summary>Non-target status.</summary>
    public NonTargetStatus? NonTargetStatus { get; set; }

    /// <summary>New liver lesion with the typical HCC pattern (arterial hyperenhancement with washout).</summary>
    public bool? TypicalHccPattern { get; set; }

    /// <summary>Portal-vein tumor thrombus.</summary>
    public bool PortalVeinTumorThrombus { get; set; }
}

/// <summary>An adverse event graded by CTCAE.</summary>
public sealed class AdverseEvent : PatientRecord
{
    /// <summary>CTCAE term, as in the vocabulary (e.g. "Diarrhea").</summary>
    public required string Term { get; set; }

    /// <summary>MedDRA lowest-level-term code of the CTCAE term.</summary>
    public int? MeddraCode { get; set; }

    /// <summary>CTCAE version, "5.0".</summary>
    public string CtcaeVersion { get; set; } = "5.0";

    /// <summary>Grade 1–5.</summary>
    public int Grade { get; set; }

    /// <summary>Onset date.</summary>
    public DateOnly OnsetDate { get; set; }

    /// <summary>Resolution date (null while ongoing).</summary>
    public DateOnly? ResolutionDate { get; set; }

    /// <summary>Investigator's attribution to study treatment.</summary>
    public AeAttribution Attribution { get; set; }

    /// <summary>Treatments suspected of causing it.</summary>
    public List<SuspectedTreatment> SuspectedTreatments { get; set; } = [];

    /// <summary>Serious adverse event.</summary>
    public bool Serious { get; set; }
}

/// <summary>Survival and progression status (one per patient).</summary>
public sealed class FollowUp : PatientRecord
{
    /// <summary>Last date the patient was known to be alive (last contact).</summary>
    public DateOnly? LastKnownAliveDate { get; set; }

    /// <summary>Date of death.</summary>
    public DateOnly? DeathDate { get; set; }

    /// <summary>Cause of death.</summary>
    public string? DeathCause { get; set; }

    /// <summary>Lost to follow-up.</summary>
    public bool LostToFollowUp { get; set; }

    /// <summary>Date of clinical (non-radiologic) progression.</summary>
    public DateOnly? ClinicalProgressionDate { get; set; }

    /// <summary>Therapies started after the study treatment.</summary>
    public List<SubsequentTherapyRecord> SubsequentTherapies { get; set; } = [];
}

/// <summary>A therapy started after the study treatment.</summary>
/// <param name="StartDate">Start date.</param>
/// <param name="Type">Kind of therapy, e.g. "Lenvatinib", "Hepatic arterial infusion chemotherapy".</param>
public sealed record SubsequentTherapyRecord(DateOnly StartDate, string Type);
