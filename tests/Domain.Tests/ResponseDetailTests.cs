using HccOutcomes.Domain.Response;
using static HccOutcomes.Domain.Tests.Build;
using R = HccOutcomes.Domain.ResponseCategory;

namespace HccOutcomes.Domain.Tests;

public class ResponseDetailTests
{
    [Fact]
    public void Pd_reasoning_names_sum_nadir_percent_and_millimetres()
    {
        // 80 → 68 (SD, nadir) → 84 on 2021-03-04 (day 59): +16 mm, +23.5% over the nadir.
        var e = Recist(At(-7, T("L1", 80)), At(28, T("L1", 68)), At(59, T("L1", 84)));
        Assert.Equal("SD PD", Overall(e));
        Assert.Equal("PD on 2021-03-04: sum 84 mm is +23.5% over nadir 68 mm (+16 mm)", e.Timepoints[1].Reasoning);
        Assert.Equal(68, e.Timepoints[1].NadirMm);
        Assert.Equal(new DateOnly(2021, 3, 4), e.ProgressionDate);
    }

    [Fact]
    public void Unconfirmed_pr_reasoning()
    {
        var e = Recist(At(-7, T("L1", 100)), At(49, T("L1", 60)));
        Assert.Equal(R.SD, e.BestOverallResponse);
        Assert.StartsWith("PR on 2021-02-22 unconfirmed: no assessment ≥ 28 days later; SD:", e.BestOverallResponseReasoning, StringComparison.Ordinal);
        Assert.False(e.ObjectiveResponse);
        Assert.True(e.DiseaseControl);
        Assert.Null(e.ResponseDate);
        Assert.Null(e.TimeToResponseDays);
    }

    [Fact]
    public void Five_mm_rule_is_explained()
    {
        var e = Recist(At(-7, T("L1", 20)), At(42, T("L1", 24)));
        Assert.Equal(
            "SD on 2021-02-15: sum 24 mm is +20.0% from baseline 20 mm, +20.0% over nadir 20 mm (+4 mm): increase < 5 mm absolute, not PD",
            e.Timepoints[0].Reasoning);
    }

    [Fact]
    public void Time_to_and_duration_of_response()
    {
        // PR day 42 (2021-02-15), confirmed day 84, PD day 126 (2021-05-10).
        var e = Recist(At(-7, T("L1", 100)), At(42, T("L1", 50)), At(84, T("L1", 50)), At(126, T("L1", 62)));
        Assert.Equal(new DateOnly(2021, 2, 15), e.ResponseDate);
        Assert.Equal(43, e.TimeToResponseDays);                    // on-study day 1 → day 43
        Assert.Equal(43 / 30.4375, e.TimeToResponseMonths!.Value, 9);
        Assert.Equal(85, e.DurationOfResponseDays);                // 2021-02-15 → 2021-05-10 inclusive
        Assert.False(e.DurationOfResponseCensored);
        Assert.Equal(-50.0, e.BestPercentChange!.Value, 9);
        Assert.Equal(new DateOnly(2021, 5, 10), e.LastAdequateAssessmentDate);
        Assert.Equal("TA126", e.LastAdequateAssessmentSourceId);
    }

    [Fact]
    public void Response_date_is_the_first_response_later_confirmed()
    {
        // PR day 42 confirmed by CR day 84; CR confirmed day 126: BOR CR, response starts day 42.
        var e = Recist(At(-7, T("L1", 50)), At(42, T("L1", 20)), At(84, T("L1", 0)), At(126, T("L1", 0)));
        Assert.Equal(R.CR, e.BestOverallResponse);
        Assert.Equal(Day(42), e.ResponseDate);
        Assert.True(e.DurationOfResponseCensored);
        Assert.Equal(StudyTime.Days(Day(42), Day(126)), e.DurationOfResponseDays);
    }

    [Fact]
    public void Waterfall_value_uses_assessments_up_to_first_pd()
    {
        var e = Recist(At(-7, T("L1", 100)), At(42, T("L1", 80)), At(84, T("L1", 130)), At(126, T("L1", 20)));
        Assert.Equal(-20.0, e.BestPercentChange!.Value, 9);
        Assert.Equal("Best change -20.0% on 2021-02-15: sum 80 mm vs baseline 100 mm", e.BestPercentChangeReasoning);
    }

