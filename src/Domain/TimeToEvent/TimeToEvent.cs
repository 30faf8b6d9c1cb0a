using HccOutcomes.Domain.Conventions;
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
/// <param name="NewAnticancerTherapyDate">Start of the first therapy after the study treatment (followUp.subsequentTherapies).</param>
/// <param name="NewAnticancerTherapy">What that therapy was.</param>
public sealed record FollowUpStatus(
    DateOnly? LastKnownAliveDate = null,
    DateOnly? DeathDate = null,
    string? DeathCause = null,
    bool LostToFollowUp = false,
    DateOnly? ClinicalProgressionDate = null,
    DateOnly? LastContactDate = null,
    string? SourceId = null,
    DateOnly? NewAnticancerTherapyDate = null,
    string? NewAnticancerTherapy = null);

/// <summary>One ADTTE-like row: one patient, one parameter.</summary>
public sealed record TimeToEventRecord
{
    /// <summary>Parameter code: OS, PFS_RECIST, PFS_MRECIST, PFSCLIN.</summary>
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
/// Derives OS and PFS per criteria under a cohort's <see cref="DerivationSettings"/>. PFS events are radiological
/// progression under the criteria, clinical progression when the settings count it, and death, whichever is first (on a
/// tie radiological progression is reported); without an event PFS is censored at the last adequate (non-NE) assessment,
/// or at on-study without one (AVAL = 1 day). The rule set adds the FDA 2018 table's censoring rules; the data cut-off
/// censors events after it. PFSCLIN always counts clinical progression, radiological progression per RECIST 1.1 and death.
/// </summary>
public static class TimeToEventDeriver
{
    /// <summary>Parameter code of PFS including clinical progression.</summary>
    public const string ClinicalPfsCode = "PFSCLIN";

    /// <summary>Derives OS, PFS_RECIST, PFS_MRECIST and PFSCLIN.</summary>
    public static IReadOnlyList<TimeToEventRecord> DeriveAll(
        DateOnly onStudyDate, FollowUpStatus followUp, ResponseEvaluation recist, ResponseEvaluation mrecist, DerivationSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(recist);
        ArgumentNullException.ThrowIfNull(mrecist);
        var lastScan = Max(LastAssessment(recist), LastAssessment(mrecist));
        return
        [
            OverallSurvival(onStudyDate, followUp, lastScan, settings),
            ProgressionFreeSurvival(onStudyDate, recist, followUp, settings),
            ProgressionFreeSurvival(onStudyDate, mrecist, followUp, settings),
            ProgressionFreeSurvival(onStudyDate, recist, followUp, settings, clinicalParameter: true),
        ];
    }

