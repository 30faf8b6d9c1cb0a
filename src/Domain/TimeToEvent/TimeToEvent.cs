using HccOutcomes.Domain.Response;

namespace HccOutcomes.Domain.TimeToEvent;

/// <summary>Survival follow-up of one patient.</summary>
/// <param name="LastKnownAliveDate">Last date the patient was known to be alive.</param>
/// <param name="DeathDate">Date of death (any cause).</param>
/// <param name="DeathCause">Cause of death, free text.</param>
/// <param name="LostToFollowUp">Patient lost to follow-up.</param>
/// <param name="ClinicalProgressionDate">Clinical (non-radiologic) progression date.</param>
/// <param name="LastContactDate">Latest other contact (treatment, visit, AE); the mapper may compute it from the other records.</param>
/// <param name="SourceId">Source record id of the follow-up record.</param>
public sealed record FollowUpStatus(
    DateOnly? LastKnownAliveDate = null,
    DateOnly? DeathDate = null,
    string? DeathCause = null,
    bool LostToFollowUp = false,
    DateOnly? ClinicalProgressionDate = null,
    DateOnly? LastContactDate = null,
    string? SourceId = null);

/// <summary>One ADTTE-like row: one patient, one parameter.</summary>
public sealed record TimeToEventRecord
{
    /// <summary>Parameter code: OS, PFS_RECIST, PFS_MRECIST.</summary>
    public required string ParamCd { get; init; }

    /// <summary>Parameter label.</summary>
    public required string Param { get; init; }

    /// <summary>Time origin (STARTDT): the on-study date.</summary>
    public required DateOnly StartDate { get; init; }

    /// <summary>Event or censoring date (ADT).</summary>
    public required DateOnly AnalysisDate { get; init; }

    /// <summary>AVAL in days = ADT − STARTDT + 1.</summary>
    public int Days => StudyTime.Days(StartDate, AnalysisDate);

    /// <summary>AVAL in months = days / 30.4375.</summary>
    public double Months => StudyTime.Months(Days);

    /// <summary>True when censored.</summary>
    public required bool Censored { get; init; }

    /// <summary>CNSR: 0 = event, 1 = censored.</summary>
    public int Cnsr => Censored ? 1 : 0;

    /// <summary>EVNTDESC, e.g. "Death", "Disease progression (RECIST 1.1)", "Last tumor assessment", "Lost to follow-up".</summary>
    public required string EventDescription { get; init; }

    /// <summary>SRCDOM-like: record type the date came from (FollowUp, TumorAssessment, Patient).</summary>
    public required string SourceDomain { get; init; }

    /// <summary>SRCVAR-like: field the date came from (e.g. DeathDate, Date, OnStudyDate).</summary>
    public required string SourceVariable { get; init; }

    /// <summary>Submitting system's id of the source record, when known.</summary>
    public string? SourceId { get; init; }

    /// <summary>Source record as one string, e.g. "FollowUp.DeathDate (FU-1)".</summary>
    public string SourceRecord => SourceId is null ? $"{SourceDomain}.{SourceVariable}" : $"{SourceDomain}.{SourceVariable} ({SourceId})";

    /// <summary>Why this date and status were chosen.</summary>
    public required string Reasoning { get; init; }
}

/// <summary>
/// Derives OS and PFS per criteria. Choices: death is always an event, however long after the last tumor assessment
/// (no FDA-style censoring for missed assessments; the gap is stated in the reasoning); PFS events are radiologic PD
/// under the criteria, clinical progression or death, whichever is first (on a tie radiologic PD is reported);
/// without an event PFS is censored at the last adequate (non-NE) assessment, or at on-study without one.
/// </summary>
public static class TimeToEventDeriver
{
    /// <summary>Derives OS, PFS_RECIST and PFS_MRECIST.</summary>
    public static IReadOnlyList<TimeToEventRecord> DeriveAll(
        DateOnly onStudyDate, FollowUpStatus followUp, ResponseEvaluation recist, ResponseEvaluation mrecist)
    {
        ArgumentNullException.ThrowIfNull(recist);
        ArgumentNullException.ThrowIfNull(mrecist);
        var lastScan = Max(LastAssessment(recist), LastAssessment(mrecist));
        return
        [
            OverallSurvival(onStudyDate, followUp, lastScan),
            ProgressionFreeSurvival(onStudyDate, recist, followUp),
            ProgressionFreeSurvival(onStudyDate, mrecist, followUp),
        ];
    }

