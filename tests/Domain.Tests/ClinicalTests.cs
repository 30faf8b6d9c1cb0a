using HccOutcomes.Domain.Clinical;

namespace HccOutcomes.Domain.Tests;

public class ClinicalTests
{
    [Theory]
    [InlineData(10, 4.0, 56.0, 46.667)]   // 40 Gy/10 fx: 40·(1 + 0.4) = 56; 56 / 1.2 = 46.67
    [InlineData(20, 3.0, 78.0, 65.0)]     // 60 Gy/20 fx: 60·1.3
    [InlineData(10, 5.0, 75.0, 62.5)]     // 50 Gy/10 fx: 50·1.5
    [InlineData(20, 2.5, 62.5, 52.083)]   // 50 Gy/20 fx: 50·1.25
    [InlineData(30, 2.0, 72.0, 60.0)]     // conventional 2 Gy: EQD2 equals physical dose
    public void Bed_and_eqd2_match_hand_computed_values(int n, double d, double bed, double eqd2)
    {
        Assert.Equal(bed, RadiationDose.Bed(n, d), 3);
        Assert.Equal(eqd2, RadiationDose.Eqd2(n, d), 3);
    }

    [Fact]
    public void Bed_uses_the_alpha_beta_parameter()
    {
        // Late-responding tissue α/β 3: 10 × 4 Gy → 40·(1 + 4/3) = 93.33; EQD2 = 93.33 / (1 + 2/3) = 56.
        Assert.Equal(93.333, RadiationDose.Bed(10, 4, 3), 3);
        Assert.Equal(56.0, RadiationDose.Eqd2(10, 4, 3), 3);
    }

    [Theory]
    [InlineData(40.0, 4.0, 10, true)]
    [InlineData(40.4, 4.0, 10, true)]   // computed 40 Gy is -0.99% of 40.4
    [InlineData(39.6, 4.0, 10, false)]  // +1.01%
    [InlineData(40.5, 4.0, 10, false)]  // -1.23%
    [InlineData(45.0, 4.0, 10, false)]
    public void Prescription_check_within_one_percent(double total, double perFraction, int fractions, bool expected) =>
        Assert.Equal(expected, RadiationDose.CheckPrescription(total, perFraction, fractions).IsConsistent);

    [Fact]
    public void Prescription_check_message_names_both_totals()
    {
        var check = RadiationDose.CheckPrescription(45, 4, 10);
        Assert.False(check.IsConsistent);
        Assert.Equal("4 Gy x 10 = 40 Gy differs from the prescribed 45 Gy by -11.11% (tolerance 1%)", check.Message);
    }

    [Fact]
    public void Delivered_fractions_drive_delivered_dose_and_bed()
    {
        var fractions = Enumerable.Range(0, 9).Select(i => new DeliveredFraction(new DateOnly(2021, 1, 4).AddDays(i), 4.0)).ToList();
        var summary = RadiationDose.Summarize(new RadiotherapyDosing(40, 4, 10, fractions));
        Assert.True(summary.Prescription.IsConsistent);
        Assert.Equal(56.0, summary.PlannedBedGy, 6);
        Assert.Equal(46.667, summary.PlannedEqd2Gy, 3);
        Assert.Equal(9, summary.FractionsDelivered);
        Assert.Equal(36.0, summary.DeliveredDoseGy!.Value, 6);
        Assert.Equal(50.4, summary.DeliveredBedGy!.Value, 6);
        Assert.Equal(42.0, summary.DeliveredEqd2Gy!.Value, 6);
        Assert.Contains("Delivered 9 fractions, 36 Gy: BED 50.4 Gy, EQD2 42 Gy.", summary.Reasoning, StringComparison.Ordinal);
    }

    [Fact]
    public void Summary_without_delivered_fractions_has_no_delivered_values()
    {
        var summary = RadiationDose.Summarize(new RadiotherapyDosing(60, 3, 20));
        Assert.Equal(78.0, summary.PlannedBedGy, 6);
        Assert.Null(summary.FractionsDelivered);
        Assert.Null(summary.DeliveredBedGy);
    }

