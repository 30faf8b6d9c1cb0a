using HccOutcomes.Domain;
using HccOutcomes.Domain.Outcomes;
using HccOutcomes.Domain.Registry;
using HccOutcomes.Domain.Response;
using HccOutcomes.Domain.Safety;
using HccOutcomes.Domain.TimeToEvent;

namespace HccOutcomes.Infrastructure.Outcomes;

/// <summary>Parameters of the outcome derivations (configuration section <c>Outcomes</c>).</summary>
public sealed class OutcomeOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Outcomes";

    /// <summary>CR/PR must be confirmed ≥ <see cref="ConfirmationMinDays"/> later (default on).</summary>
    public bool RequireConfirmation { get; set; } = true;

    /// <summary>Minimum days between a response and its confirmation (28).</summary>
    public int ConfirmationMinDays { get; set; } = 28;

    /// <summary>Minimum days from on-study for SD (42 = 6 weeks).</summary>
    public int StableDiseaseMinDays { get; set; } = 42;

    /// <summary>Days after the last date of any protocol treatment (anti-PD1, sorafenib, TACE, RT) that AEs still count as treatment-emergent (30).</summary>
    public int TreatmentEmergentWindowDays { get; set; } = SafetySummarizer.DefaultWindowDays;

    internal ResponseOptions Response => new(RequireConfirmation, ConfirmationMinDays, StableDiseaseMinDays);
}

/// <summary>Everything derived for one patient.</summary>
/// <param name="Responses">One row per criteria.</param>
/// <param name="TimeToEvents">OS, PFS_RECIST, PFS_MRECIST.</param>
/// <param name="Safety">Overall safety row.</param>
/// <param name="SafetyTerms">One row per CTCAE term.</param>
/// <param name="Evaluations">The full response derivations (timepoints, reasoning), RECIST 1.1 then mRECIST; not stored.</param>
public sealed record PatientOutcomes(
    IReadOnlyList<ResponseOutcome> Responses,
    IReadOnlyList<TimeToEventOutcome> TimeToEvents,
    SafetyOutcome Safety,
    IReadOnlyList<SafetyTermOutcome> SafetyTerms,
    IReadOnlyList<ResponseEvaluation> Evaluations);

/// <summary>
/// Maps a stored patient to the Domain's clinical rules (RECIST 1.1, mRECIST, ADTTE, CTCAE safety) and
/// returns the narrow rows that analyses read. Pure: no I/O.
/// </summary>
public static class OutcomeDeriver
{
    /// <summary>
    /// <see cref="Derive(Patient, OutcomeOptions)"/> for each of <paramref name="patients"/>, in order; many patients are
    /// derived on all cores (each derivation reads only its own patient).
    /// </summary>
    public static PatientOutcomes[] DeriveAll(IReadOnlyList<Patient> patients, OutcomeOptions options)
    {
        var outcomes = new PatientOutcomes[patients.Count];
        if (patients.Count < 64)
        {
            for (var i = 0; i < outcomes.Length; i++)
            {
                outcomes[i] = Derive(patients[i], options);
            }
        }
        else
        {
            Parallel.For(0, outcomes.Length, i => outcomes[i] = Derive(patients[i], options));
        }

        return outcomes;
    }

