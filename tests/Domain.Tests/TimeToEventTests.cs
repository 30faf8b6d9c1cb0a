using HccOutcomes.Domain.Response;
using HccOutcomes.Domain.TimeToEvent;
using static HccOutcomes.Domain.Tests.Build;

namespace HccOutcomes.Domain.Tests;

public class TimeToEventTests
{
    private static ResponseEvaluation StableThrough(int lastDay)
    {
        var a = new List<ImagingAssessment> { At(-7, T("L1", 50, viable: 40)) };
        for (var d = 42; d <= lastDay; d += 42)
        {
            a.Add(At(d, T("L1", 48, viable: 38)));
        }

        return ResponseEvaluator.Evaluate(OnStudy, a, Criteria.Recist11);
    }

    [Fact]
    public void Death_without_progression_is_a_pfs_and_os_event()
    {
        var response = StableThrough(126);
        var fu = new FollowUpStatus(DeathDate: Day(200), DeathCause: "Liver failure", SourceId: "FU1");
        var pfs = TimeToEventDeriver.ProgressionFreeSurvival(OnStudy, response, fu);
        Assert.Equal("PFS_RECIST", pfs.ParamCd);
        Assert.Equal(Day(200), pfs.AnalysisDate);
        Assert.Equal(201, pfs.Days);
        Assert.Equal(201 / 30.4375, pfs.Months, 9);
        Assert.False(pfs.Censored);
        Assert.Equal(0, pfs.Cnsr);
        Assert.Equal("Death", pfs.EventDescription);
        Assert.Equal("FollowUp.DeathDate (FU1)", pfs.SourceRecord);
        Assert.Contains("Death 74 days after the last adequate tumor assessment 2021-05-10 counted as event", pfs.Reasoning, StringComparison.Ordinal);

        var os = TimeToEventDeriver.OverallSurvival(OnStudy, fu);
        Assert.Equal("OS", os.ParamCd);
        Assert.False(os.Censored);
        Assert.Equal(201, os.Days);
        Assert.Equal("Death on 2021-07-23 (Liver failure): 201 days from on-study 2021-01-04", os.Reasoning);
    }

    [Fact]
    public void Progression_after_the_last_adequate_assessment_is_dated_at_the_pd_scan()
    {
        // SD day 42, NE day 84 (lesion not measured), PD day 126: the event is the PD date, not the last adequate scan.
        var response = Recist(At(-7, T("L1", 50), T("L2", 30)), At(42, T("L1", 48), T("L2", 30)), At(84, T("L1", 48)), At(126, T("L1", 70), T("L2", 30)));
        Assert.Equal("SD NE PD", Overall(response));
        var pfs = TimeToEventDeriver.ProgressionFreeSurvival(OnStudy, response, new FollowUpStatus(LastKnownAliveDate: Day(300)));
        Assert.False(pfs.Censored);
        Assert.Equal(Day(126), pfs.AnalysisDate);
        Assert.Equal(127, pfs.Days);
        Assert.Equal("Disease progression (RECIST 1.1)", pfs.EventDescription);
        Assert.Equal("TumorAssessment.Date (TA126)", pfs.SourceRecord);
    }

    [Fact]
    public void Clinical_progression_after_the_last_scan_is_the_event()
    {
        var response = StableThrough(84);
        var pfs = TimeToEventDeriver.ProgressionFreeSurvival(OnStudy, response, new FollowUpStatus(ClinicalProgressionDate: Day(150), SourceId: "FU7"));
        Assert.False(pfs.Censored);
        Assert.Equal(Day(150), pfs.AnalysisDate);
        Assert.Equal("Clinical progression", pfs.EventDescription);
        Assert.Equal("FollowUp.ClinicalProgressionDate (FU7)", pfs.SourceRecord);
    }

    [Fact]
    public void No_post_baseline_scan_censors_pfs_at_on_study()
    {
        var response = Recist(At(-7, T("L1", 50)));
        var pfs = TimeToEventDeriver.ProgressionFreeSurvival(OnStudy, response, new FollowUpStatus(LastKnownAliveDate: Day(90)));
        Assert.True(pfs.Censored);
        Assert.Equal(1, pfs.Cnsr);
        Assert.Equal(OnStudy, pfs.AnalysisDate);
        Assert.Equal(1, pfs.Days);
        Assert.Equal("No post-baseline tumor assessment", pfs.EventDescription);
        Assert.Equal("Patient.OnStudyDate", pfs.SourceRecord);
    }

    [Fact]
    public void Only_ne_scans_censor_pfs_at_on_study()
    {
        var response = Recist(At(-7, T("L1", 50), T("L2", 30)), At(42, T("L1", 48)));
        var pfs = TimeToEventDeriver.ProgressionFreeSurvival(OnStudy, response, new FollowUpStatus());
        Assert.True(pfs.Censored);
        Assert.Equal(OnStudy, pfs.AnalysisDate);
        Assert.Equal("No adequate post-baseline tumor assessment", pfs.EventDescription);
    }