    /// <summary>
    /// OS: on-study → death from any cause; censored at the latest of last known alive, last contact and last tumor
    /// assessment. With a data cut-off, a death after it is censored at the cut-off, and no censoring date passes it.
    /// </summary>
    public static TimeToEventRecord OverallSurvival(
        DateOnly onStudyDate, FollowUpStatus followUp, DateOnly? lastTumorAssessmentDate = null, DerivationSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(followUp);
        settings ??= DerivationSettings.Default;
        const string code = "OS";
        const string label = "Overall survival";
        if (followUp.DeathDate is { } death && !settings.AfterCutoff(death))
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

        if (followUp.DeathDate is { } late && settings.DataCutoffDate is { } cutoff)
        {
            // Alive at the cut-off: the patient was followed past it.
            return new TimeToEventRecord
            {
                ParamCd = code,
                Param = label,
                StartDate = onStudyDate,
                AnalysisDate = cutoff,
                Censored = true,
                EventDescription = "Data cut-off",
                SourceDomain = "Cohort",
                SourceVariable = nameof(DerivationSettings.DataCutoffDate),
                Reasoning = $"Death on {Fmt.D(late)} is after the data cut-off {Fmt.D(cutoff)}: censored at the cut-off, {Fmt.I(StudyTime.Days(onStudyDate, cutoff))} days",
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

        var atCutoff = string.Empty;
        if (settings.DataCutoffDate is { } c && date > c)
        {
            atCutoff = $"; known alive on {Fmt.D(date)}, after the data cut-off {Fmt.D(c)}, so censored at the cut-off";
            (date, domain, variable, sourceId) = (c, "Cohort", nameof(DerivationSettings.DataCutoffDate), null);
        }

        var description = followUp.LostToFollowUp ? "Lost to follow-up" : "Last known alive";
        return new TimeToEventRecord
        {
            ParamCd = code,
            Param = label,
            StartDate = onStudyDate,
            AnalysisDate = date,
            Censored = true,
            EventDescription = atCutoff.Length > 0 ? "Data cut-off" : description,
            SourceDomain = domain,
            SourceVariable = variable,
            SourceId = sourceId,
            Reasoning = $"No death recorded{(followUp.LostToFollowUp ? "; lost to follow-up" : string.Empty)}: censored at the last date known alive {Fmt.D(date)} ({domain}.{variable}), {Fmt.I(StudyTime.Days(onStudyDate, date))} days{atCutoff}",
        };
    }

    /// <summary>
    /// PFS under the criteria of <paramref name="response"/> and the rules of <paramref name="settings"/> (as collected by
    /// default). With <paramref name="clinicalParameter"/> it is PFSCLIN: clinical progression counts whatever the settings.
    /// </summary>
    public static TimeToEventRecord ProgressionFreeSurvival(
        DateOnly onStudyDate, ResponseEvaluation response, FollowUpStatus followUp, DerivationSettings? settings = null, bool clinicalParameter = false)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(followUp);
        settings ??= DerivationSettings.Default;
        var criteria = response.Criteria.DisplayName();
        var clinical = clinicalParameter || settings.ClinicalProgressionCounts;
        var code = clinicalParameter ? ClinicalPfsCode : "PFS_" + response.Criteria.ParamCodeSuffix();
        var label = clinicalParameter
            ? $"Progression-free survival (radiological per {criteria}, clinical progression or death)"
            : clinical
                ? $"Progression-free survival ({criteria} radiological or clinical progression, or death)"
                : $"Progression-free survival ({criteria} radiological progression or death)";
        var rules = $" (PFS rule set {settings.PfsRuleSet.Code()})";
        var notes = new List<string>();
        var fda = settings.PfsRuleSet == PfsRuleSet.Fda2018;

        TimeToEventRecord Censor(DateOnly date, string description, string domain, string variable, string? sourceId, string reasoning) => new()
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
            Reasoning = reasoning + Notes(notes) + rules,
        };

        TimeToEventRecord CensorAtLastAdequate(DateOnly? last, string? lastSourceId, string description, string why) => last is { } l
            ? Censor(l, description, "TumorAssessment", "Date", lastSourceId,
                $"{why}: censored at the last adequate tumor assessment {Fmt.D(l)}, {Fmt.I(StudyTime.Days(onStudyDate, l))} days")
            : Censor(onStudyDate, description, "Patient", "OnStudyDate", null,
                $"{why}: no adequate post-baseline tumor assessment before it, censored at on-study {Fmt.D(onStudyDate)} (day 1)");

        if (fda && response.BaselineDate is null)
        {
            notes.Add("FDA 2018 PFS table: no baseline tumor assessment");
            return Censor(onStudyDate, "No baseline tumor assessment", "Patient", "OnStudyDate", null,
                $"No baseline tumor assessment: censored at on-study {Fmt.D(onStudyDate)} (day 1)");
        }

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

        if (followUp.ClinicalProgressionDate is { } cp)
        {
            if (settings.AfterCutoff(cp))
            {
                notes.Add($"clinical progression on {Fmt.D(cp)} is after the data cut-off {Fmt.D(settings.DataCutoffDate!.Value)}: not counted");
            }
            else if (!clinical)
            {
                notes.Add($"clinical progression on {Fmt.D(cp)} is not an event of this radiological parameter (it is one of {ClinicalPfsCode})");
            }
            else if (eventDate is null || cp < eventDate)
            {
                (eventDate, description, domain, variable, sourceId) =
                    (cp, "Clinical progression", "FollowUp", nameof(FollowUpStatus.ClinicalProgressionDate), followUp.SourceId);
                detail = $"clinical progression on {Fmt.D(cp)}";
            }
        }

        if (followUp.DeathDate is { } death)
        {
            if (settings.AfterCutoff(death))
            {
                notes.Add($"death on {Fmt.D(death)} is after the data cut-off {Fmt.D(settings.DataCutoffDate!.Value)}: not counted");
            }
            else if (eventDate is null || death < eventDate)
            {
                (eventDate, description, domain, variable, sourceId) =
                    (death, "Death", "FollowUp", nameof(FollowUpStatus.DeathDate), followUp.SourceId);
                detail = $"death on {Fmt.D(death)} without prior progression";
            }
        }

        if (fda && followUp.NewAnticancerTherapyDate is { } therapy && !settings.AfterCutoff(therapy) && (eventDate is null || therapy < eventDate))
        {
            var (last, lastId) = LastAdequate(response, onOrBefore: therapy);
            var what = string.IsNullOrWhiteSpace(followUp.NewAnticancerTherapy) ? "new anticancer therapy" : $"new anticancer therapy ({followUp.NewAnticancerTherapy})";
            var after = eventDate is { } e ? $" before the {Lower(description!)} on {Fmt.D(e)}" : string.Empty;
            return CensorAtLastAdequate(last, lastId, "New anticancer therapy",
                $"FDA 2018 PFS table, new anticancer treatment started: {what} from {Fmt.D(therapy)}{after}");
        }

        if (eventDate is { } ev)
        {
            var (last, lastId) = LastAdequate(response, before: ev);
            var reference = last ?? onStudyDate;
            var gap = ev.DayNumber - reference.DayNumber;
            var sinceLast = $"{Fmt.I(gap)} days after the {(last is null ? "on-study date (no adequate tumor assessment)" : $"last adequate tumor assessment {Fmt.D(reference)}")}";
            if (fda && gap > 2 * settings.AssessmentIntervalDays)
            {
                return CensorAtLastAdequate(last, lastId, "Missed assessments",
                    $"FDA 2018 PFS table, death or progression after more than one missed visit: {Lower(description!)} on {Fmt.D(ev)} came {sinceLast}, more than two {Fmt.I(settings.AssessmentIntervalDays)}-day assessment intervals");
            }

            var reasoning = $"Event: {detail}; {Fmt.I(StudyTime.Days(onStudyDate, ev))} days from on-study {Fmt.D(onStudyDate)}";
            if (description == "Death")
            {
                reasoning += fda
                    ? $". Death {sinceLast}, within two {Fmt.I(settings.AssessmentIntervalDays)}-day assessment intervals: an event"
                    : $". Death {sinceLast} counted as event (no censoring for missed assessments)";
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
                Reasoning = reasoning + BeforeStart(onStudyDate, ev) + Notes(notes) + rules,
            };
        }

        var lost = followUp.LostToFollowUp ? "; lost to follow-up" : string.Empty;
        if (response.LastAdequateAssessmentDate is { } lastAdequate)
        {
            return Censor(lastAdequate, followUp.LostToFollowUp ? "Lost to follow-up" : "Last tumor assessment", "TumorAssessment", "Date",
                response.LastAdequateAssessmentSourceId,
                $"No progression or death{lost}: censored at the last adequate tumor assessment {Fmt.D(lastAdequate)}, {Fmt.I(StudyTime.Days(onStudyDate, lastAdequate))} days");
        }

        var why = response.Timepoints.Count == 0 ? "No post-baseline tumor assessment" : "No adequate post-baseline tumor assessment";
        return Censor(onStudyDate, why, "Patient", "OnStudyDate", null,
            $"{why} and no progression or death: censored at on-study {Fmt.D(onStudyDate)} (day 1)");
    }

