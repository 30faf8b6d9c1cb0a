using HccOutcomes.Domain;
using HccOutcomes.Domain.Conventions;
using HccOutcomes.Domain.Outcomes;
using HccOutcomes.Domain.Registry;
using HccOutcomes.Domain.Response;
using HccOutcomes.Domain.Safety;
using HccOutcomes.Domain.TimeToEvent;

namespace HccOutcomes.Infrastructure.Outcomes;

/// <summary>Everything derived for one patient.</summary>
/// <param name="Responses">One row per criteria.</param>
/// <param name="TimeToEvents">OS, PFS_RECIST, PFS_MRECIST, PFSCLIN.</param>
/// <param name="Safety">Overall safety row.</param>
/// <param name="SafetyTerms">One row per CTCAE term.</param>
/// <param name="Evaluations">The full response derivations (timepoints, reasoning), RECIST 1.1 then mRECIST; not stored.</param>
/// <param name="Settings">The derivation settings used (version, data cut-off).</param>
public sealed record PatientOutcomes(
    IReadOnlyList<ResponseOutcome> Responses,
    IReadOnlyList<TimeToEventOutcome> TimeToEvents,
    SafetyOutcome Safety,
    IReadOnlyList<SafetyTermOutcome> SafetyTerms,
    IReadOnlyList<ResponseEvaluation> Evaluations,
    DerivationSettings Settings);

/// <summary>
/// Maps a stored patient to the Domain's clinical rules (RECIST 1.1, mRECIST, ADTTE, CTCAE safety) and
/// returns the narrow rows that analyses read. Pure: no I/O.
/// </summary>
public static class OutcomeDeriver
{
    /// <summary>
    /// <see cref="Derive(Patient, DerivationSettings)"/> for each of <paramref name="patients"/>, in order; many patients are
    /// derived on all cores (each derivation reads only its own patient).
    /// </summary>
    public static PatientOutcomes[] DeriveAll(IReadOnlyList<Patient> patients, DerivationSettings settings)
    {
        var outcomes = new PatientOutcomes[patients.Count];
        if (patients.Count < 64)
        {
            for (var i = 0; i < outcomes.Length; i++)
            {
                outcomes[i] = Derive(patients[i], settings);
            }
        }
        else
        {
            Parallel.For(0, outcomes.Length, i => outcomes[i] = Derive(patients[i], settings));
        }

        return outcomes;
    }

    /// <summary>
    /// Derives every outcome of <paramref name="patient"/> (children loaded) under <paramref name="settings"/>: records dated
    /// after the data cut-off are left out, and every row's reasoning ends by naming the settings version.
    /// </summary>
    public static PatientOutcomes Derive(Patient patient, DerivationSettings settings)
    {
        var assessments = patient.TumorAssessments.Where(a => !settings.AfterCutoff(a.Date)).Select(ToRule).ToList();
        var responseOptions = new ResponseOptions(settings.ConfirmationRequired, settings.ConfirmationMinDays, settings.StableDiseaseMinDays);
        var recist = ResponseEvaluator.Evaluate(patient.OnStudyDate, assessments, Criteria.Recist11, responseOptions);
        var mrecist = ResponseEvaluator.Evaluate(patient.OnStudyDate, assessments, Criteria.MRecist, responseOptions);

        var followUp = patient.FollowUp;
        var therapy = followUp?.SubsequentTherapies.OrderBy(t => t.StartDate).FirstOrDefault();
        var status = new FollowUpStatus(
            followUp?.LastKnownAliveDate, followUp?.DeathDate, followUp?.DeathCause, followUp?.LostToFollowUp ?? false,
            followUp?.ClinicalProgressionDate, LastContact(patient), followUp?.SourceId, therapy?.StartDate, therapy?.Type);
        var tte = TimeToEventDeriver.DeriveAll(patient.OnStudyDate, status, recist, mrecist, settings);

        var safety = SafetySummarizer.Summarize(
            patient.OnStudyDate,
            patient.AdverseEvents.Where(a => !settings.AfterCutoff(a.OnsetDate)).Select(a => new ObservedAdverseEvent(
                a.Term, a.Grade, a.OnsetDate, a.ResolutionDate, a.Attribution, a.SuspectedTreatments, a.Serious, a.SourceId)).ToList(),
            Exposure(patient, settings),
            settings.TreatmentEmergentWindowDays);

        var under = Under(settings);
        return new PatientOutcomes(
            [ToRow(patient, recist, under), ToRow(patient, mrecist, under)],
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
                Reasoning = t.Reasoning + under,
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
                Reasoning = string.Join(" ", new[] { safety.Reasoning, safety.WindowReasoning }.Concat(safety.Notes)) + under,
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
                Reasoning = t.Reasoning + under,
            }).ToList(),
            [recist, mrecist],
            settings);
    }

    /// <summary>The ending of every derived row's reasoning, e.g. " [derivation settings v2, data cut-off 2021-12-31]".</summary>
    public static string Under(DerivationSettings settings) =>
        $" [{settings.Name}{(settings.DataCutoffDate is { } c ? ", data cut-off " + c.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : string.Empty)}]";

    private static ResponseOutcome ToRow(Patient patient, ResponseEvaluation e, string under) => new()
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
        Reasoning = e.BestOverallResponseReasoning + under,
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

    // Treatments as known at the data cut-off: later doses are left out, and a course running past it is ongoing.
    private static TreatmentExposure Exposure(Patient p, DerivationSettings settings)
    {
        DateOnly? Max(IEnumerable<DateOnly> dates) => dates.Any() ? dates.Max() : null;
        var cutoff = settings.DataCutoffDate ?? DateOnly.MaxValue;
        var sorafenib = p.SorafenibCourses.Where(s => s.StartDate <= cutoff).ToList();
        var sorafenibOngoing = sorafenib.Any(s => s.EndDate is null || s.EndDate > cutoff);
        return new TreatmentExposure(
            Max(p.AntiPd1Cycles.Select(c => c.Date).Where(d => d <= cutoff)),
            sorafenibOngoing ? null : Max(sorafenib.Select(s => s.EndDate!.Value)),
            sorafenibOngoing,
            Max(p.RadiotherapyCourses.Where(r => r.StartDate <= cutoff).Select(r => Min(r.EndDate ?? r.StartDate, cutoff))),
            Max(p.TaceSessions.Select(t => t.Date).Where(d => d <= cutoff)));
    }

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;
}