    [Theory]
    [InlineData(10, 40, -2.74, 1)]          // 0.66·1 − 3.4
    [InlineData(20, 35, -2.11632, 2)]       // 0.66·1.30103 − 2.975
    [InlineData(50, 25, -1.00368, 3)]       // 0.66·1.69897 − 2.125
    [InlineData(17.1, 42, -2.75622, 1)]     // 0.66·1.232996 − 3.57
    public void Albi_score_and_grade(double bilirubin, double albumin, double score, int grade)
    {
        var r = Albi.Evaluate(bilirubin, albumin);
        Assert.Equal(score, r.Score, 4);
        Assert.Equal(grade, r.Grade);
    }

    [Theory]
    [InlineData(-2.60, 1)]
    [InlineData(-2.5999, 2)]
    [InlineData(-1.39, 2)]
    [InlineData(-1.3899, 3)]
    public void Albi_grade_boundaries_are_inclusive_upper_bounds(double score, int grade) =>
        Assert.Equal(grade, Albi.Grade(score));

    [Fact]
    public void Albi_reasoning_and_invalid_bilirubin()
    {
        Assert.Equal("ALBI = 0.66·log10(10 µmol/L) - 0.085·40 g/L = -2.74: grade 1 (≤ -2.60)", Albi.Evaluate(10, 40).Reasoning);
        Assert.Throws<ArgumentOutOfRangeException>(() => Albi.Score(0, 40));
    }

    [Fact]
    public void Sorafenib_rdi_from_start_dose_and_reduction()
    {
        // 10 days at 800 mg + 20 days at 400 mg = 16 000 mg over 30 days; planned 800 × 30 = 24 000 → RDI 0.667.
        var course = new SorafenibDosing(new DateOnly(2021, 1, 1), new DateOnly(2021, 1, 30), 800,
            [new SorafenibDoseChange(new DateOnly(2021, 1, 11), 400)]);
        var x = SorafenibDoseIntensity.Evaluate(course, new DateOnly(2021, 6, 1));
        Assert.Equal(30, x.DurationDays);
        Assert.Equal(30 / 30.4375, x.DurationMonths, 6);
        Assert.Equal(16000, x.CumulativeDoseMg, 6);
        Assert.Equal(2.0 / 3, x.RelativeDoseIntensity, 6);
        Assert.False(x.Ongoing);
        Assert.Empty(x.Issues);
        Assert.Equal("2021-01-01 to 2021-01-30: 30 days, cumulative 16000 mg / (800 mg x 30 days) = RDI 0.667", x.Reasoning);

        // Planned dose is a parameter: against 400 mg/day the same exposure is 133%.
        Assert.Equal(4.0 / 3, SorafenibDoseIntensity.Evaluate(course, default, 400).RelativeDoseIntensity, 6);
    }

    [Fact]
    public void Sorafenib_interruption_unsorted_changes_and_ongoing_course()
    {
        // Start 400 mg (reduced start), 0 mg from day 6 (interruption), back to 800 mg from day 11; ongoing, as of day 20.
        var start = new DateOnly(2021, 3, 1);
        var course = new SorafenibDosing(start, null, 400,
            [new SorafenibDoseChange(start.AddDays(10), 800), new SorafenibDoseChange(start.AddDays(5), 0)]);
        var x = SorafenibDoseIntensity.Evaluate(course, start.AddDays(19));
        Assert.True(x.Ongoing);
        Assert.Equal(20, x.DurationDays);
        Assert.Equal((5 * 400) + (5 * 0) + (10 * 800), x.CumulativeDoseMg, 6);
        Assert.Equal(10000.0 / 16000, x.RelativeDoseIntensity, 6);
    }

    [Fact]
    public void Sorafenib_dose_change_outside_course_is_reported_and_ignored()
    {
        var start = new DateOnly(2021, 3, 1);
        var course = new SorafenibDosing(start, start.AddDays(9), 800, [new SorafenibDoseChange(start.AddDays(20), 400)]);
        var x = SorafenibDoseIntensity.Evaluate(course, start);
        Assert.Equal(1.0, x.RelativeDoseIntensity, 6);
        var issue = Assert.Single(x.Issues);
        Assert.Equal("Dose change on 2021-03-21 is outside the course 2021-03-01 to 2021-03-10; ignored", issue);
    }
}
