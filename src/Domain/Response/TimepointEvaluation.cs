namespace HccOutcomes.Domain.Response;

/// <summary>The target-lesion rule that decided the target response at a timepoint.</summary>
internal enum TargetResponseRule
{
    /// <summary>CR: every target lesion disappeared (mRECIST: no arterial enhancement); target nodes under 10 mm short axis.</summary>
    AllTargetsDisappeared,

    /// <summary>PD: sum at least 20% over the nadir and at least the minimum absolute increase (5 mm under RECIST 1.1).</summary>
    IncreaseOverNadir,

    /// <summary>PD although a target was not measured: the measured targets alone already meet the PD increase over the nadir.</summary>
    MeasuredTargetsIncreaseOverNadir,

    /// <summary>NE: a target was not measured and the measured targets do not show PD.</summary>
    TargetNotMeasured,

    /// <summary>PR: sum at least 30% below the baseline sum.</summary>
    DecreaseFromBaseline,

    /// <summary>SD: neither enough shrinkage for PR nor enough increase for PD.</summary>
    NeitherResponseNorProgression,
}

/// <summary>The row of RECIST 1.1 Table 1 (targets) or Table 2 (non-targets only) that gave the overall timepoint response;
/// mRECIST uses the same tables.</summary>
internal enum OverallResponseRule
{
    /// <summary>PD: target PD, unequivocal progression of non-target lesions, or an unequivocal new lesion.</summary>
    Progression,

    /// <summary>Table 1: target CR with non-target CR (or no non-target lesions) → CR.</summary>
    TargetAndNonTargetComplete,

    /// <summary>Table 1: target CR with non-target non-CR/non-PD or not all assessed → PR.</summary>
    TargetCompleteNonTargetIncomplete,

    /// <summary>Table 1: target PR → PR.</summary>
    TargetPartial,

    /// <summary>Table 1: target SD → SD.</summary>
    TargetStable,

    /// <summary>Table 1: target NE (a target not measured) → NE.</summary>
    TargetNotEvaluable,

    /// <summary>Table 2, no target lesions: non-target CR → CR.</summary>
    NonTargetComplete,

    /// <summary>Table 2, no target lesions: non-target non-CR/non-PD → reported as SD.</summary>
    NonTargetNonCompleteNonProgression,

    /// <summary>Table 2, no target lesions: non-target lesions not all assessed → NE.</summary>
    NonTargetNotEvaluable,

    /// <summary>Neither target nor non-target lesions followed from baseline → NE.</summary>
    NoBaselineLesions,
}

/// <summary>How a new lesion was classified.</summary>
internal enum NewLesionKind
{
    /// <summary>RECIST 1.1: an unequivocal new lesion, PD.</summary>
    NewLesion,

    /// <summary>mRECIST: a new portal-vein tumor thrombus, PD.</summary>
    PortalVeinTumorThrombus,

    /// <summary>mRECIST: a new extrahepatic lesion, PD.</summary>
    Extrahepatic,

    /// <summary>mRECIST: a new liver lesion of at least 10 mm with the typical HCC pattern, PD.</summary>
    TypicalLiverLesion,

    /// <summary>mRECIST: a new liver lesion under 10 mm or without the typical HCC pattern (an unrecorded pattern is not
    /// typical): equivocal, not PD.</summary>
    EquivocalLiverLesion,
}

/// <summary>Target lesions at one timepoint: the sums, the references they were compared with, and the rule that decided.</summary>
internal sealed record TargetLesionEvaluation
{
    /// <summary>Target response.</summary>
    public required ResponseCategory Response { get; init; }

    /// <summary>The rule that gave <see cref="Response"/>.</summary>
    public required TargetResponseRule Rule { get; init; }

    /// <summary>Sum of the targets measured at this timepoint (mm); all targets unless some are not measured.</summary>
    public required double MeasuredSumMm { get; init; }

    /// <summary>Targets without a measurement at this timepoint, in target order.</summary>
    public IReadOnlyList<string> NotMeasuredLesionIds { get; init; } = [];

    /// <summary>Every target was measured.</summary>
    public bool AllMeasured => NotMeasuredLesionIds.Count == 0;

    /// <summary>Sum of all target diameters (mm) when every target was measured; otherwise null.</summary>
    public double? SumMm => AllMeasured ? MeasuredSumMm : null;

