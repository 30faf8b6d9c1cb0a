using FluentValidation;

namespace HccOutcomes.Api.Contracts.Patients;

/// <summary>
/// Date consistency across the records of one patient: nothing clinical happens after death, death and
/// last contact are not before on-study. Each message names both dates.
/// </summary>
internal static class ClinicalDates
{
    public static void Check(PatientDocument p, ValidationContext<PatientDocument> context)
    {
        var onStudy = p.OnStudyDate;
        var followUp = p.FollowUp;
        if (onStudy is { } start && followUp is not null)
        {
            if (followUp.DeathDate is { } death && death < start)
            {
                context.AddFailure("followUp.deathDate", $"deathDate {Dates.Iso(death)} is before onStudyDate {Dates.Iso(start)}.");
            }

            if (followUp.LastKnownAliveDate is { } alive && alive < start)
            {
                context.AddFailure("followUp.lastKnownAliveDate", $"lastKnownAliveDate {Dates.Iso(alive)} is before onStudyDate {Dates.Iso(start)}.");
            }

            if (followUp.ClinicalProgressionDate is { } progression && progression < start)
            {
                context.AddFailure("followUp.clinicalProgressionDate", $"clinicalProgressionDate {Dates.Iso(progression)} is before onStudyDate {Dates.Iso(start)}.");
            }
        }

        if (followUp?.DeathDate is not { } deathDate)
        {
            return;
        }

        void NotAfterDeath(string path, DateOnly? date)
        {
            if (date is { } d && d > deathDate)
            {
                context.AddFailure(path, $"{LastSegment(path)} {Dates.Iso(d)} is after the patient's deathDate {Dates.Iso(deathDate)}.");
            }
        }

        NotAfterDeath("followUp.clinicalProgressionDate", followUp.ClinicalProgressionDate);
        for (var i = 0; i < p.RadiotherapyCourses.Count; i++)
        {
            var r = p.RadiotherapyCourses[i];
            NotAfterDeath($"radiotherapyCourses[{i}].startDate", r.StartDate);
            NotAfterDeath($"radiotherapyCourses[{i}].endDate", r.EndDate);
            for (var f = 0; f < r.Fractions.Count; f++)
            {
                NotAfterDeath($"radiotherapyCourses[{i}].fractions[{f}].date", r.Fractions[f].Date);
            }
        }

        for (var i = 0; i < p.TaceSessions.Count; i++)
        {
            NotAfterDeath($"taceSessions[{i}].date", p.TaceSessions[i].Date);
        }

        for (var i = 0; i < p.SorafenibCourses.Count; i++)
        {
            var s = p.SorafenibCourses[i];
            NotAfterDeath($"sorafenibCourses[{i}].startDate", s.StartDate);
            NotAfterDeath($"sorafenibCourses[{i}].endDate", s.EndDate);
            for (var c = 0; c < s.DoseChanges.Count; c++)
            {
                NotAfterDeath($"sorafenibCourses[{i}].doseChanges[{c}].date", s.DoseChanges[c].Date);
            }
        }

        for (var i = 0; i < p.AntiPd1Cycles.Count; i++)
        {
            NotAfterDeath($"antiPd1Cycles[{i}].date", p.AntiPd1Cycles[i].Date);
        }

        for (var i = 0; i < p.TumorAssessments.Count; i++)
        {
            NotAfterDeath($"tumorAssessments[{i}].date", p.TumorAssessments[i].Date);
        }

        for (var i = 0; i < p.AdverseEvents.Count; i++)
        {
            NotAfterDeath($"adverseEvents[{i}].onsetDate", p.AdverseEvents[i].OnsetDate);
            NotAfterDeath($"adverseEvents[{i}].resolutionDate", p.AdverseEvents[i].ResolutionDate);
        }

        for (var i = 0; i < followUp.SubsequentTherapies.Count; i++)
        {
            NotAfterDeath($"followUp.subsequentTherapies[{i}].startDate", followUp.SubsequentTherapies[i].StartDate);
        }
    }

    private static string LastSegment(string path) => path[(path.LastIndexOf('.') + 1)..];
}
