using HccOutcomes.Domain.Safety;

namespace HccOutcomes.Domain.Tests;

public class VocabularyTests
{
    // CTCAE terms of Table 3 in Li et al. 2022 (published-tables.json, parenthetical lay wording removed).
    public static readonly TheoryData<string> Table3Terms =
    [
        "Aspartate aminotransferase increased",
        "Alanine aminotransferase increased",
        "Palmar-plantar erythrodysesthesia syndrome",
        "Anemia",
        "Hypoalbuminemia",
        "White blood cell decreased",
        "Blood bilirubin increased",
        "Platelet count decreased",
    ];

    [Theory]
    [MemberData(nameof(Table3Terms))]
    public void Every_table_3_term_is_in_the_vocabulary(string term)
    {
        var t = CtcaeVocabulary.FindByTerm(term);
        Assert.NotNull(t);
        Assert.True(t.ReportedInReferenceStudy);
        Assert.True(t.IsCtcaeTerm);
        Assert.NotNull(t.MeddraCode);
    }

    [Theory]
    [InlineData("fatigue", "Fatigue", 10016256)]
    [InlineData("  DIARRHEA ", "Diarrhea", 10012735)]
    [InlineData("Nausea", "Nausea", 10028813)]
    [InlineData("palmar-plantar ERYTHRODYSESTHESIA syndrome", "Palmar-plantar erythrodysesthesia syndrome", 10054524)]
    [InlineData("pneumonitis", "Pneumonitis", 10035742)]
    public void Lookup_by_term_is_case_insensitive(string query, string term, int code)
    {
        var t = CtcaeVocabulary.FindByTerm(query)!;
        Assert.Equal(term, t.Term);
        Assert.Equal(code, t.MeddraCode);
        Assert.Same(t, CtcaeVocabulary.FindByCode(code));
    }

    [Fact]
    public void Lookup_misses_return_null()
    {
        Assert.Null(CtcaeVocabulary.FindByTerm("Hepatitis"));
        Assert.Null(CtcaeVocabulary.FindByTerm(null));
        Assert.Null(CtcaeVocabulary.FindByCode(12345678));
    }

    [Theory]
    [InlineData("Alopecia", 1, 2)]
    [InlineData("Palmar-plantar erythrodysesthesia syndrome", 1, 3)]
    [InlineData("Fatigue", 1, 3)]
    [InlineData("Hypertension", 1, 5)]
    [InlineData("Hepatic failure", 3, 5)]
    [InlineData("Death NOS", 5, 5)]
    [InlineData("Aspartate aminotransferase increased", 1, 4)]
    public void Allowed_grades(string term, int min, int max)
    {
        var t = CtcaeVocabulary.FindByTerm(term)!;
        Assert.Equal(min, t.MinGrade);
        Assert.Equal(max, t.MaxGrade);
    }

    [Fact]
    public void Vocabulary_is_consistent()
    {
        var terms = CtcaeVocabulary.Terms;
        Assert.True(terms.Count >= 40);
        Assert.Equal(terms.Count, terms.Select(t => t.Term.ToUpperInvariant()).Distinct().Count());
        var codes = terms.Where(t => t.MeddraCode is not null).Select(t => t.MeddraCode!.Value).ToList();
        Assert.Equal(codes.Count, codes.Distinct().Count());
        Assert.All(codes, c => Assert.InRange(c, 10_000_000, 10_099_999));
        Assert.All(terms, t => Assert.True(t.MinGrade >= 1 && t.MinGrade <= t.MaxGrade && t.MaxGrade <= 5, t.Term));
        Assert.All(terms.Where(t => t.MeddraCode is null), t => Assert.False(t.IsCtcaeTerm));

        // Each of the four treatments has its common toxicities in the list.
        foreach (var treatment in Enum.GetValues<SuspectedTreatment>())
        {
            Assert.True(terms.Count(t => t.CommonWith.Contains(treatment)) >= 8, treatment.ToString());
        }
    }

    [Fact]
    public void Rccep_is_present_but_flagged_as_not_ctcae()
    {
        var t = CtcaeVocabulary.FindByTerm("Reactive cutaneous capillary endothelial proliferation")!;
        Assert.False(t.IsCtcaeTerm);
        Assert.Null(t.MeddraCode);
        Assert.Contains("Camrelizumab-specific", t.Note, StringComparison.Ordinal);
        Assert.True(CtcaeVocabulary.Validate(t.Term, 2).IsValid);
    }

