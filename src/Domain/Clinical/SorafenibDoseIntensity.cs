namespace HccOutcomes.Domain.Clinical;

/// <summary>A change of the sorafenib daily dose, effective from <paramref name="Date"/> (inclusive). 0 mg = interruption.</summary>
/// <param name="Date">First day on the new dose.</param>
/// <param name="NewDailyDoseMg">New daily dose (mg).</param>
public sealed record SorafenibDoseChange(DateOnly Date, double NewDailyDoseMg);

/// <summary>A sorafenib course.</summary>
/// <param name="StartDate">First day of treatment.</param>
/// <param name="EndDate">Last day of treatment; null while ongoing.</param>
/// <param name="StartingDailyDoseMg">Daily dose at start (mg).</param>
/// <param name="DoseChanges">Dated dose changes.</param>
public sealed record SorafenibDosing(
    DateOnly StartDate,
    DateOnly? EndDate,
    double StartingDailyDoseMg,
    IReadOnlyList<SorafenibDoseChange>? DoseChanges = null);

/// <summary>Sorafenib exposure: duration and relative dose intensity.</summary>
/// <param name="StartDate">Course start.</param>
/// <param name="EndDate">End date used (the as-of date for an ongoing course).</param>
/// <param name="Ongoing">True when the course has no end date.</param>
/// <param name="DurationDays">End − start + 1 (both days dosed).</param>
/// <param name="DurationMonths">Days / 30.4375.</param>
/// <param name="CumulativeDoseMg">Actual cumulative dose from the start dose and dose changes.</param>
/// <param name="PlannedDailyDoseMg">Planned daily dose (default 800 mg, i.e. 400 mg twice daily).</param>
/// <param name="RelativeDoseIntensity">Cumulative dose / (planned daily dose × days); 1.0 = full dose.</param>
/// <param name="Issues">Data problems found (e.g. a dose change outside the course); the change is then ignored.</param>
/// <param name="Reasoning">Human-readable derivation.</param>
public sealed record SorafenibExposure(
    DateOnly StartDate,
    DateOnly EndDate,
    bool Ongoing,
    int DurationDays,
    double DurationMonths,
    double CumulativeDoseMg,
    double PlannedDailyDoseMg,
    double RelativeDoseIntensity,
    IReadOnlyList<string> Issues,
    string Reasoning);

/// <summary>Sorafenib duration and relative dose intensity (RDI).</summary>
public static class SorafenibDoseIntensity
{
    /// <summary>Standard sorafenib daily dose (400 mg twice daily).</summary>
    public const double StandardDailyDoseMg = 800;

    /// <summary>Derives duration and RDI of a course.</summary>
    /// <param name="course">The course.</param>
    /// <param name="asOf">End date used for an ongoing course (e.g. data cut-off or last contact).</param>
    /// <param name="plannedDailyDoseMg">Planned daily dose; default 800 mg.</param>
    public static SorafenibExposure Evaluate(SorafenibDosing course, DateOnly asOf, double plannedDailyDoseMg = StandardDailyDoseMg)
    {
        ArgumentNullException.ThrowIfNull(course);
        if (!(plannedDailyDoseMg > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(plannedDailyDoseMg), plannedDailyDoseMg, "Planned daily dose must be positive.");
        }

        var issues = new List<string>();
        var ongoing = course.EndDate is null;
        var end = course.EndDate ?? asOf;
        if (end < course.StartDate)
        {
            issues.Add($"End date {Fmt.D(end)} is before start date {Fmt.D(course.StartDate)}");
            return new SorafenibExposure(course.StartDate, end, ongoing, 0, 0, 0, plannedDailyDoseMg, 0, issues,
                "No exposure: end date before start date");
        }

        var changes = SortedChanges(course.DoseChanges);
        double cumulative = 0;
        var segmentStart = course.StartDate;
        var dose = course.StartingDailyDoseMg;
        for (var i = 0; i < changes.Count; i++)
        {
            var c = changes[i];
            if (c.Date <= course.StartDate || c.Date > end)
            {
                // A change on the start day replaces the starting dose; outside the course it cannot apply.
                if (c.Date == course.StartDate)
                {
                    dose = c.NewDailyDoseMg;
                    continue;
                }

                issues.Add($"Dose change on {Fmt.D(c.Date)} is outside the course {Fmt.D(course.StartDate)} to {Fmt.D(end)}; ignored");
                continue;
            }

            cumulative += dose * (c.Date.DayNumber - segmentStart.DayNumber);
            segmentStart = c.Date;
            dose = c.NewDailyDoseMg;
        }

        cumulative += dose * (end.DayNumber - segmentStart.DayNumber + 1);
        var days = end.DayNumber - course.StartDate.DayNumber + 1;
        var rdi = cumulative / (plannedDailyDoseMg * days);
        var reasoning =
            $"{Fmt.D(course.StartDate)} to {Fmt.D(end)}{(ongoing ? " (ongoing, as of)" : string.Empty)}: {Fmt.I(days)} days, cumulative {Fmt.N1(cumulative)} mg / ({Fmt.N1(plannedDailyDoseMg)} mg x {Fmt.I(days)} days) = RDI {rdi.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture)}";
        return new SorafenibExposure(course.StartDate, end, ongoing, days, StudyTime.Months(days), cumulative, plannedDailyDoseMg, rdi,
            issues, reasoning);
    }

    private static IReadOnlyList<SorafenibDoseChange> SortedChanges(IReadOnlyList<SorafenibDoseChange>? changes)
    {
        if (changes is null || changes.Count == 0)
        {
            return [];
        }

        for (var i = 1; i < changes.Count; i++)
        {
            if (changes[i].Date < changes[i - 1].Date)
            {
                // Stable sort: same-day changes keep their submitted order (the last one wins).
                return changes.OrderBy(c => c.Date).ToList();
            }
        }

        return changes;
    }
}
