using HccOutcomes.Domain;

namespace HccOutcomes.Demo;

/// <summary>Status at the data cut-off.</summary>
internal enum DemoVitalStatus
{
    /// <summary>Alive at cut-off (OS censored at the cut-off).</summary>
    Alive,

    /// <summary>Died (OS event).</summary>
    Dead,

    /// <summary>Lost to follow-up (OS censored at the last contact).</summary>
    Lost,
}

/// <summary>What ends progression-free survival.</summary>
internal enum DemoPfsEnd
{
    /// <summary>Radiologic progression at a tumor assessment on the PFS day (PD under both criteria).</summary>
    Progression,

    /// <summary>No progression: censored at the last assessment, on the PFS day.</summary>
    Censored,

    /// <summary>Death without progression (PFS day = OS day).</summary>
    Death,

    /// <summary>Clinical progression recorded on the follow-up record on the PFS day.</summary>
    ClinicalProgression,
}

/// <summary>
/// One patient's outcome skeleton: the survival times and best responses the records are built to produce.
/// Times are in months (days / 30.4375); TTRs in days from on-study (on-study = day 1).
/// </summary>
internal sealed record DemoOutcome(
    double OsMonths,
    DemoVitalStatus Status,
    double PfsMonths,
    DemoPfsEnd PfsEnd,
    ResponseCategory Recist,
    ResponseCategory MRecist,
    int? TtrRecistDays = null,
    int? TtrMRecistDays = null)
{
    /// <summary>OS in days (end − start + 1).</summary>
    public int OsDays => (int)Math.Round(OsMonths * StudyTime.DaysPerMonth);

    /// <summary>PFS in days (end − start + 1).</summary>
    public int PfsDays => PfsEnd == DemoPfsEnd.Death ? OsDays : (int)Math.Round(PfsMonths * StudyTime.DaysPerMonth);

    /// <summary>Offset of the OS date from on-study (day 1 = offset 0).</summary>
    public int OsOffset => OsDays - 1;

    /// <summary>Offset of the PFS date from on-study.</summary>
    public int PfsOffset => PfsDays - 1;
}

/// <summary>
/// The survival and response skeleton of the demo cohort, one row per patient, calibrated offline against the reference
/// paper (Li et al. 2022, Table 2 and text) with Kaplan–Meier, reverse Kaplan–Meier, Cox (Breslow ties) and the
/// Gehan–Breslow test:
/// <list type="table">
/// <listheader><term>Quantity</term><description>published → skeleton</description></listheader>
/// <item><term>OS status at cut-off</term><description>18/18/1 vs 13/25/3 → same (exact)</description></item>
/// <item><term>OS 3/6/9/12 months (%)</term><description>97.3/91.9/75.5/52.2 vs 92.3/68.6/60.6/47.5 → 97.30/91.89/75.49/52.20 vs 92.31/68.57/60.66/47.47</description></item>
/// <item><term>OS median (months)</term><description>17.40 vs 11.90 → 17.41 vs 11.89</description></item>
/// <item><term>OS HR</term><description>0.70 (0.38–1.30), Breslow p 0.146 → 0.71 (0.39–1.30), p ≈ 0.15</description></item>
/// <item><term>Median follow-up (reverse KM)</term><description>13.4 vs 16.6 → 13.4 vs 16.6</description></item>
/// <item><term>PFS median (months)</term><description>5.86 vs 3.70 → 5.85 vs 3.71</description></item>
/// <item><term>PFS HR</term><description>0.51 (0.30–0.86), Breslow p 0.017 → 0.51 (0.32–0.84), p ≈ 0.018</description></item>
/// </list>
/// Best overall responses per arm are Table 2's exactly (RECIST 1.1: PR 20, SD 6, PD 11 vs PR 5, SD 14, PD 22; mRECIST:
/// CR 1, PR 20, SD 5, PD 11 vs CR 1, PR 12, SD 6, PD 22); radiologic progression happens on the same day under both criteria,
/// so PFS is the same under both. TTRs are placed so that the medians (IQR) come close to Table 2.
/// </summary>
internal static class DemoSkeleton
{
    private const ResponseCategory CR = ResponseCategory.CR;
    private const ResponseCategory PR = ResponseCategory.PR;
    private const ResponseCategory SD = ResponseCategory.SD;
    private const ResponseCategory PD = ResponseCategory.PD;
    private const DemoVitalStatus A = DemoVitalStatus.Alive;
    private const DemoVitalStatus D = DemoVitalStatus.Dead;
    private const DemoVitalStatus L = DemoVitalStatus.Lost;
    private const DemoPfsEnd P = DemoPfsEnd.Progression;
    private const DemoPfsEnd N = DemoPfsEnd.Censored;
    private const DemoPfsEnd X = DemoPfsEnd.Death;
    private const DemoPfsEnd C = DemoPfsEnd.ClinicalProgression;