    [Fact]
    public void Valid_term_and_grade()
    {
        var r = CtcaeVocabulary.Validate("Fatigue", 3, 10016256, "5.0");
        Assert.True(r.IsValid);
        Assert.Null(r.Error);
        Assert.Equal("Fatigue", r.Term!.Term);
    }

    [Theory]
    [InlineData("Palmar-plantar erythrodysesthesia syndrome", 4, "grade", "Grade 4 is not defined for 'Palmar-plantar erythrodysesthesia syndrome' in CTCAE v5.0 (allowed grades 1-3)")]
    [InlineData("Alopecia", 3, "grade", "Grade 3 is not defined for 'Alopecia' in CTCAE v5.0 (allowed grades 1-2)")]
    [InlineData("Fatigue", 5, "grade", "Grade 5 is not defined for 'Fatigue' in CTCAE v5.0 (allowed grades 1-3)")]
    [InlineData("Death NOS", 3, "grade", "Grade 3 is not defined for 'Death NOS' in CTCAE v5.0 (allowed grade 5)")]
    [InlineData("Hepatic failure", 2, "grade", "Grade 2 is not defined for 'Hepatic failure' in CTCAE v5.0 (allowed grades 3-5)")]
    [InlineData("Anemia", 6, "grade", "Grade 6 is out of range: CTCAE grades are 1-5 ('Anemia' allows 1-5)")]
    [InlineData("Anemia", 0, "grade", "Grade 0 is out of range: CTCAE grades are 1-5 ('Anemia' allows 1-5)")]
    [InlineData("Tiredness", 1, "term", "'Tiredness' is not a CTCAE v5.0 term in the registry vocabulary. See the registry's CTCAE v5.0 term list")]
    [InlineData("Hand-foot skin reaction", 2, "term", "'Hand-foot skin reaction' is not a CTCAE v5.0 term in the registry vocabulary. Use: Palmar-plantar erythrodysesthesia syndrome. See the registry's CTCAE v5.0 term list")]
    [InlineData(" ", 2, "term", "A CTCAE term is required; see the registry's CTCAE v5.0 term list")]
    public void Rejections_say_why(string term, int grade, string field, string error)
    {
        var r = CtcaeVocabulary.Validate(term, grade);
        Assert.False(r.IsValid);
        Assert.Equal(field, r.Field);
        Assert.Equal(error, r.Error);
    }

    [Fact]
    public void Hepatitis_and_post_embolization_syndrome_point_to_ctcae_terms()
    {
        Assert.Contains("Alanine aminotransferase increased / Aspartate aminotransferase increased", CtcaeVocabulary.Validate("Hepatitis", 2).Error, StringComparison.Ordinal);
        Assert.Contains("Fever, Abdominal pain, Nausea, Vomiting", CtcaeVocabulary.Validate("post-embolization syndrome", 2).Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_term_message_can_point_to_the_api_list()
    {
        var r = CtcaeVocabulary.Validate("Tiredness", 1, vocabularyReference: "GET /api/v1/vocabularies/ctcae-terms");
        Assert.EndsWith("See GET /api/v1/vocabularies/ctcae-terms", r.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Meddra_code_must_match_the_term()
    {
        var r = CtcaeVocabulary.Validate("Nausea", 2, 10012735);
        Assert.False(r.IsValid);
        Assert.Equal("meddraCode", r.Field);
        Assert.Equal("MedDRA code 10012735 does not match 'Nausea' (expected 10028813); 10012735 is the code of 'Diarrhea'", r.Error);

        var unknownTerm = CtcaeVocabulary.Validate("Loose stools", 2, 10012735);
        Assert.Contains("MedDRA code 10012735 is 'Diarrhea'.", unknownTerm.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_ctcae_5_is_accepted()
    {
        var r = CtcaeVocabulary.Validate("Fatigue", 2, ctcaeVersion: "4.03");
        Assert.False(r.IsValid);
        Assert.Equal("ctcaeVersion", r.Field);
        Assert.Equal("CTCAE version '4.03' is not supported; the vocabulary is CTCAE v5.0", r.Error);
    }
}