    [Fact]
    public void Node_cr_keeps_a_non_zero_sum()
    {
        var e = Recist(At(-7, T("L1", 30), Node("N1", 18)), At(42, T("L1", 0), Node("N1", 9)));
        Assert.Equal(R.CR, e.Timepoints[0].Target);
        Assert.Equal(9, e.Timepoints[0].SumMm);
        Assert.Equal(48, e.BaselineSumMm);
    }

    [Fact]
    public void Baseline_is_the_last_assessment_on_or_before_on_study()
    {
        // Day -40 scan is superseded by day 0 (on-study): baseline sum 50, not 100.
        var e = Recist(At(-40, T("L1", 100)), At(0, T("L1", 50)), At(42, T("L1", 45)));
        Assert.Equal(OnStudy, e.BaselineDate);
        Assert.Equal(50, e.BaselineSumMm);
        Assert.Equal("SD", Overall(e));
    }

    [Fact]
    public void Old_baseline_is_noted()
    {
        var e = Recist(At(-40, T("L1", 100)), At(42, T("L1", 45)));
        Assert.Contains("Baseline assessment 2020-11-25 is 40 days before on-study (RECIST expects ≤ 28 days)", e.Notes);
    }

    [Fact]
    public void Automatic_selection_takes_largest_two_per_organ_and_five_in_total()
    {
        var e = Recist(
            At(-7, Unflagged("A", 50, "liver"), Unflagged("B", 40, "liver"), Unflagged("C", 30, "liver"),
                Unflagged("D", 20, "lung"), Unflagged("E", 15, "lung"), Unflagged("F", 12, "lung"), Unflagged("G", 25, "bone"),
                Unflagged("H", 8, "peritoneum")));
        Assert.Equal(["A", "B", "G", "D", "E"], e.TargetLesionIds);
        Assert.Equal(["C", "F", "H"], e.NonTargetLesionIds);
        Assert.Equal(150, e.BaselineSumMm);
    }

    [Fact]
    public void Nodes_are_measurable_from_15_mm_short_axis_and_normal_below_10()
    {
        var e = Recist(At(-7,
            new LesionMeasurement("N1", "hilar", LesionRole.NonTarget, IsLymphNode: true, ShortAxisMm: 16),
            new LesionMeasurement("N2", "portal", LesionRole.NonTarget, IsLymphNode: true, ShortAxisMm: 12),
            new LesionMeasurement("N3", "celiac", LesionRole.NonTarget, IsLymphNode: true, ShortAxisMm: 8)));
        Assert.Equal(["N1"], e.TargetLesionIds);          // 16 mm: measurable
        Assert.Equal(["N2"], e.NonTargetLesionIds);       // 12 mm: pathological, non-measurable
        Assert.Contains("Node N3 short axis 8 mm < 10 mm at baseline: normal node, not followed", e.Notes);
    }

    [Fact]
    public void Site_target_below_measurable_size_is_kept_with_a_note()
    {
        var e = Recist(At(-7, T("L1", 8), T("L2", 30)), At(42, T("L1", 8), T("L2", 30)));
        Assert.Equal(["L1", "L2"], e.TargetLesionIds);
        Assert.Contains("Target L1 longest diameter 8 mm is below the measurable size (10 mm); site selection kept", e.Notes);
    }

    [Fact]
    public void Same_day_assessments_are_merged()
    {
        // Liver MRI and chest CT on the same day form one timepoint.
        var e = Recist(
            At(-7, T("L1", 50), T("L2", 20, organ: "lung")),
            new ImagingAssessment(Day(42), [T("L1", 30)]),
            new ImagingAssessment(Day(42), [T("L2", 10, organ: "lung")]));
        Assert.Equal("PR", Overall(e));
        Assert.Equal(40, e.Timepoints[0].SumMm);
        Assert.Contains("Assessments on 2021-02-15 merged into one timepoint", e.Notes);
    }

