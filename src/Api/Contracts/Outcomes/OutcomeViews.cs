using HccOutcomes.Domain.Outcomes;

namespace HccOutcomes.Api.Contracts.Outcomes;

/// <summary>Result of a recompute.</summary>
/// <param name="Patients">Patients whose outcomes were derived.</param>
/// <param name="Seconds">Elapsed time.</param>
public sealed record RecomputeResult(int Patients, double Seconds);

/// <summary>
/// All derived values of one patient, under the cohort's derivation settings (GET /cohorts/{id}/derivation-settings;
/// each row's reasoning ends with the version used, and the data cut-off when there is one). The rules and constants,
/// with their sources (RECIST 1.1 sections, mRECIST, the FDA 2018 PFS table rows, ICH E9), are listed under
/// "Derivation conventions" in the README and on the TimeToEventOutcome, SafetyOutcome and ResponseOutcomeView schemas.
/// </summary>
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

/// <summary>
/// Best overall response under one criteria. Conventions: PR −30 % of the target sum from baseline, PD +20 % over the
/// nadir and +5 mm (RECIST 1.1 section 4.3.1; mRECIST (Lencioni &amp; Llovet 2010) on viable diameters, without the
/// 5 mm); targets measurable at ≥ 10 mm, nodes ≥ 15 mm short axis (RECIST 1.1 section 3.1.1); CR/PR confirmed at least
/// confirmationMinDays (28) later when confirmationRequired (true; RECIST 1.1 section 4.6), at most one NE between;
/// SD only from stableDiseaseMinDays (42) after on-study, else NE (RECIST 1.1 section 4.4); assessments after the data
/// cut-off are left out.
/// </summary>
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
