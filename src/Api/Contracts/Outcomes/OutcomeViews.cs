using HccOutcomes.Domain.Outcomes;

namespace HccOutcomes.Api.Contracts.Outcomes;

/// <summary>Result of a recompute.</summary>
/// <param name="Patients">Patients whose outcomes were derived.</param>
/// <param name="Seconds">Elapsed time.</param>
public sealed record RecomputeResult(int Patients, double Seconds);

/// <summary>All derived values of one patient.</summary>
/// <param name="ExternalId">Pseudonymous patient ID.</param>
/// <param name="Arm">Arm.</param>
/// <param name="OnStudyDate">Index date.</param>
/// <param name="Responses">Best overall response per criteria, with the timepoint derivation in <c>explanation</c>.</param>
/// <param name="TimeToEvent">OS and PFS rows (ADTTE-like).</param>
/// <param name="Safety">Safety summary.</param>
/// <param name="SafetyTerms">Worst grades per CTCAE term.</param>
public sealed record PatientOutcomesView(
    string ExternalId,
    string Arm,
    DateOnly OnStudyDate,
    IReadOnlyList<ResponseOutcomeView> Responses,
    IReadOnlyList<TimeToEventOutcome> TimeToEvent,
    SafetyOutcome? Safety,
    IReadOnlyList<SafetyTermOutcome> SafetyTerms);

/// <summary>Best overall response under one criteria.</summary>
/// <param name="Criteria">recist11 or mrecist.</param>
/// <param name="Source">Measurements, Investigator or None.</param>
/// <param name="BestOverallResponse">CR, PR, SD, PD or NE.</param>
/// <param name="ObjectiveResponse">CR or PR.</param>
/// <param name="DiseaseControl">CR, PR or SD.</param>
/// <param name="ResponseDate">First confirmed CR/PR date.</param>
/// <param name="TimeToResponseDays">On-study to response.</param>
/// <param name="DurationOfResponseDays">Response to progression or censoring.</param>
/// <param name="DurationOfResponseCensored">No progression after response.</param>
/// <param name="BestPercentChange">Waterfall value.</param>
/// <param name="BaselineSumMm">Baseline sum of diameters.</param>
/// <param name="Reasoning">Why this best response.</param>
/// <param name="Explanation">Timepoint-by-timepoint derivation with reasoning, discrepancies with the investigator, notes.</param>
public sealed record ResponseOutcomeView(
    HccOutcomes.Domain.Criteria Criteria,
    string Source,
    HccOutcomes.Domain.ResponseCategory BestOverallResponse,
    bool ObjectiveResponse,
    bool DiseaseControl,
    DateOnly? ResponseDate,
    int? TimeToResponseDays,
    int? DurationOfResponseDays,
    bool? DurationOfResponseCensored,
    double? BestPercentChange,
    double? BaselineSumMm,
    string Reasoning,
    HccOutcomes.Domain.Response.ResponseEvaluation Explanation);