    /// <summary>OS: on-study → death from any cause; censored at the latest of last known alive, last contact and last tumor assessment.</summary>
    public static TimeToEventRecord OverallSurvival(DateOnly onStudyDate, FollowUpStatus followUp, DateOnly? lastTumorAssessmentDate = null)
    {
        ArgumentNullException.ThrowIfNull(followUp);
        const string code = "OS";
        const string label = "Overall survival";
        if (followUp.DeathDate is { } death)
        {
            var cause = string.IsNullOrWhiteSpace(followUp.DeathCause) ? string.Empty : $" ({followUp.DeathCause})";
            return new TimeToEventRecord
            {
                ParamCd = code,
                Param = label,
                StartDate = onStudyDate,
                AnalysisDate = death,
                Censored = false,
                EventDescription = "Death",
                SourceDomain = "FollowUp",
                SourceVariable = nameof(FollowUpStatus.DeathDate),
                SourceId = followUp.SourceId,
                Reasoning = $"Death on {Fmt.D(death)}{cause}: {Fmt.I(StudyTime.Days(onStudyDate, death))} days from on-study {Fmt.D(onStudyDate)}"
                    + BeforeStart(onStudyDate, death),
            };
        }

        // Censor at the latest date the patient is known to be alive.
        var date = onStudyDate;
        var variable = "OnStudyDate";
        var domain = "Patient";
        string? sourceId = null;
        if (followUp.LastKnownAliveDate is { } alive && alive >= date)
        {
            (date, domain, variable, sourceId) = (alive, "FollowUp", nameof(FollowUpStatus.LastKnownAliveDate), followUp.SourceId);
        }

        if (followUp.LastContactDate is { } contact && contact > date)
        {
            (date, domain, variable, sourceId) = (contact, "FollowUp", nameof(FollowUpStatus.LastContactDate), followUp.SourceId);
        }

        if (lastTumorAssessmentDate is { } scan && scan > date)
        {
            (date, domain, variable, sourceId) = (scan, "TumorAssessment", "Date", null);
        }

        var description = followUp.LostToFollowUp ? "Lost to follow-up" : "Last known alive";
        return new TimeToEventRecord
        {
            ParamCd = code,
            Param = label,
            StartDate = onStudyDate,
            AnalysisDate = date,
            Censored = true,
            EventDescription = description,
            SourceDomain = domain,
            SourceVariable = variable,
            SourceId = sourceId,
            Reasoning = $"No death recorded{(followUp.LostToFollowUp ? "; lost to follow-up" : string.Empty)}: censored at the last date known alive {Fmt.D(date)} ({domain}.{variable}), {Fmt.I(StudyTime.Days(onStudyDate, date))} days",
        };
    }

    /// <summary>PFS under the criteria of <paramref name="response"/>.</summary>
    public static TimeToEventRecord ProgressionFreeSurvival(DateOnly onStudyDate, ResponseEvaluation response, FollowUpStatus followUp)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(followUp);
        var criteria = response.Criteria.DisplayName();
        var code = "PFS_" + response.Criteria.ParamCodeSuffix();
        var label = $"Progression-free survival ({criteria})";

