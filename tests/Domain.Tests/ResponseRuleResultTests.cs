using HccOutcomes.Domain.Response;
using static HccOutcomes.Domain.Tests.Build;
using R = HccOutcomes.Domain.ResponseCategory;

namespace HccOutcomes.Domain.Tests;

/// <summary>The structured results of the timepoint and best-overall-response rules, and the text rendered from them.</summary>
public class ResponseRuleResultTests
{
    private static TargetLesionAtTimepoint Target(string id, double? mm, bool node = false) => new(id, node, mm);

    private static TimepointInput Input(
        int day,
        Criteria criteria,
        double baselineSum,
        double nadir,
        TargetLesionAtTimepoint[] targets,
        NonTargetLesionAtTimepoint[]? nonTargets = null,
        LesionMeasurement[]? newLesions = null) =>
        new(Day(day), criteria, targets, nonTargets ?? [], newLesions ?? [], baselineSum, nadir);

    private static TimepointResponse Tp(int day, R overall) =>
        new() { Date = Day(day), Overall = overall, Reasoning = $"{overall} on {Day(day):yyyy-MM-dd}" };

    [Fact]
    public void Pd_by_new_lesion_reports_the_rule_the_lesion_and_the_target_values()
    {
        var e = TimepointRules.Evaluate(Input(42, Criteria.Recist11, 50, 50, [Target("L1", 45)], newLesions: [New("X1", 12)]));

        Assert.Equal(R.PD, e.Overall);
        Assert.Equal(OverallResponseRule.Progression, e.OverallRule);
        Assert.True(e.HasUnequivocalNewLesion);
        Assert.Equal(new NewLesionFinding("X1", "lung", 12, null, NewLesionKind.NewLesion), Assert.Single(e.NewLesions));
        var t = e.Targets!;
        Assert.Equal(R.SD, t.Response);
        Assert.Equal(TargetResponseRule.NeitherResponseNorProgression, t.Rule);
        Assert.Equal(45, t.SumMm);
        Assert.Equal(-10.0, t.ChangeFromBaselinePct!.Value, 9);
        Assert.Equal(-5, t.IncreaseOverNadirMm);
        Assert.Equal(45, t.NextNadirMm);

        // PD text names only its cause, as the evaluator reports it.
        Assert.Equal("PD on 2021-02-15: new lesion X1 (lung, 12 mm)", TimepointReasoning.Render(e));
        var evaluated = Recist(At(-7, T("L1", 50)), At(42, T("L1", 45), New("X1", 12)));
        Assert.Equal(TimepointReasoning.Render(e), evaluated.Timepoints[0].Reasoning);
    }

    [Fact]
    public void Pd_by_target_sum_reports_sum_nadir_and_both_percent_changes()
    {
        var e = TimepointRules.Evaluate(Input(59, Criteria.Recist11, 80, 68, [Target("L1", 84)]));

        var t = e.Targets!;
        Assert.Equal(R.PD, t.Response);
        Assert.Equal(TargetResponseRule.IncreaseOverNadir, t.Rule);
        Assert.Equal(84, t.SumMm);
        Assert.Equal(80, t.BaselineSumMm);
        Assert.Equal(68, t.NadirMm);
        Assert.Equal(16, t.IncreaseOverNadirMm);
        Assert.Equal(16.0 / 68 * 100, t.ChangeFromNadirPct!.Value, 9);
        Assert.Equal(5.0, t.ChangeFromBaselinePct!.Value, 9);
        Assert.Equal(5, t.MinimumIncreaseMm);
        Assert.Equal(68, t.NextNadirMm);
        Assert.Equal(OverallResponseRule.Progression, e.OverallRule);
        Assert.Equal("PD on 2021-03-04: sum 84 mm is +23.5% over nadir 68 mm (+16 mm)", TimepointReasoning.Render(e));
    }

    [Fact]
    public void Five_mm_minimum_keeps_recist_sd_but_mrecist_has_no_minimum()
    {
        var recist = TimepointRules.Evaluate(Input(42, Criteria.Recist11, 20, 20, [Target("L1", 24)])).Targets!;
        Assert.Equal(R.SD, recist.Response);
        Assert.True(recist.IncreaseBelowAbsoluteMinimum);
        Assert.Equal(4, recist.IncreaseOverNadirMm);

        var mrecist = TimepointRules.Evaluate(Input(42, Criteria.MRecist, 20, 20, [Target("L1", 24)])).Targets!;
        Assert.Equal(R.PD, mrecist.Response);
        Assert.Equal(0, mrecist.MinimumIncreaseMm);
        Assert.False(mrecist.IncreaseBelowAbsoluteMinimum);
    }

    [Fact]
    public void Target_not_measured_is_ne_unless_the_measured_targets_already_progress()
    {
        var ne = TimepointRules.Evaluate(Input(42, Criteria.Recist11, 50, 50, [Target("L1", 30), Target("L2", null)]));
        Assert.Equal(TargetResponseRule.TargetNotMeasured, ne.Targets!.Rule);
        Assert.Equal(["L2"], ne.Targets.NotMeasuredLesionIds);
        Assert.Equal(30, ne.Targets.MeasuredSumMm);
        Assert.Null(ne.Targets.SumMm);
        Assert.Null(ne.Targets.ChangeFromBaselinePct);
        Assert.Equal(50, ne.Targets.NextNadirMm);
        Assert.Equal(OverallResponseRule.TargetNotEvaluable, ne.OverallRule);
        Assert.Equal("NE on 2021-02-15: target lesion(s) L2 not measured", TimepointReasoning.Render(ne));

        var pd = TimepointRules.Evaluate(Input(42, Criteria.Recist11, 50, 50, [Target("L1", 65), Target("L2", null)]));
        Assert.Equal(TargetResponseRule.MeasuredTargetsIncreaseOverNadir, pd.Targets!.Rule);
        Assert.Equal(R.PD, pd.Overall);
    }

