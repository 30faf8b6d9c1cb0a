using HccOutcomes.Domain.Safety;
using static HccOutcomes.Domain.Tests.Build;
using A = HccOutcomes.Domain.AeAttribution;

namespace HccOutcomes.Domain.Tests;

public class SafetyTests
{
    private static readonly TreatmentExposure Pd1LastDay60 = new(LastAntiPd1Date: Day(60), LastRadiotherapyDate: Day(14));

    [Fact]
    public void Worst_grades_per_term_overall_and_treatment_related()
    {
        ObservedAdverseEvent[] events =
        [
            new("Aspartate aminotransferase increased", 1, Day(10), Attribution: A.Probable),
            new("aspartate aminotransferase increased ", 3, Day(20), Attribution: A.Unrelated),   // case and spaces differ
            new("Aspartate aminotransferase increased", 2, Day(30), Attribution: A.Possible, Serious: true),
            new("Fatigue", 2, Day(5), Attribution: A.Unlikely),
            new("Hypothyroidism", 2, Day(50), Attribution: A.Definite),
        ];
        var s = SafetySummarizer.Summarize(OnStudy, events, Pd1LastDay60);

        Assert.Equal(["Aspartate aminotransferase increased", "Fatigue", "Hypothyroidism"], s.Terms.Select(t => t.Term));
        var ast = s.Terms[0];
        Assert.Equal(10003481, ast.MeddraCode);
        Assert.Equal(3, ast.WorstGrade);                     // unrelated grade 3 counts among all AEs
        Assert.Equal(2, ast.WorstGradeTreatmentRelated);     // only possible/probable/definite
        Assert.Equal(3, ast.EventCount);
        Assert.Equal(2, ast.TreatmentRelatedCount);
        Assert.True(ast.AnySerious);

        var fatigue = s.Terms[1];
        Assert.Equal(2, fatigue.WorstGrade);
        Assert.Null(fatigue.WorstGradeTreatmentRelated);      // "unlikely" is not treatment-related

        Assert.Equal(
            "Worst grade 3 on 2021-01-24 (unrelated); worst treatment-related grade 2 on 2021-02-03 (possibly related); 3 event(s), 2 treatment-related",
            ast.Reasoning);

        Assert.Equal(3, s.WorstGrade);
        Assert.Equal(2, s.WorstGradeTreatmentRelated);
        Assert.False(s.AnyGrade3PlusTreatmentRelated);
        Assert.Equal(
            "Worst grade 3 (Aspartate aminotransferase increased, 2021-01-24); worst treatment-related grade 2 (Aspartate aminotransferase increased, 2021-02-03, possibly related): no grade ≥ 3 treatment-related AE",
            s.Reasoning);
        Assert.Equal(5, s.TreatmentEmergentCount);
        Assert.Equal(0, s.ExcludedCount);
    }

    [Fact]
    public void Grade_3_treatment_related_event_is_flagged()
    {
        var s = SafetySummarizer.Summarize(OnStudy,
            [new ObservedAdverseEvent("Palmar-plantar erythrodysesthesia syndrome", 3, Day(40), Attribution: A.Definite, SuspectedTreatments: [SuspectedTreatment.Sorafenib])],
            new TreatmentExposure(LastSorafenibDate: Day(200)));
        Assert.True(s.AnyGrade3PlusTreatmentRelated);
        Assert.Equal(3, s.WorstGradeTreatmentRelated);
        Assert.EndsWith("definitely related): grade ≥ 3 treatment-related AE present", s.Reasoning, StringComparison.Ordinal);
    }

    [Fact]
    public void Treatment_emergent_window_is_on_study_to_30_days_after_the_last_protocol_treatment()
    {
        ObservedAdverseEvent[] events =
        [
            new("Fatigue", 3, Day(-1), Attribution: A.Definite),     // before on-study
            new("Fatigue", 1, Day(0), Attribution: A.Possible),      // on-study day: included
            new("Nausea", 2, Day(90), Attribution: A.Possible),      // last dose + 30: included
            new("Vomiting", 3, Day(91), Attribution: A.Probable),    // last dose + 31: excluded
        ];
        var s = SafetySummarizer.Summarize(OnStudy, events, Pd1LastDay60);
        Assert.Equal(Day(90), s.WindowEnd);
        Assert.Equal("Treatment-emergent window from on-study 2021-01-04 to 2021-04-04: 30 days after the last protocol treatment, anti-PD1 dose on 2021-03-05", s.WindowReasoning);
        Assert.Equal(["Fatigue", "Nausea"], s.Terms.Select(t => t.Term));
        Assert.Equal(1, s.Terms[0].WorstGrade);
        Assert.Equal(2, s.TreatmentEmergentCount);
        Assert.Equal(2, s.ExcludedCount);
        Assert.Contains("'Vomiting' grade 3 with onset 2021-04-05 is outside the treatment-emergent window: not summarized", s.Notes);
        Assert.Equal(2, s.WorstGradeTreatmentRelated);
    }

    [Fact]
    public void Window_uses_the_later_of_anti_pd1_and_sorafenib_and_is_a_parameter()
    {
        var exposure = new TreatmentExposure(LastAntiPd1Date: Day(60), LastSorafenibDate: Day(100));
        Assert.Equal(Day(130), SafetySummarizer.Window(OnStudy, exposure).End);
        Assert.Equal(Day(190), SafetySummarizer.Window(OnStudy, exposure, windowDays: 90).End);
        var s = SafetySummarizer.Summarize(OnStudy, [new ObservedAdverseEvent("Diarrhea", 2, Day(150), Attribution: A.Probable)], exposure, windowDays: 90);
        Assert.Equal(1, s.TreatmentEmergentCount);
    }