    [Fact]
    public void Unsorted_input_is_evaluated_in_date_order()
    {
        var e = Recist(At(84, T("L1", 50)), At(-7, T("L1", 100)), At(42, T("L1", 50)));
        Assert.Equal("PR PR", Overall(e));
        Assert.Equal(R.PR, e.BestOverallResponse);
    }

    [Fact]
    public void Investigator_responses_are_used_without_measurements()
    {
        var assessments = new[]
        {
            new ImagingAssessment(Day(-7), []),
            new ImagingAssessment(Day(42), [], InvestigatorRecist: R.PR, InvestigatorMRecist: R.CR),
            new ImagingAssessment(Day(84), [], InvestigatorRecist: R.PR, InvestigatorMRecist: R.CR),
        };
        var recist = ResponseEvaluator.Evaluate(OnStudy, assessments, Criteria.Recist11);
        var mrecist = ResponseEvaluator.Evaluate(OnStudy, assessments, Criteria.MRecist);
        Assert.Equal(ResponseSource.Investigator, recist.Source);
        Assert.Equal(R.PR, recist.BestOverallResponse);
        Assert.Equal(R.CR, mrecist.BestOverallResponse);
        Assert.Equal("PR on 2021-02-15: investigator-reported RECIST 1.1 response (no baseline lesion measurements)", recist.Timepoints[0].Reasoning);
        Assert.Contains("Baseline assessment 2020-12-28 has no lesion measurements: investigator timepoint responses used", recist.Notes);
        Assert.Empty(recist.Discrepancies);
    }

    [Fact]
    public void Mrecist_without_viable_diameters_falls_back_to_investigator()
    {
        // Longest diameters only: RECIST is computed, mRECIST comes from the investigator.
        var assessments = new[]
        {
            At(-7, T("L1", 50)),
            At(42, T("L1", 30)) with { InvestigatorMRecist = ResponseCategory.CR },
            At(84, T("L1", 30)) with { InvestigatorMRecist = ResponseCategory.CR },
        };
        var recist = ResponseEvaluator.Evaluate(OnStudy, assessments, Criteria.Recist11);
        var mrecist = ResponseEvaluator.Evaluate(OnStudy, assessments, Criteria.MRecist);
        Assert.Equal(ResponseSource.Measurements, recist.Source);
        Assert.Equal(R.PR, recist.BestOverallResponse);
        Assert.Equal(ResponseSource.Investigator, mrecist.Source);
        Assert.Equal(R.CR, mrecist.BestOverallResponse);
        Assert.Contains("Baseline assessment 2020-12-28 has no mRECIST measurements (viable diameters): investigator timepoint responses used", mrecist.Notes);
    }

    [Fact]
    public void Investigator_responses_without_any_baseline()
    {
        var e = ResponseEvaluator.Evaluate(OnStudy, [new ImagingAssessment(Day(50), [], InvestigatorRecist: R.SD)], Criteria.Recist11);
        Assert.Equal(ResponseSource.Investigator, e.Source);
        Assert.Equal(R.SD, e.BestOverallResponse);
        Assert.Null(e.BaselineDate);
    }

    [Fact]
    public void No_data_gives_ne()
    {
        var e = ResponseEvaluator.Evaluate(OnStudy, [], Criteria.MRecist);
        Assert.Equal(ResponseSource.None, e.Source);
        Assert.Equal(R.NE, e.BestOverallResponse);
        Assert.Equal("NE: No baseline tumor assessment on or before on-study 2021-01-04 and no investigator mRECIST responses", e.BestOverallResponseReasoning);
    }

    [Fact]
    public void Computed_response_wins_and_discrepancy_is_recorded()
    {
        var assessments = new[]
        {
            At(-7, T("L1", 50)),
            At(42, T("L1", 45), New("X1", 12)) with { InvestigatorRecist = R.SD },
            At(84, T("L1", 45)) with { InvestigatorRecist = R.SD },
        };
        var e = ResponseEvaluator.Evaluate(OnStudy, assessments, Criteria.Recist11);
        Assert.Equal(ResponseSource.Measurements, e.Source);
        Assert.Equal(R.PD, e.BestOverallResponse);
        Assert.Equal(2, e.Discrepancies.Count);
        var tp = e.Discrepancies[0];
        Assert.Equal(Day(42), tp.Date);
        Assert.Equal(R.PD, tp.Computed);
        Assert.Equal(R.SD, tp.Investigator);
        Assert.Equal("2021-02-15: computed PD differs from investigator SD; computed value used (PD on 2021-02-15: new lesion X1 (lung, 12 mm))", tp.Description);
        var bor = e.Discrepancies[1];
        Assert.Null(bor.Date);
        Assert.Equal(R.PD, bor.Computed);
        Assert.Equal(R.SD, bor.Investigator);
    }

