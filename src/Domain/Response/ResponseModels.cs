namespace HccOutcomes.Domain.Response;

/// <summary>One lesion as recorded at one tumor assessment.</summary>
/// <param name="LesionId">Stable lesion identifier across visits (compared ordinally).</param>
/// <param name="Organ">Organ or site, e.g. "liver", "lung". All lymph nodes count as one organ for target selection.</param>
/// <param name="Role">Role recorded by the site; at baseline a Target role is respected as the site's target selection.</param>
/// <param name="IsLymphNode">Lymph node (measured on the short axis).</param>
/// <param name="LongestDiameterMm">Longest diameter (mm); 0 = disappeared.</param>
/// <param name="ShortAxisMm">Short axis (mm), for nodes.</param>
/// <param name="ViableDiameterMm">Longest diameter of the viable, arterially enhancing tumor (mm), used by mRECIST; 0 = no enhancement.</param>
/// <param name="NonTargetStatus">Qualitative status for non-target lesions at follow-up.</param>
/// <param name="TypicalHccPattern">For new liver lesions: typical HCC vascular pattern (arterial hyperenhancement with washout).</param>
/// <param name="IsPortalVeinTumorThrombus">Portal-vein tumor thrombus; non-measurable (non-target) under mRECIST.</param>
public sealed record LesionMeasurement(
    string LesionId,
    string Organ,
    LesionRole Role,
    bool IsLymphNode = false,
    double? LongestDiameterMm = null,
    double? ShortAxisMm = null,
    double? ViableDiameterMm = null,
    NonTargetStatus? NonTargetStatus = null,
    bool? TypicalHccPattern = null,
    bool IsPortalVeinTumorThrombus = false);

/// <summary>One imaging tumor assessment (timepoint).</summary>
/// <param name="Date">Imaging date.</param>
/// <param name="Lesions">Lesions recorded at this assessment.</param>
/// <param name="InvestigatorRecist">Investigator's RECIST 1.1 timepoint response, if reported.</param>
/// <param name="InvestigatorMRecist">Investigator's mRECIST timepoint response, if reported.</param>
/// <param name="SourceId">Submitting system's record id, carried into derived values as their source.</param>
public sealed record ImagingAssessment(
    DateOnly Date,
    IReadOnlyList<LesionMeasurement> Lesions,
    ResponseCategory? InvestigatorRecist = null,
    ResponseCategory? InvestigatorMRecist = null,
    string? SourceId = null);

/// <summary>Parameters of the best-overall-response derivation.</summary>
/// <param name="RequireConfirmation">CR/PR must be confirmed by a later assessment (default on).</param>
/// <param name="ConfirmationMinDays">Minimum days between a response and its confirmation (default 28).</param>
/// <param name="StableDiseaseMinDays">Minimum days from on-study for SD to count (default 42 = 6 weeks).</param>
/// <param name="MaxNotEvaluableBetweenConfirmations">Maximum NE assessments between a response and its confirmation (default 1).</param>
public sealed record ResponseOptions(
    bool RequireConfirmation = true,
    int ConfirmationMinDays = 28,
    int StableDiseaseMinDays = 42,
    int MaxNotEvaluableBetweenConfirmations = 1)
{
    /// <summary>Defaults: confirmation on, 28 days, SD minimum 42 days, at most one NE between.</summary>
    public static ResponseOptions Default { get; } = new();
}

/// <summary>Non-target lesion response at a timepoint.</summary>
public enum NonTargetResponse
{
    /// <summary>No non-target lesions at baseline.</summary>
    NotApplicable,

    /// <summary>All non-target lesions disappeared.</summary>
    CR,

    /// <summary>Persistence of one or more non-target lesions.</summary>
    NonCRNonPD,

    /// <summary>Unequivocal progression of non-target lesions.</summary>
    PD,

    /// <summary>Not all non-target lesions assessed.</summary>
    NE,
}

/// <summary>Where the timepoint responses came from.</summary>
public enum ResponseSource
{
    /// <summary>Computed from lesion measurements.</summary>
    Measurements,

    /// <summary>Investigator-reported timepoint responses (no baseline measurements).</summary>
    Investigator,

    /// <summary>No usable data.</summary>
    None,
}

/// <summary>Response at one post-baseline assessment.</summary>
public sealed record TimepointResponse
{
    /// <summary>Assessment date.</summary>
    public required DateOnly Date { get; init; }

    /// <summary>Target response; null when there are no target lesions (or responses are investigator-reported).</summary>
    public ResponseCategory? Target { get; init; }

    /// <summary>Non-target response.</summary>
    public NonTargetResponse NonTarget { get; init; }

    /// <summary>An unequivocal new lesion was found (PD).</summary>
    public bool NewLesion { get; init; }

    /// <summary>Overall timepoint response.</summary>
    public required ResponseCategory Overall { get; init; }

    /// <summary>Sum of target diameters (mm) when all targets were measured.</summary>
    public double? SumMm { get; init; }