    /// <summary>Derives every outcome of <paramref name="patient"/> (children loaded).</summary>
    public static PatientOutcomes Derive(Patient patient, OutcomeOptions options)
    {
        var assessments = patient.TumorAssessments.ConvertAll(ToRule);
        var recist = ResponseEvaluator.Evaluate(patient.OnStudyDate, assessments, Criteria.Recist11, options.Response);
        var mrecist = ResponseEvaluator.Evaluate(patient.OnStudyDate, assessments, Criteria.MRecist, options.Response);

        var followUp = patient.FollowUp;
        var status = new FollowUpStatus(
            followUp?.LastKnownAliveDate, followUp?.DeathDate, followUp?.DeathCause, followUp?.LostToFollowUp ?? false,
            followUp?.ClinicalProgressionDate, LastContact(patient), followUp?.SourceId);
        var tte = TimeToEventDeriver.DeriveAll(patient.OnStudyDate, status, recist, mrecist);

        var safety = SafetySummarizer.Summarize(
            patient.OnStudyDate,
            patient.AdverseEvents.ConvertAll(a => new ObservedAdverseEvent(
                a.Term, a.Grade, a.OnsetDate, a.ResolutionDate, a.Attribution, a.SuspectedTreatments, a.Serious, a.SourceId)),
            Exposure(patient),
            options.TreatmentEmergentWindowDays);

        return new PatientOutcomes(
            [ToRow(patient, recist), ToRow(patient, mrecist)],
            tte.Select(t => new TimeToEventOutcome
            {
                PatientId = patient.Id,
                CohortId = patient.CohortId,
                ParamCd = t.ParamCd,
                Param = t.Param,
                StartDate = t.StartDate,
                AnalysisDate = t.AnalysisDate,
                Days = t.Days,
                Months = t.Months,
                Censored = t.Censored,
                EventDescription = t.EventDescription,
                SourceRecord = t.SourceRecord,
                Reasoning = t.Reasoning,
            }).ToList(),
            new SafetyOutcome
            {
                PatientId = patient.Id,
                CohortId = patient.CohortId,
                WorstGrade = safety.WorstGrade,
                WorstGradeTreatmentRelated = safety.WorstGradeTreatmentRelated,
                AnyGrade3PlusTreatmentRelated = safety.AnyGrade3PlusTreatmentRelated,
                TreatmentRelatedDeath = safety.WorstGradeTreatmentRelated == 5,
                TreatmentEmergentCount = safety.TreatmentEmergentCount,
                ExcludedCount = safety.ExcludedCount,
                WindowStart = safety.WindowStart,
                WindowEnd = safety.WindowEnd,
                Reasoning = string.Join(" ", new[] { safety.Reasoning, safety.WindowReasoning }.Concat(safety.Notes)),
            },
            safety.Terms.Select(t => new SafetyTermOutcome
            {
                PatientId = patient.Id,
                CohortId = patient.CohortId,
                Term = t.Term,
                MeddraCode = t.MeddraCode,
                WorstGrade = t.WorstGrade,
                WorstGradeTreatmentRelated = t.WorstGradeTreatmentRelated,
                EventCount = t.EventCount,
                TreatmentRelatedCount = t.TreatmentRelatedCount,
                AnySerious = t.AnySerious,
                Reasoning = t.Reasoning,
            }).ToList(),
            [recist, mrecist]);
    }

    private static ResponseOutcome ToRow(Patient patient, ResponseEvaluation e) => new()
    {
        PatientId = patient.Id,
        CohortId = patient.CohortId,
        Criteria = e.Criteria,
        Source = e.Source,
        BestOverallResponse = e.BestOverallResponse,
        ObjectiveResponse = e.ObjectiveResponse,
        DiseaseControl = e.DiseaseControl,
        ResponseDate = e.ResponseDate,
        TimeToResponseDays = e.TimeToResponseDays,
        DurationOfResponseDays = e.DurationOfResponseDays,
        DurationOfResponseCensored = e.DurationOfResponseCensored,
        BestPercentChange = e.BestPercentChange,
        BaselineSumMm = e.BaselineSumMm,
        Reasoning = e.BestOverallResponseReasoning,
    };

    private static ImagingAssessment ToRule(TumorAssessment a) => new(
        a.Date,
        a.Lesions.ConvertAll(l => new LesionMeasurement(
            l.LesionId, l.Site, l.Role, l.IsLymphNode, l.LongestDiameterMm, l.ShortAxisMm, l.ViableDiameterMm,
            l.NonTargetStatus, l.TypicalHccPattern, l.PortalVeinTumorThrombus)),
        a.InvestigatorRecist,
        a.InvestigatorMRecist,
        a.SourceId);

    /// <summary>Latest date the patient was seen for anything (treatment, AE onset, follow-up), for OS censoring.</summary>
    private static DateOnly? LastContact(Patient p)
    {
        DateOnly? last = null;
        void Seen(DateOnly? d)
        {
            if (d is { } v && (last is null || v > last))
            {
                last = v;
            }
        }

        foreach (var r in p.RadiotherapyCourses)
        {
            Seen(r.EndDate ?? r.StartDate);
        }

        foreach (var t in p.TaceSessions)
        {
            Seen(t.Date);
        }

        foreach (var s in p.SorafenibCourses)
        {
            Seen(s.EndDate ?? s.StartDate);
            foreach (var c in s.DoseChanges)
            {
                Seen(c.Date);
            }
        }

        foreach (var c in p.AntiPd1Cycles)
        {
            Seen(c.Date);
        }

        foreach (var a in p.AdverseEvents)
        {
            Seen(a.OnsetDate);
        }

        return last;
    }

    private static TreatmentExposure Exposure(Patient p)
    {
        DateOnly? Max(IEnumerable<DateOnly> dates) => dates.Any() ? dates.Max() : null;
        var sorafenibOngoing = p.SorafenibCourses.Any(s => s.EndDate is null);
        return new TreatmentExposure(
            Max(p.AntiPd1Cycles.Select(c => c.Date)),
            sorafenibOngoing ? null : Max(p.SorafenibCourses.Select(s => s.EndDate!.Value)),
            sorafenibOngoing,
            Max(p.RadiotherapyCourses.Select(r => r.EndDate ?? r.StartDate)),
            Max(p.TaceSessions.Select(t => t.Date)));
    }
}
