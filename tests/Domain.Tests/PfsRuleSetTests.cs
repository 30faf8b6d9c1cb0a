using HccOutcomes.Domain.Conventions;
using HccOutcomes.Domain.Response;
using HccOutcomes.Domain.TimeToEvent;
using static HccOutcomes.Domain.Tests.Build;

namespace HccOutcomes.Domain.Tests;

/// <summary>
/// Worked cases for every row of the FDA 2018 endpoint guidance's PFS table (date of progression or censoring), each
/// derived under the three rule sets. Scans are scheduled every 56 days; the baseline is on day -7.
/// </summary>
public class PfsRuleSetTests
{
    private static readonly DerivationSettings AsCollected = DerivationSettings.Default;
    private static readonly DerivationSettings Fda = new() { PfsRuleSet = PfsRuleSet.Fda2018, ClinicalProgressionCounts = false };
    private static readonly DerivationSettings Ema = new() { PfsRuleSet = PfsRuleSet.Ema, ClinicalProgressionCounts = false };

    private static ImagingAssessment Baseline => At(-7, T("L1", 50));

    private static ImagingAssessment Stable(int day) => At(day, T("L1", 48));

    private static ImagingAssessment Progression(int day) => At(day, T("L1", 70));

    private static TimeToEventRecord Pfs(DerivationSettings settings, FollowUpStatus followUp, params ImagingAssessment[] scans) =>
        TimeToEventDeriver.ProgressionFreeSurvival(OnStudy, ResponseEvaluator.Evaluate(OnStudy, scans, Criteria.Recist11), followUp, settings);

    public static TheoryData<string> RuleSets => ["asCollected", "fda2018", "ema"];

    private static DerivationSettings Named(string ruleSet) => ruleSet switch
    {
        "fda2018" => Fda,
        "ema" => Ema,
        _ => AsCollected,
    };

    [Theory]
    [InlineData("asCollected", false, 100)]
    [InlineData("fda2018", true, 0)]
    [InlineData("ema", false, 100)]
    public void Row_1_no_baseline_tumor_assessment_is_censored_at_on_study_under_fda_2018(string ruleSet, bool censored, int day)
    {
        var pfs = Pfs(Named(ruleSet), new FollowUpStatus(DeathDate: Day(100)), Stable(56));

        Assert.Equal(censored, pfs.Censored);
        Assert.Equal(Day(day), pfs.AnalysisDate);
        Assert.Equal(censored ? "No baseline tumor assessment" : "Death", pfs.EventDescription);
        Assert.EndsWith($"(PFS rule set {ruleSet})", pfs.Reasoning, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(RuleSets))]
    public void Row_2_progression_documented_between_scheduled_visits_is_an_event_on_the_date_of_the_scan(string ruleSet)
    {
        var pfs = Pfs(Named(ruleSet), new FollowUpStatus(LastKnownAliveDate: Day(300)), Baseline, Stable(56), Progression(80));

        Assert.False(pfs.Censored);
        Assert.Equal(Day(80), pfs.AnalysisDate);
        Assert.Equal("Disease progression (RECIST 1.1)", pfs.EventDescription);
        Assert.Equal("TumorAssessment.Date (TA80)", pfs.SourceRecord);
    }

    [Theory]
    [MemberData(nameof(RuleSets))]
    public void Row_3_no_progression_is_censored_at_the_last_adequate_assessment(string ruleSet)
    {
        var pfs = Pfs(Named(ruleSet), new FollowUpStatus(LastKnownAliveDate: Day(200)), Baseline, Stable(56), Stable(112), Stable(168));

        Assert.True(pfs.Censored);
        Assert.Equal(Day(168), pfs.AnalysisDate);
        Assert.Equal("Last tumor assessment", pfs.EventDescription);
    }

