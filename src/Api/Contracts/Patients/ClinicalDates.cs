using System.Globalization;
using FluentValidation;

namespace HccOutcomes.Api.Contracts.Patients;

/// <summary>
/// Date consistency across the records of one patient: nothing clinical happens after death, death and
/// last contact are not before on-study. Each message names both dates. Plausibility: no clinical date lies in the
/// future or before the patient could have been born; a record long before on-study is accepted with a warning,
/// because baseline scans and earlier events do precede it.
/// </summary>
internal static class ClinicalDates
{
    /// <summary>A record dated more than this many days before on-study draws a warning.</summary>
    public const int LongBeforeOnStudyDays = 365;

    /// <summary>Rejects clinical dates after <paramref name="today"/> and before the patient could have been born.</summary>
    public static void CheckPlausible(PatientDocument p, ValidationContext<PatientDocument> context, DateOnly today)
    {
        // Aged A on on-study, the patient was born after on-study minus A + 1 years.
        DateOnly? bornAfter = p.OnStudyDate is { } start && p.AgeYears is >= 0 and <= 150 ? start.AddYears(-(p.AgeYears.Value + 1)) : null;
        foreach (var (path, date) in Every(p))
        {
            if (date > today)
            {
                context.AddFailure(path, $"{LastSegment(path)} {Dates.Iso(date)} is in the future (today is {Dates.Iso(today)}).");
            }
            else if (bornAfter is { } born && date <= born && date.Year >= 1900)
            {
                context.AddFailure(path,
                    $"{LastSegment(path)} {Dates.Iso(date)} is before the patient could have been born (aged {p.AgeYears} on onStudyDate {Dates.Iso(p.OnStudyDate)}, so born after {Dates.Iso(born)}).");
            }
        }
    }

    /// <summary>Records dated more than <see cref="LongBeforeOnStudyDays"/> days before on-study, each with its field path.</summary>
    public static List<DataWarning> Warnings(PatientDocument p, string prefix = "")
    {
        var warnings = new List<DataWarning>();
        if (p.OnStudyDate is not { } start)
        {
            return warnings;
        }

        foreach (var (path, date) in Every(p))
        {
            var before = start.DayNumber - date.DayNumber;
            if (before > LongBeforeOnStudyDays)
            {
                warnings.Add(new DataWarning(prefix + path,
                    $"{LastSegment(path)} {Dates.Iso(date)} is {before} days before onStudyDate {Dates.Iso(start)} (more than {LongBeforeOnStudyDays}): accepted, please check it."));
            }
        }

        return warnings;
    }

    // Every clinical date of the document with its field path.
    private static IEnumerable<(string Path, DateOnly Date)> Every(PatientDocument p)
    {
        static string At(string format, int i, int j = 0) => string.Format(CultureInfo.InvariantCulture, format, i, j);
        if (p.OnStudyDate is { } onStudy)
        {
            yield return ("onStudyDate", onStudy);
        }

        for (var i = 0; i < p.RadiotherapyCourses.Count; i++)
        {
            var r = p.RadiotherapyCourses[i];
            foreach (var d in Dated(At("radiotherapyCourses[{0}].startDate", i), r.StartDate).Concat(Dated(At("radiotherapyCourses[{0}].endDate", i), r.EndDate)))
            {
                yield return d;
            }

            for (var k = 0; k < r.Fractions.Count; k++)
            {
                yield return (At("radiotherapyCourses[{0}].fractions[{1}].date", i, k), r.Fractions[k].Date);
            }
        }

        for (var i = 0; i < p.TaceSessions.Count; i++)
        {
            foreach (var d in Dated(At("taceSessions[{0}].date", i), p.TaceSessions[i].Date))
            {
                yield return d;
            }
        }

        for (var i = 0; i < p.SorafenibCourses.Count; i++)
        {
            var s = p.SorafenibCourses[i];
            foreach (var d in Dated(At("sorafenibCourses[{0}].startDate", i), s.StartDate).Concat(Dated(At("sorafenibCourses[{0}].endDate", i), s.EndDate)))
            {
                yield return d;
            }

            for (var c = 0; c < s.DoseChanges.Count; c++)
            {
                yield return (At("sorafenibCourses[{0}].doseChanges[{1}].date", i, c), s.DoseChanges[c].Date);
            }
        }

        for (var i = 0; i < p.AntiPd1Cycles.Count; i++)
        {
            foreach (var d in Dated(At("antiPd1Cycles[{0}].date", i), p.AntiPd1Cycles[i].Date))
            {
                yield return d;
            }
        }

        for (var i = 0; i < p.TumorAssessments.Count; i++)
        {
            foreach (var d in Dated(At("tumorAssessments[{0}].date", i), p.TumorAssessments[i].Date))
            {
                yield return d;
            }
        }

        for (var i = 0; i < p.AdverseEvents.Count; i++)
        {
            var a = p.AdverseEvents[i];
            foreach (var d in Dated(At("adverseEvents[{0}].onsetDate", i), a.OnsetDate).Concat(Dated(At("adverseEvents[{0}].resolutionDate", i), a.ResolutionDate)))
            {
                yield return d;
            }
        }

        if (p.FollowUp is { } followUp)
        {
            foreach (var d in Dated("followUp.lastKnownAliveDate", followUp.LastKnownAliveDate)
                .Concat(Dated("followUp.deathDate", followUp.DeathDate))
                .Concat(Dated("followUp.clinicalProgressionDate", followUp.ClinicalProgressionDate)))
            {
                yield return d;
            }

            for (var i = 0; i < followUp.SubsequentTherapies.Count; i++)
            {
                yield return (At("followUp.subsequentTherapies[{0}].startDate", i), followUp.SubsequentTherapies[i].StartDate);
            }
        }
    }

    private static IEnumerable<(string Path, DateOnly Date)> Dated(string path, DateOnly? date) =>
        date is { } d ? [(path, d)] : [];

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
