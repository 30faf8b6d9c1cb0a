using System.Globalization;
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

        // The path ({0} and {1}: list indexes) is formatted only for a date that fails: a document has dozens of dates.
        void NotAfterDeath(DateOnly? date, string pathFormat, int i = 0, int j = 0)
        {
            if (date is { } d && d > deathDate)
            {
                var path = string.Format(CultureInfo.InvariantCulture, pathFormat, i, j);
                context.AddFailure(path, $"{LastSegment(path)} {Dates.Iso(d)} is after the patient's deathDate {Dates.Iso(deathDate)}.");
            }
        }

        NotAfterDeath(followUp.ClinicalProgressionDate, "followUp.clinicalProgressionDate");
        for (var i = 0; i < p.RadiotherapyCourses.Count; i++)
        {
            var r = p.RadiotherapyCourses[i];
            NotAfterDeath(r.StartDate, "radiotherapyCourses[{0}].startDate", i);
            NotAfterDeath(r.EndDate, "radiotherapyCourses[{0}].endDate", i);
            for (var f = 0; f < r.Fractions.Count; f++)
            {
                NotAfterDeath(r.Fractions[f].Date, "radiotherapyCourses[{0}].fractions[{1}].date", i, f);
            }
        }

        for (var i = 0; i < p.TaceSessions.Count; i++)
        {
            NotAfterDeath(p.TaceSessions[i].Date, "taceSessions[{0}].date", i);
        }

        for (var i = 0; i < p.SorafenibCourses.Count; i++)
        {
            var s = p.SorafenibCourses[i];
            NotAfterDeath(s.StartDate, "sorafenibCourses[{0}].startDate", i);
            NotAfterDeath(s.EndDate, "sorafenibCourses[{0}].endDate", i);
            for (var c = 0; c < s.DoseChanges.Count; c++)
            {
                NotAfterDeath(s.DoseChanges[c].Date, "sorafenibCourses[{0}].doseChanges[{1}].date", i, c);
            }
        }

        for (var i = 0; i < p.AntiPd1Cycles.Count; i++)
        {
            NotAfterDeath(p.AntiPd1Cycles[i].Date, "antiPd1Cycles[{0}].date", i);
        }

        for (var i = 0; i < p.TumorAssessments.Count; i++)
        {
            NotAfterDeath(p.TumorAssessments[i].Date, "tumorAssessments[{0}].date", i);
        }

        for (var i = 0; i < p.AdverseEvents.Count; i++)
        {
            NotAfterDeath(p.AdverseEvents[i].OnsetDate, "adverseEvents[{0}].onsetDate", i);
            NotAfterDeath(p.AdverseEvents[i].ResolutionDate, "adverseEvents[{0}].resolutionDate", i);
        }

        for (var i = 0; i < followUp.SubsequentTherapies.Count; i++)
        {
            NotAfterDeath(followUp.SubsequentTherapies[i].StartDate, "followUp.subsequentTherapies[{0}].startDate", i);
        }
    }

    private static string LastSegment(string path) => path[(path.LastIndexOf('.') + 1)..];
}