    /// <summary>Baseline sum of target diameters (mm).</summary>
    public required double BaselineSumMm { get; init; }

    /// <summary>Nadir: the smallest earlier sum, baseline included (mm); the reference for PD.</summary>
    public required double NadirMm { get; init; }

    /// <summary>Measured sum minus the nadir (mm).</summary>
    public required double IncreaseOverNadirMm { get; init; }

    /// <summary>Percent change of the measured sum over the nadir; null when the nadir is 0 mm.</summary>
    public double? ChangeFromNadirPct { get; init; }

    /// <summary>Percent change of the sum from baseline; null when a target was not measured.</summary>
    public double? ChangeFromBaselinePct { get; init; }

    /// <summary>Smallest absolute increase over the nadir that counts as PD (mm): 5 under RECIST 1.1, 0 under mRECIST.</summary>
    public required double MinimumIncreaseMm { get; init; }

    /// <summary>The sum rose at least 20% over the nadir but by less than <see cref="MinimumIncreaseMm"/>, so it is not PD.</summary>
    public bool IncreaseBelowAbsoluteMinimum { get; init; }

    /// <summary>At least one target is a lymph node (CR then means target nodes under 10 mm short axis).</summary>
    public bool AnyLymphNode { get; init; }

    /// <summary>Nadir for the next timepoint: this sum when every target was measured and it is below the nadir.</summary>
    public required double NextNadirMm { get; init; }
}

/// <summary>Non-target lesions at one timepoint, grouped by status.</summary>
internal sealed record NonTargetLesionEvaluation
{
    /// <summary>No non-target lesions at baseline.</summary>
    public static NonTargetLesionEvaluation NotApplicable { get; } = new() { Response = NonTargetResponse.NotApplicable };

    /// <summary>Non-target response.</summary>
    public required NonTargetResponse Response { get; init; }

    /// <summary>Non-target lesions with unequivocal progression.</summary>
    public IReadOnlyList<string> ProgressedLesionIds { get; init; } = [];

    /// <summary>Non-target lesions not assessed at this timepoint.</summary>
    public IReadOnlyList<string> NotAssessedLesionIds { get; init; } = [];

    /// <summary>Non-target lesions still present.</summary>
    public IReadOnlyList<string> PresentLesionIds { get; init; } = [];
}

/// <summary>A lesion not seen at baseline, as classified by the criteria.</summary>
/// <param name="LesionId">Lesion id.</param>
/// <param name="Organ">Organ or site as recorded.</param>
/// <param name="SizeMm">Longest diameter, or the viable diameter when no longest diameter was recorded (mm).</param>
/// <param name="TypicalHccPattern">Typical HCC vascular pattern, when recorded.</param>
/// <param name="Kind">Classification.</param>
internal sealed record NewLesionFinding(string LesionId, string Organ, double? SizeMm, bool? TypicalHccPattern, NewLesionKind Kind)
{
    /// <summary>The new lesion is unequivocal and makes the timepoint PD.</summary>
    public bool IsProgression => Kind != NewLesionKind.EquivocalLiverLesion;
}

/// <summary>Everything the RECIST 1.1 / mRECIST rules used and decided at one follow-up assessment.</summary>
internal sealed record TimepointEvaluation
{
    /// <summary>Assessment date.</summary>
    public required DateOnly Date { get; init; }

    /// <summary>Criteria applied.</summary>
    public required Criteria Criteria { get; init; }

    /// <summary>Target lesions; null when there are no target lesions.</summary>
    public TargetLesionEvaluation? Targets { get; init; }

    /// <summary>Non-target lesions.</summary>
    public required NonTargetLesionEvaluation NonTargets { get; init; }

    /// <summary>Lesions not seen at baseline, in the order recorded.</summary>
    public IReadOnlyList<NewLesionFinding> NewLesions { get; init; } = [];

    /// <summary>At least one new lesion is unequivocal (PD).</summary>
    public bool HasUnequivocalNewLesion => NewLesions.Any(static n => n.IsProgression);

    /// <summary>Overall timepoint response.</summary>
    public required ResponseCategory Overall { get; init; }

    /// <summary>The table row that gave <see cref="Overall"/>.</summary>
    public required OverallResponseRule OverallRule { get; init; }
}