    [Theory]
    [InlineData("asCollected", false, 90, "Clinical progression")]
    [InlineData("fda2018", true, 56, "Last tumor assessment")]
    [InlineData("ema", true, 56, "Last tumor assessment")]
    public void Row_4_discontinuation_for_undocumented_clinical_progression_is_censored_unless_clinical_progression_counts(
        string ruleSet, bool censored, int day, string description)
    {
        var pfs = Pfs(Named(ruleSet), new FollowUpStatus(LastKnownAliveDate: Day(200), ClinicalProgressionDate: Day(90)), Baseline, Stable(56));

        Assert.Equal(censored, pfs.Censored);
        Assert.Equal(Day(day), pfs.AnalysisDate);
        Assert.Equal(description, pfs.EventDescription);
        if (censored)
        {
            Assert.Contains("clinical progression on 2021-04-04 is not an event of this radiological parameter (it is one of PFSCLIN)", pfs.Reasoning, StringComparison.Ordinal);
            Assert.Equal("Progression-free survival (RECIST 1.1 radiological progression or death)", pfs.Param);
        }
        else
        {
            Assert.Equal("Progression-free survival (RECIST 1.1 radiological or clinical progression, or death)", pfs.Param);
        }
    }

    [Theory]
    [MemberData(nameof(RuleSets))]
    public void Row_5_discontinuation_for_toxicity_without_progression_is_censored_at_the_last_adequate_assessment(string ruleSet)
    {
        // Sorafenib stopped on day 60 for hand-foot skin reaction; scans go on without progression. Stopping treatment is
        // not an input of PFS, so every rule set censors at the last scan.
        var pfs = Pfs(Named(ruleSet), new FollowUpStatus(LastKnownAliveDate: Day(150)), Baseline, Stable(56), Stable(112));

        Assert.True(pfs.Censored);
        Assert.Equal(Day(112), pfs.AnalysisDate);
    }