    [Fact]
    public void Lost_to_follow_up()
    {
        var response = StableThrough(126);
        var fu = new FollowUpStatus(LastKnownAliveDate: Day(180), LostToFollowUp: true, SourceId: "FU2");

        var os = TimeToEventDeriver.OverallSurvival(OnStudy, fu, lastTumorAssessmentDate: Day(126));
        Assert.True(os.Censored);
        Assert.Equal(Day(180), os.AnalysisDate);
        Assert.Equal("Lost to follow-up", os.EventDescription);
        Assert.Equal("FollowUp.LastKnownAliveDate (FU2)", os.SourceRecord);

        var pfs = TimeToEventDeriver.ProgressionFreeSurvival(OnStudy, response, fu);
        Assert.True(pfs.Censored);
        Assert.Equal(Day(126), pfs.AnalysisDate);
        Assert.Equal("Lost to follow-up", pfs.EventDescription);
        Assert.Equal("TumorAssessment.Date (TA126)", pfs.SourceRecord);
    }

    [Fact]
    public void Clinical_progression_before_radiologic_progression_wins()
    {
        var response = Recist(At(-7, T("L1", 50)), At(42, T("L1", 48)), At(84, T("L1", 70)));
        var pfs = TimeToEventDeriver.ProgressionFreeSurvival(OnStudy, response, new FollowUpStatus(ClinicalProgressionDate: Day(70)));
        Assert.Equal(Day(70), pfs.AnalysisDate);
        Assert.Equal(71, pfs.Days);
        Assert.Equal("Clinical progression", pfs.EventDescription);
    }

    [Fact]
    public void Radiologic_progression_is_reported_on_a_tie()
    {
        var response = Recist(At(-7, T("L1", 50)), At(84, T("L1", 70)));
        var pfs = TimeToEventDeriver.ProgressionFreeSurvival(OnStudy, response, new FollowUpStatus(DeathDate: Day(84), ClinicalProgressionDate: Day(84)));
        Assert.Equal("Disease progression (RECIST 1.1)", pfs.EventDescription);
    }

    [Fact]
    public void No_event_censors_at_last_adequate_assessment()
    {
        var pfs = TimeToEventDeriver.ProgressionFreeSurvival(OnStudy, StableThrough(168), new FollowUpStatus(LastKnownAliveDate: Day(250)));
        Assert.True(pfs.Censored);
        Assert.Equal(Day(168), pfs.AnalysisDate);
        Assert.Equal("Last tumor assessment", pfs.EventDescription);
    }

    [Fact]
    public void Os_censors_at_the_latest_date_known_alive()
    {
        var fu = new FollowUpStatus(LastKnownAliveDate: Day(100), LastContactDate: Day(130));
        Assert.Equal(Day(130), TimeToEventDeriver.OverallSurvival(OnStudy, fu).AnalysisDate);
        var byScan = TimeToEventDeriver.OverallSurvival(OnStudy, fu, lastTumorAssessmentDate: Day(160));
        Assert.Equal(Day(160), byScan.AnalysisDate);
        Assert.Equal("TumorAssessment.Date", byScan.SourceRecord);
        Assert.Equal("Last known alive", byScan.EventDescription);
        Assert.Equal(OnStudy, TimeToEventDeriver.OverallSurvival(OnStudy, new FollowUpStatus()).AnalysisDate);
    }

    [Fact]
    public void Derive_all_gives_os_and_pfs_per_criteria()
    {
        // Viable tumor regrows on day 84 (mRECIST PD) while the diameter is stable (RECIST SD).
        var a = new[] { At(-7, T("L1", 50, viable: 20)), At(42, T("L1", 50, viable: 20)), At(84, T("L1", 50, viable: 30)), At(126, T("L1", 50, viable: 30)) };
        var recist = ResponseEvaluator.Evaluate(OnStudy, a, Criteria.Recist11);
        var mrecist = ResponseEvaluator.Evaluate(OnStudy, a, Criteria.MRecist);
        var rows = TimeToEventDeriver.DeriveAll(OnStudy, new FollowUpStatus(LastKnownAliveDate: Day(100)), recist, mrecist);
        Assert.Equal(["OS", "PFS_RECIST", "PFS_MRECIST", "PFSCLIN"], rows.Select(r => r.ParamCd));
        Assert.Equal(Day(126), rows[0].AnalysisDate);            // last scan is later than last known alive
        Assert.True(rows[1].Censored);
        Assert.Equal(Day(126), rows[1].AnalysisDate);
        Assert.False(rows[2].Censored);
        Assert.Equal(Day(84), rows[2].AnalysisDate);
        Assert.Equal("Disease progression (mRECIST)", rows[2].EventDescription);
        Assert.Equal("Progression-free survival (mRECIST radiological or clinical progression, or death)", rows[2].Param);
        Assert.Equal("Progression-free survival (radiological per RECIST 1.1, clinical progression or death)", rows[3].Param);
    }
}
