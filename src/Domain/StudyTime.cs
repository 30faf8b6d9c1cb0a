namespace HccOutcomes.Domain;

/// <summary>Day counting shared by every derived duration, so TTR, DoR, PFS and OS agree.</summary>
/// <remarks>CDISC ADaM convention: the start date is day 1, so an event on the start date lasts 1 day
/// (AVAL = ADT − STARTDT + 1). Months = days / 30.4375 (365.25 / 12).</remarks>
public static class StudyTime
{
    /// <summary>Average days per month (365.25 / 12).</summary>
    public const double DaysPerMonth = 30.4375;

    /// <summary>Duration in days, counting both the start and the end date (end − start + 1).</summary>
    public static int Days(DateOnly start, DateOnly end) => end.DayNumber - start.DayNumber + 1;

    /// <summary>Days converted to months (days / 30.4375).</summary>
    public static double Months(int days) => days / DaysPerMonth;
}
