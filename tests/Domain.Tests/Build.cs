using HccOutcomes.Domain.Response;

namespace HccOutcomes.Domain.Tests;

/// <summary>Small builders so that each worked case reads like a CRF page.</summary>
internal static class Build
{
    public static readonly DateOnly OnStudy = new(2021, 1, 4);

    public static DateOnly Day(int day) => OnStudy.AddDays(day);

    /// <summary>Assessment on study day <paramref name="day"/> (baseline: a negative day).</summary>
    public static ImagingAssessment At(int day, params LesionMeasurement[] lesions) => new(Day(day), lesions, SourceId: $"TA{day}");

    /// <summary>Target lesion (non-nodal), longest diameter and optional viable diameter.</summary>
    public static LesionMeasurement T(string id, double? ld, double? viable = null, string organ = "liver") =>
        new(id, organ, LesionRole.Target, LongestDiameterMm: ld, ViableDiameterMm: viable);

    /// <summary>Target lymph node measured on the short axis.</summary>
    public static LesionMeasurement Node(string id, double? shortAxis) =>
        new(id, "lymph node", LesionRole.Target, IsLymphNode: true, LongestDiameterMm: shortAxis is null ? null : shortAxis + 5, ShortAxisMm: shortAxis);

    /// <summary>Non-target lesion with a status.</summary>
    public static LesionMeasurement NT(string id, NonTargetStatus? status = NonTargetStatus.Present, string organ = "lung") =>
        new(id, organ, LesionRole.NonTarget, NonTargetStatus: status);

    /// <summary>New lesion.</summary>
    public static LesionMeasurement New(string id, double ld, string organ = "lung", bool? typical = null, bool pvtt = false) =>
        new(id, organ, LesionRole.New, LongestDiameterMm: ld, TypicalHccPattern: typical, IsPortalVeinTumorThrombus: pvtt);

    /// <summary>Lesion with no site role flag (for automatic target selection).</summary>
    public static LesionMeasurement Unflagged(string id, double ld, string organ) =>
        new(id, organ, LesionRole.NonTarget, LongestDiameterMm: ld);

    public static ResponseEvaluation Recist(params ImagingAssessment[] a) => ResponseEvaluator.Evaluate(OnStudy, a, Criteria.Recist11);

    public static ResponseEvaluation MRecist(params ImagingAssessment[] a) => ResponseEvaluator.Evaluate(OnStudy, a, Criteria.MRecist);

    public static string Overall(ResponseEvaluation e) => string.Join(' ', e.Timepoints.Select(t => t.Overall.ToString()));
}