        // Candidate events in priority order for ties: radiologic PD, clinical progression, death.
        DateOnly? eventDate = null;
        string? description = null;
        string? domain = null;
        string? variable = null;
        string? sourceId = null;
        string? detail = null;
        if (response.ProgressionDate is { } pd)
        {
            (eventDate, description, domain, variable) = (pd, $"Disease progression ({criteria})", "TumorAssessment", "Date");
            foreach (var tp in response.Timepoints)
            {
                if (tp.Date == pd)
                {
                    sourceId = tp.SourceId;
                    detail = tp.Reasoning;
                    break;
                }
            }
        }

        if (followUp.ClinicalProgressionDate is { } cp && (eventDate is null || cp < eventDate))
        {
            (eventDate, description, domain, variable, sourceId) =
                (cp, "Clinical progression", "FollowUp", nameof(FollowUpStatus.ClinicalProgressionDate), followUp.SourceId);
            detail = $"clinical progression on {Fmt.D(cp)}";
        }

        if (followUp.DeathDate is { } death && (eventDate is null || death < eventDate))
        {
            (eventDate, description, domain, variable, sourceId) =
                (death, "Death", "FollowUp", nameof(FollowUpStatus.DeathDate), followUp.SourceId);
            detail = $"death on {Fmt.D(death)} without prior progression";
        }

        var lastAdequate = response.LastAdequateAssessmentDate;
        if (eventDate is { } ev)
        {
            var reasoning = $"Event: {detail}; {Fmt.I(StudyTime.Days(onStudyDate, ev))} days from on-study {Fmt.D(onStudyDate)}";
            if (description == "Death")
            {
                var reference = lastAdequate ?? onStudyDate;
                reasoning += $". Death {Fmt.I(ev.DayNumber - reference.DayNumber)} days after the {(lastAdequate is null ? "on-study date (no adequate tumor assessment)" : $"last adequate tumor assessment {Fmt.D(reference)}")} counted as event (no censoring for missed assessments)";
            }

            return new TimeToEventRecord
            {
                ParamCd = code,
                Param = label,
                StartDate = onStudyDate,
                AnalysisDate = ev,
                Censored = false,
                EventDescription = description!,
                SourceDomain = domain!,
                SourceVariable = variable!,
                SourceId = sourceId,
                Reasoning = reasoning + BeforeStart(onStudyDate, ev),
            };
        }

        if (lastAdequate is { } last)
        {
            return new TimeToEventRecord
            {
                ParamCd = code,
                Param = label,
                StartDate = onStudyDate,
                AnalysisDate = last,
                Censored = true,
                EventDescription = followUp.LostToFollowUp ? "Lost to follow-up" : "Last tumor assessment",
                SourceDomain = "TumorAssessment",
                SourceVariable = "Date",
                SourceId = response.LastAdequateAssessmentSourceId,
                Reasoning = $"No progression or death{(followUp.LostToFollowUp ? "; lost to follow-up" : string.Empty)}: censored at the last adequate tumor assessment {Fmt.D(last)}, {Fmt.I(StudyTime.Days(onStudyDate, last))} days",
            };
        }

        var why = response.Timepoints.Count == 0 ? "No post-baseline tumor assessment" : "No adequate post-baseline tumor assessment";
        return new TimeToEventRecord
        {
            ParamCd = code,
            Param = label,
            StartDate = onStudyDate,
            AnalysisDate = onStudyDate,
            Censored = true,
            EventDescription = why,
            SourceDomain = "Patient",
            SourceVariable = "OnStudyDate",
            Reasoning = $"{why} and no progression or death: censored at on-study {Fmt.D(onStudyDate)} (day 1)",
        };
    }

    private static string BeforeStart(DateOnly start, DateOnly date) =>
        date < start ? $". WARNING: {Fmt.D(date)} is before on-study {Fmt.D(start)}" : string.Empty;

    private static DateOnly? LastAssessment(ResponseEvaluation e) =>
        e.Timepoints.Count > 0 ? e.Timepoints[^1].Date : e.BaselineDate;

    private static DateOnly? Max(DateOnly? a, DateOnly? b) =>
        a is null ? b : b is null ? a : a > b ? a : b;
}