    [Theory]
    [InlineData("asCollected", false, 168)]
    [InlineData("fda2018", true, 112)]
    [InlineData("ema", false, 168)]
    public void Row_6_new_anticancer_therapy_before_progression_censors_at_the_last_adequate_assessment_before_it_under_fda_2018(
        string ruleSet, bool censored, int day)
    {
        var followUp = new FollowUpStatus(LastKnownAliveDate: Day(200), NewAnticancerTherapyDate: Day(130), NewAnticancerTherapy: "Lenvatinib");
        var pfs = Pfs(Named(ruleSet), followUp, Baseline, Stable(56), Stable(112), Progression(168));

        Assert.Equal(censored, pfs.Censored);
        Assert.Equal(Day(day), pfs.AnalysisDate);
        if (censored)
        {
            Assert.Equal("New anticancer therapy", pfs.EventDescription);
            Assert.StartsWith(
                "FDA 2018 PFS table, new anticancer treatment started: new anticancer therapy (Lenvatinib) from 2021-05-14 before the disease progression (RECIST 1.1) on 2021-06-21: censored at the last adequate tumor assessment 2021-04-26",
                pfs.Reasoning,
                StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(RuleSets))]
    public void Row_7_death_before_the_first_assessment_is_an_event(string ruleSet)
    {
        var pfs = Pfs(Named(ruleSet), new FollowUpStatus(DeathDate: Day(40)), Baseline);

        Assert.False(pfs.Censored);
        Assert.Equal(Day(40), pfs.AnalysisDate);
        Assert.Equal("Death", pfs.EventDescription);
    }

    [Theory]
    [MemberData(nameof(RuleSets))]
    public void Row_8_death_between_adequate_assessment_visits_is_an_event(string ruleSet)
    {
        var pfs = Pfs(Named(ruleSet), new FollowUpStatus(DeathDate: Day(150)), Baseline, Stable(56), Stable(112));

        Assert.False(pfs.Censored);
        Assert.Equal(Day(150), pfs.AnalysisDate);
    }

    [Theory]
    [InlineData("asCollected", false, 393)]
    [InlineData("fda2018", true, 56)]
    [InlineData("ema", false, 393)]
    public void Row_9_death_after_two_or_more_missed_assessments_is_censored_at_the_last_adequate_assessment_under_fda_2018(
        string ruleSet, bool censored, int day)
    {
        // Death 337 days after the last adequate scan: six scheduled 56-day assessments missed.
        var pfs = Pfs(Named(ruleSet), new FollowUpStatus(DeathDate: Day(393)), Baseline, Stable(56));

        Assert.Equal(censored, pfs.Censored);
        Assert.Equal(Day(day), pfs.AnalysisDate);
        Assert.Contains("337 days after the last adequate tumor assessment 2021-03-01", pfs.Reasoning, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(168, false)]
    [InlineData(169, true)]
    public void Under_fda_2018_progression_112_days_after_the_last_scan_is_an_event_and_113_days_after_is_censored(int pdDay, bool censored)
    {
        var pfs = Pfs(Fda, new FollowUpStatus(), Baseline, Stable(56), Progression(pdDay));

        Assert.Equal(censored, pfs.Censored);
        Assert.Equal(censored ? Day(56) : Day(pdDay), pfs.AnalysisDate);
    }

    [Fact]
    public void Clinical_pfs_counts_clinical_progression_under_every_rule_set()
    {
        var recist = ResponseEvaluator.Evaluate(OnStudy, [Baseline, Stable(56)], Criteria.Recist11);
        var mrecist = ResponseEvaluator.Evaluate(OnStudy, [Baseline, Stable(56)], Criteria.MRecist);
        var followUp = new FollowUpStatus(ClinicalProgressionDate: Day(90));
        foreach (var settings in new[] { AsCollected, Fda, Ema })
        {
            var rows = TimeToEventDeriver.DeriveAll(OnStudy, followUp, recist, mrecist, settings);
            var clinical = rows.Single(r => r.ParamCd == "PFSCLIN");
            Assert.False(clinical.Censored);
            Assert.Equal(Day(90), clinical.AnalysisDate);
            Assert.Equal(settings.ClinicalProgressionCounts, !rows.Single(r => r.ParamCd == "PFS_RECIST").Censored);
        }
    }

    [Fact]
    public void A_death_the_day_after_the_cut_off_is_censored_at_the_cut_off_for_os_and_not_counted_for_pfs()
    {
        var settings = AsCollected.WithCutoff(Day(150));
        var response = ResponseEvaluator.Evaluate(OnStudy, [Baseline, Stable(56), Stable(112)], Criteria.Recist11);
        var followUp = new FollowUpStatus(DeathDate: Day(151));

        var os = TimeToEventDeriver.OverallSurvival(OnStudy, followUp, Day(112), settings);
        Assert.True(os.Censored);
        Assert.Equal(Day(150), os.AnalysisDate);
        Assert.Equal("Data cut-off", os.EventDescription);
        Assert.Equal("Death on 2021-06-04 is after the data cut-off 2021-06-03: censored at the cut-off, 151 days", os.Reasoning);

        var pfs = TimeToEventDeriver.ProgressionFreeSurvival(OnStudy, response, followUp, settings);
        Assert.True(pfs.Censored);
        Assert.Equal(Day(112), pfs.AnalysisDate);
        Assert.Contains("death on 2021-06-04 is after the data cut-off 2021-06-03: not counted", pfs.Reasoning, StringComparison.Ordinal);

        var onTheDay = TimeToEventDeriver.OverallSurvival(OnStudy, new FollowUpStatus(DeathDate: Day(150)), Day(112), settings);
        Assert.False(onTheDay.Censored);
    }

    [Fact]
    public void Known_alive_after_the_cut_off_censors_os_at_the_cut_off()
    {
        var os = TimeToEventDeriver.OverallSurvival(OnStudy, new FollowUpStatus(LastKnownAliveDate: Day(400)), Day(112), AsCollected.WithCutoff(Day(300)));

        Assert.True(os.Censored);
        Assert.Equal(Day(300), os.AnalysisDate);
        Assert.Equal("Data cut-off", os.EventDescription);
        Assert.EndsWith("known alive on 2022-02-08, after the data cut-off 2021-10-31, so censored at the cut-off", os.Reasoning, StringComparison.Ordinal);
    }
}