    /// <summary>Percent change of the sum from baseline.</summary>
    public double? ChangeFromBaselinePct { get; init; }

    /// <summary>Nadir (smallest previous sum, baseline included) that this timepoint is compared with.</summary>
    public double? NadirMm { get; init; }

    /// <summary>Investigator's response at this timepoint, when reported.</summary>
    public ResponseCategory? Investigator { get; init; }

    /// <summary>Source record id of the assessment.</summary>
    public string? SourceId { get; init; }

    /// <summary>Why, e.g. "PD on 2021-03-04: sum 84 mm is +23.5% over nadir 68 mm (+16 mm)".</summary>
    public required string Reasoning { get; init; }
}

/// <summary>A disagreement between the computed response and the investigator's.</summary>
/// <param name="Date">Assessment date; null for the best overall response.</param>
/// <param name="Computed">Computed response (the value used).</param>
/// <param name="Investigator">Investigator's response.</param>
/// <param name="Description">Human-readable description.</param>
public sealed record ResponseDiscrepancy(DateOnly? Date, ResponseCategory Computed, ResponseCategory Investigator, string Description);

/// <summary>Per-patient response outcome under one criteria, with reasoning for every value.</summary>
public sealed record ResponseEvaluation
{
    /// <summary>Criteria applied.</summary>
    public required Criteria Criteria { get; init; }

    /// <summary>Where the timepoint responses came from.</summary>
    public required ResponseSource Source { get; init; }

    /// <summary>On-study (index) date.</summary>
    public required DateOnly OnStudyDate { get; init; }

    /// <summary>Baseline assessment date (last on or before on-study).</summary>
    public DateOnly? BaselineDate { get; init; }

    /// <summary>Target lesion ids used.</summary>
    public IReadOnlyList<string> TargetLesionIds { get; init; } = [];

    /// <summary>Non-target lesion ids followed.</summary>
    public IReadOnlyList<string> NonTargetLesionIds { get; init; } = [];

    /// <summary>Baseline sum of target diameters (mm).</summary>
    public double? BaselineSumMm { get; init; }

    /// <summary>Post-baseline timepoint responses in date order.</summary>
    public IReadOnlyList<TimepointResponse> Timepoints { get; init; } = [];

    /// <summary>Best overall response.</summary>
    public required ResponseCategory BestOverallResponse { get; init; }

    /// <summary>Why, e.g. "PR unconfirmed: no assessment ≥ 28 days later".</summary>
    public required string BestOverallResponseReasoning { get; init; }

    /// <summary>Objective response (best overall response CR or PR).</summary>
    public bool ObjectiveResponse => BestOverallResponse is ResponseCategory.CR or ResponseCategory.PR;

    /// <summary>Disease control (best overall response CR, PR or SD).</summary>
    public bool DiseaseControl => BestOverallResponse is ResponseCategory.CR or ResponseCategory.PR or ResponseCategory.SD;

    /// <summary>Date of the first CR/PR that is later confirmed (the first CR/PR when confirmation is off).</summary>
    public DateOnly? ResponseDate { get; init; }

    /// <summary>Time to response in days (on-study → response date, both days counted).</summary>
    public int? TimeToResponseDays { get; init; }

    /// <summary>Time to response in months.</summary>
    public double? TimeToResponseMonths => TimeToResponseDays is { } d ? StudyTime.Months(d) : null;

    /// <summary>Date of the first PD timepoint.</summary>
    public DateOnly? ProgressionDate { get; init; }

    /// <summary>Duration of response in days (response date → PD, or → last adequate assessment when censored).</summary>
    public int? DurationOfResponseDays { get; init; }

    /// <summary>Duration of response in months.</summary>
    public double? DurationOfResponseMonths => DurationOfResponseDays is { } d ? StudyTime.Months(d) : null;

    /// <summary>True when the duration of response is censored (no PD observed).</summary>
    public bool? DurationOfResponseCensored { get; init; }

    /// <summary>Reasoning for time to and duration of response.</summary>
    public string? ResponseDurationReasoning { get; init; }

    /// <summary>Best (most negative) percent change of the target sum from baseline: the waterfall value.</summary>
    public double? BestPercentChange { get; init; }

    /// <summary>Reasoning for the waterfall value.</summary>
    public string? BestPercentChangeReasoning { get; init; }

    /// <summary>Last post-baseline assessment with an evaluable (non-NE) overall response, up to the first PD.</summary>
    public DateOnly? LastAdequateAssessmentDate { get; init; }

    /// <summary>Source id of that assessment.</summary>
    public string? LastAdequateAssessmentSourceId { get; init; }

    /// <summary>Disagreements with investigator responses (the computed value is used).</summary>
    public IReadOnlyList<ResponseDiscrepancy> Discrepancies { get; init; } = [];

    /// <summary>Data-quality notes (target selection checks, unmatched lesions, merged same-day assessments).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}