    /// <summary>RT+PD1, 37 patients, sorted by OS.</summary>
    public static IReadOnlyList<DemoOutcome> RtPd1 { get; } =
    [
        new(2.6, D, 1.5, P, PD, PD),
        new(4.1, D, 1.7, P, PD, PD),
        new(5.3, D, 1.9, P, PD, PD),
        new(6.3, D, 2.0, P, PD, PD),
        new(6.8, D, 3.3, P, SD, SD),
        new(7.4, D, 1.6, P, PD, PD),
        new(7.9, D, 4.6, P, PR, PR, 42, 42),
        new(8.1, L, 6.3, P, PR, PR, 46, 46),
        new(8.5, D, 2.2, P, PD, PD),
        new(8.9, D, 5.86, P, PR, PR, 44, 44),
        new(9.21, D, 2.4, P, PD, PD),
        new(9.43, D, 3.0, P, SD, SD),
        new(9.64, A, 9.5, N, PR, PR, 55, 55),
        new(9.86, A, 4.2, P, SD, PR, null, 48),
        new(10.07, A, 1.4, P, PD, PD),
        new(10.29, D, 6.6, P, PR, PR, 48, 48),
        new(10.5, A, 10.3, N, PR, PR, 57, 57),
        new(10.71, D, 6.4, P, PR, PR, 48, 48),
        new(10.93, A, 7.5, P, PR, PR, 50, 50),
        new(11.14, A, 2.9, P, SD, SD),
        new(11.36, D, 11.36, X, PR, PR, 59, 59),
        new(11.57, D, 3.6, C, SD, SD),
        new(11.79, D, 7.0, P, PR, PR, 49, 49),
        new(12.2, A, 12.0, N, PR, CR, 60, 88),
        new(12.5, A, 1.8, P, PD, PD),
        new(12.8, A, 6.1, P, PR, PR, 45, 45),
        new(13.1, A, 2.6, P, PD, PD),
        new(13.4, A, 8.8, P, PR, PR, 52, 52),
        new(14.0, A, 13.8, N, PR, PR, 64, 105),
        new(15.4, A, 4.9, P, SD, SD),
        new(16.8, A, 11.0, P, PR, PR, 58, 58),
        new(17.4, D, 9.3, P, PR, PR, 55, 55),
        new(19.0, A, 2.1, P, PD, PD),
        new(21.5, A, 14.5, P, PR, PR, 70, 130),
        new(24.3, D, 12.5, P, PR, PR, 61, 93),
        new(26.0, A, 25.5, N, PR, PR, 98, 190),
        new(30.5, A, 18.0, P, PR, PR, 84, 160),
    ];

    /// <summary>TACE+Sorafenib, 41 patients, sorted by OS.</summary>
    public static IReadOnlyList<DemoOutcome> TaceSorafenib { get; } =
    [
        new(1.1, L, 0.95, P, PD, PD),
        new(1.6, L, 1.0, P, PD, PD),
        new(1.9, D, 1.3, P, PD, PD),
        new(2.4, D, 1.5, P, PD, PD),
        new(2.8, D, 1.8, P, PD, PD),
        new(3.2, L, 1.9, P, PD, PD),
        new(3.5, D, 1.2, P, PD, PD),
        new(3.8, D, 2.0, P, PD, PD),
        new(4.1, D, 3.1, P, SD, SD),
        new(4.4, D, 1.6, P, PD, PD),
        new(4.7, D, 2.5, P, PD, PD),
        new(5.0, D, 3.9, P, SD, PR, null, 21),
        new(5.3, D, 2.2, P, PD, PD),
        new(5.6, D, 3.8, P, SD, SD),
        new(5.9, D, 2.8, P, PD, PD),
        new(6.6, D, 4.3, P, SD, PR, null, 23),
        new(7.5, D, 3.0, P, PD, PD),
        new(8.4, D, 4.6, P, SD, SD),
        new(9.4, D, 2.4, P, PD, PD),
        new(10.0, D, 5.1, P, SD, PR, null, 51),
        new(10.6, D, 3.70, P, PD, PD),
        new(11.2, D, 4.0, P, SD, PR, null, 22),
        new(11.9, D, 6.2, P, PR, PR, 40, 40),
        new(12.3, A, 3.3, P, PD, PD),
        new(12.8, A, 5.6, P, SD, PR, null, 76),
        new(13.4, A, 1.7, P, PD, PD),
        new(13.5, D, 3.9, P, SD, SD),
        new(14.0, A, 7.4, P, PR, CR, 46, 46),
        new(14.6, A, 4.4, P, SD, PR, null, 25),
        new(15.2, D, 2.7, P, PD, PD),
        new(15.3, A, 5.0, P, SD, SD),
        new(16.0, A, 4.0, P, PD, PD),
        new(16.6, A, 16.2, N, PR, PR, 238, 95),
        new(17.5, A, 1.4, P, PD, PD),
        new(17.8, D, 6.8, P, SD, PR, null, 120),
        new(19.0, A, 3.76, P, PD, PD),
        new(21.0, D, 8.6, P, PR, PR, 87, 45),
        new(21.5, A, 4.1, P, SD, SD),
        new(25.0, A, 12.6, N, PR, PR, 180, 82),
        new(26.5, D, 5.3, P, SD, PR, null, 60),
        new(30.0, A, 2.3, P, PD, PD),
    ];
}