    [Fact]
    public void Ongoing_systemic_therapy_leaves_the_window_open()
    {
        var (_, end, reasoning) = SafetySummarizer.Window(OnStudy, new TreatmentExposure(LastSorafenibDate: Day(10), SystemicTherapyOngoing: true));
        Assert.Null(end);
        Assert.EndsWith("open-ended: anti-PD1 or sorafenib ongoing", reasoning, StringComparison.Ordinal);
    }

    [Fact]
    public void Tace_or_rt_only_uses_the_last_treatment_of_any_kind()
    {
        var (_, end, reasoning) = SafetySummarizer.Window(OnStudy, new TreatmentExposure(LastRadiotherapyDate: Day(14), LastTaceDate: Day(70)));
        Assert.Equal(Day(100), end);
        Assert.EndsWith("30 days after the last protocol treatment, TACE on 2021-03-15", reasoning, StringComparison.Ordinal);
    }

    [Fact]
    public void Tace_after_the_last_sorafenib_dose_extends_the_window_so_a_post_tace_transaminase_rise_counts()
    {
        // TACE+sorafenib arm: sorafenib stops on day 41, a second TACE follows on day 101, AST rises on day 121.
        var exposure = new TreatmentExposure(LastSorafenibDate: Day(41), LastTaceDate: Day(101));
        var s = SafetySummarizer.Summarize(OnStudy,
            [new ObservedAdverseEvent("Aspartate aminotransferase increased", 3, Day(121), Attribution: A.Probable, SuspectedTreatments: [SuspectedTreatment.Tace])],
            exposure);

        Assert.Equal(Day(131), s.WindowEnd);
        Assert.EndsWith("30 days after the last protocol treatment, TACE on 2021-04-15", s.WindowReasoning, StringComparison.Ordinal);
        Assert.Equal(1, s.TreatmentEmergentCount);
        Assert.Equal(3, Assert.Single(s.Terms).WorstGrade);
        Assert.True(s.AnyGrade3PlusTreatmentRelated);
    }

    [Fact]
    public void Radiotherapy_after_the_last_anti_pd1_dose_extends_the_window_so_later_pneumonitis_counts()
    {
        // RT+PD1 arm: the last anti-PD1 dose on day 86, radiotherapy on days 101-114, pneumonitis on day 131.
        var exposure = new TreatmentExposure(LastAntiPd1Date: Day(86), LastRadiotherapyDate: Day(114));
        var s = SafetySummarizer.Summarize(OnStudy,
            [new ObservedAdverseEvent("Pneumonitis", 3, Day(131), Attribution: A.Probable, SuspectedTreatments: [SuspectedTreatment.RT])],
            exposure);

        Assert.Equal(Day(144), s.WindowEnd);
        Assert.EndsWith("30 days after the last protocol treatment, radiotherapy on 2021-04-28", s.WindowReasoning, StringComparison.Ordinal);
        Assert.Equal(3, s.WorstGradeTreatmentRelated);
        Assert.Equal(0, s.ExcludedCount);
    }

    [Theory]
    [InlineData(30, 1, 0)]
    [InlineData(31, 0, 1)]
    public void An_adverse_event_30_days_after_the_last_treatment_counts_and_31_days_after_does_not(int daysAfter, int counted, int excluded)
    {
        // The last treatment is a TACE on day 70, after the last sorafenib dose on day 50.
        var exposure = new TreatmentExposure(LastSorafenibDate: Day(50), LastTaceDate: Day(70));
        var s = SafetySummarizer.Summarize(OnStudy,
            [new ObservedAdverseEvent("Abdominal pain", 3, Day(70 + daysAfter), Attribution: A.Possible)], exposure);

        Assert.Equal(counted, s.TreatmentEmergentCount);
        Assert.Equal(excluded, s.ExcludedCount);
        Assert.Equal(counted == 1, s.AnyGrade3PlusTreatmentRelated);
    }

    [Fact]
    public void No_treatment_dates_leave_the_window_open()
    {
        var s = SafetySummarizer.Summarize(OnStudy, [new ObservedAdverseEvent("Fever", 1, Day(400))], new TreatmentExposure());
        Assert.Null(s.WindowEnd);
        Assert.Equal(1, s.TreatmentEmergentCount);
        Assert.Null(s.WorstGradeTreatmentRelated);
        Assert.False(s.AnyGrade3PlusTreatmentRelated);
    }

    [Fact]
    public void No_adverse_events()
    {
        var s = SafetySummarizer.Summarize(OnStudy, [], Pd1LastDay60);
        Assert.Empty(s.Terms);
        Assert.Null(s.WorstGrade);
        Assert.Equal("No treatment-emergent adverse event", s.Reasoning);
        Assert.False(s.AnyGrade3PlusTreatmentRelated);
    }

    [Fact]
    public void Unknown_terms_are_summarized_under_their_wording_with_a_note()
    {
        var s = SafetySummarizer.Summarize(OnStudy, [new ObservedAdverseEvent("Hand-foot skin reaction", 2, Day(20), Attribution: A.Probable)], Pd1LastDay60);
        var row = Assert.Single(s.Terms);
        Assert.Equal("Hand-foot skin reaction", row.Term);
        Assert.Null(row.MeddraCode);
        Assert.Contains("'Hand-foot skin reaction' is not in the CTCAE v5.0 vocabulary: summarized under the recorded wording", s.Notes);
    }

    [Theory]
    [InlineData(A.Unrelated, false)]
    [InlineData(A.Unlikely, false)]
    [InlineData(A.Possible, true)]
    [InlineData(A.Probable, true)]
    [InlineData(A.Definite, true)]
    public void Treatment_related_attributions(A attribution, bool related) =>
        Assert.Equal(related, attribution.IsTreatmentRelated());
}