    // The last adequate (non-NE) post-baseline assessment on or before a date, or strictly before an event date.
    private static (DateOnly? Date, string? SourceId) LastAdequate(ResponseEvaluation response, DateOnly? onOrBefore = null, DateOnly? before = null)
    {
        (DateOnly? Date, string? SourceId) last = (null, null);
        foreach (var tp in response.Timepoints)
        {
            if ((onOrBefore is { } a && tp.Date > a) || (before is { } b && tp.Date >= b))
            {
                break;
            }

            if (tp.Overall != ResponseCategory.NE)
            {
                last = (tp.Date, tp.SourceId);
            }
        }

        return last;
    }

    private static string Lower(string text) => text.Length == 0 ? text : char.ToLowerInvariant(text[0]) + text[1..];

    private static string Notes(List<string> notes) => notes.Count == 0 ? string.Empty : ". " + string.Join("; ", notes);

    private static string BeforeStart(DateOnly start, DateOnly date) =>
        date < start ? $". WARNING: {Fmt.D(date)} is before on-study {Fmt.D(start)}" : string.Empty;

    private static DateOnly? LastAssessment(ResponseEvaluation e) =>
        e.Timepoints.Count > 0 ? e.Timepoints[^1].Date : e.BaselineDate;

    private static DateOnly? Max(DateOnly? a, DateOnly? b) =>
        a is null ? b : b is null ? a : a > b ? a : b;
}