    [Fact]
    public void Agreeing_investigator_records_no_discrepancy()
    {
        var e = Recist(At(-7, T("L1", 50)), At(42, T("L1", 30)) with { InvestigatorRecist = R.PR }, At(84, T("L1", 30)) with { InvestigatorRecist = R.PR });
        Assert.Empty(e.Discrepancies);
        Assert.Equal(R.PR, e.Timepoints[0].Investigator);
    }

    [Fact]
    public void Options_change_confirmation_and_sd_minimum()
    {
        var a = new[] { At(-7, T("L1", 100)), At(42, T("L1", 60)), At(63, T("L1", 60)) };
        Assert.Equal(R.SD, ResponseEvaluator.Evaluate(OnStudy, a, Criteria.Recist11).BestOverallResponse);
        Assert.Equal(R.PR, ResponseEvaluator.Evaluate(OnStudy, a, Criteria.Recist11, new ResponseOptions(ConfirmationMinDays: 21)).BestOverallResponse);

        var sd = new[] { At(-7, T("L1", 100)), At(35, T("L1", 90)) };
        Assert.Equal(R.NE, ResponseEvaluator.Evaluate(OnStudy, sd, Criteria.Recist11).BestOverallResponse);
        Assert.Equal(R.SD, ResponseEvaluator.Evaluate(OnStudy, sd, Criteria.Recist11, new ResponseOptions(StableDiseaseMinDays: 35)).BestOverallResponse);
    }

    [Fact]
    public void Mrecist_reasoning_for_equivocal_new_lesion_and_pvtt_note()
    {
        var e = MRecist(
            At(-7, T("L1", 50, viable: 50), T("P1", 30, viable: 30) with { IsPortalVeinTumorThrombus = true }),
            At(42, T("L1", 40, viable: 20), T("P1", 30) with { IsPortalVeinTumorThrombus = true, NonTargetStatus = NonTargetStatus.Present },
                New("X1", 8, "liver", typical: false)));
        Assert.Equal(["L1"], e.TargetLesionIds);
        Assert.Equal(["P1"], e.NonTargetLesionIds);
        Assert.Equal(
            "PR on 2021-02-15: viable sum 20 mm is -60.0% from baseline 50 mm (≥ 30% decrease); non-target lesion(s) P1 present (non-CR/non-PD); new liver lesion X1 (8 mm, atypical pattern) not PD under mRECIST (needs ≥ 10 mm with typical HCC pattern)",
            e.Timepoints[0].Reasoning);
        Assert.False(e.Timepoints[0].NewLesion);
    }

    [Fact]
    public void Evaluation_is_fast_enough_for_batch_import()
    {
        // 5 000 patients × 8 assessments × 6 lesions under both criteria; generous bound for a shared 2-core box.
        var assessments = new List<ImagingAssessment> { At(-7, T("A", 50, 40), T("B", 40, 30), T("C", 30, 20, "lung"), Node("N", 20), NT("NT1"), NT("NT2", organ: "bone")) };
        for (var k = 1; k <= 8; k++)
        {
            assessments.Add(At(42 * k, T("A", 50 - k, 40 - k), T("B", 40 - k, 30 - k), T("C", 30 - k, 20 - k, "lung"), Node("N", 20 - k), NT("NT1"), NT("NT2", organ: "bone")));
        }

        var sw = System.Diagnostics.Stopwatch.StartNew();
        for (var p = 0; p < 5_000; p++)
        {
            ResponseEvaluator.Evaluate(OnStudy, assessments, Criteria.Recist11);
            ResponseEvaluator.Evaluate(OnStudy, assessments, Criteria.MRecist);
        }

        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(10), $"took {sw.Elapsed}");
    }
}