    [Fact]
    public void Mrecist_new_liver_lesion_is_pd_only_when_10_mm_with_typical_pattern()
    {
        var e = TimepointRules.Evaluate(Input(42, Criteria.MRecist, 40, 40, [Target("L1", 38)],
            newLesions: [New("X1", 8, "liver", typical: true), New("X2", 12, "liver", typical: false)]));
        Assert.All(e.NewLesions, n => Assert.Equal(NewLesionKind.EquivocalLiverLesion, n.Kind));
        Assert.False(e.HasUnequivocalNewLesion);
        Assert.Equal(R.SD, e.Overall);
        Assert.Equal(OverallResponseRule.TargetStable, e.OverallRule);

        var pd = TimepointRules.Evaluate(Input(42, Criteria.MRecist, 40, 40, [Target("L1", 38)],
            newLesions: [New("X3", 12, "liver", typical: true), New("P1", 15, "portal vein", pvtt: true)]));
        Assert.Equal([NewLesionKind.TypicalLiverLesion, NewLesionKind.PortalVeinTumorThrombus], pd.NewLesions.Select(n => n.Kind));
        Assert.Equal(R.PD, pd.Overall);
    }

    [Fact]
    public void Overall_response_follows_the_recist_tables_for_non_target_lesions()
    {
        // Table 1: target CR with a non-target still present is PR.
        var table1 = TimepointRules.Evaluate(Input(42, Criteria.Recist11, 30, 30, [Target("L1", 0)],
            [new NonTargetLesionAtTimepoint("NT1", NonTargetStatus.Present), new NonTargetLesionAtTimepoint("NT2", NonTargetStatus.Absent)]));
        Assert.Equal(R.CR, table1.Targets!.Response);
        Assert.Equal(NonTargetResponse.NonCRNonPD, table1.NonTargets.Response);
        Assert.Equal(["NT1"], table1.NonTargets.PresentLesionIds);
        Assert.Equal((R.PR, OverallResponseRule.TargetCompleteNonTargetIncomplete), (table1.Overall, table1.OverallRule));

        // Table 2: no targets, non-CR/non-PD is reported as SD.
        var table2 = TimepointRules.Evaluate(new TimepointInput(
            Day(42), Criteria.Recist11, [], [new NonTargetLesionAtTimepoint("NT1", NonTargetStatus.Present)], [], null, 0));
        Assert.Null(table2.Targets);
        Assert.Equal((R.SD, OverallResponseRule.NonTargetNonCompleteNonProgression), (table2.Overall, table2.OverallRule));
        Assert.Equal(
            "SD on 2021-02-15: non-target lesion(s) NT1 present (non-CR/non-PD); no target lesions: non-CR/non-PD reported as SD",
            TimepointReasoning.Render(table2));
    }

    [Fact]
    public void Unconfirmed_pr_reports_why_and_the_timepoint_counted_as_sd()
    {
        List<TimepointResponse> tps = [Tp(49, R.PR)];
        var bor = BestOverallResponse.Derive(OnStudy, tps, ResponseOptions.Default);

        Assert.Equal(R.SD, bor.Response);
        Assert.Equal(BestResponseRule.StableDisease, bor.Rule);
        Assert.Equal(new UnconfirmedResponse(0, UnconfirmedReason.NoAssessmentLateEnough), bor.Unconfirmed);
        Assert.Equal(new StableDiseaseTimepoint(0, 49), bor.StableDisease);
        Assert.Null(bor.ResponseStartIndex);
        Assert.Equal(
            "PR on 2021-02-22 unconfirmed: no assessment ≥ 28 days later; SD: PR (counted as SD) on 2021-02-22, 49 days after on-study (SD minimum 42 days met)",
            ResponseReasoning.BestOverallResponse(bor, tps));
    }

    [Fact]
    public void Cr_not_confirmed_as_cr_is_a_pr_confirmed_by_the_later_assessment()
    {
        List<TimepointResponse> tps = [Tp(42, R.CR), Tp(84, R.PR), Tp(126, R.PD)];
        var bor = BestOverallResponse.Derive(OnStudy, tps, ResponseOptions.Default);

        Assert.Equal(R.PR, bor.Response);
        Assert.Equal(BestResponseRule.CompleteConfirmedAsPartial, bor.Rule);
        Assert.Equal(0, bor.ResponseIndex);
        Assert.Equal(1, bor.ConfirmationIndex);
        Assert.Equal(42, bor.DaysToConfirmation);
        Assert.Equal(0, bor.ResponseStartIndex);
        Assert.Equal(2, bor.ProgressionIndex);
        Assert.Equal(3, bor.CountedTimepoints);
        Assert.Equal(
            "PR: CR on 2021-02-15 not confirmed as CR; response confirmed as PR by PR on 2021-03-29 (42 days later)",
            ResponseReasoning.BestOverallResponse(bor, tps));
    }
}
