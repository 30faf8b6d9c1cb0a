namespace HccOutcomes.Domain.Safety;

/// <summary>One adverse-event term of the registry vocabulary (CTCAE v5.0).</summary>
/// <param name="Term">CTCAE v5.0 term, exactly as spelled by CTCAE.</param>
/// <param name="MeddraCode">CTCAE v5.0 MedDRA LLT code; null for a non-CTCAE term.</param>
/// <param name="SystemOrganClass">MedDRA system organ class.</param>
/// <param name="MinGrade">Lowest grade CTCAE defines for the term.</param>
/// <param name="MaxGrade">Highest grade CTCAE defines (5 only where CTCAE allows death).</param>
/// <param name="CommonWith">Treatments of this registry for which the term is a common toxicity.</param>
/// <param name="IsCtcaeTerm">False for a term that CTCAE v5.0 does not define (kept because the treatments produce it).</param>
/// <param name="ReferenceStudyLabel">Row label in Table 3 of Li et al. 2022, when the term is reported there.</param>
/// <param name="Note">Usage note.</param>
public sealed record CtcaeTerm(
    string Term,
    int? MeddraCode,
    string SystemOrganClass,
    int MinGrade,
    int MaxGrade,
    IReadOnlyList<SuspectedTreatment> CommonWith,
    bool IsCtcaeTerm = true,
    string? ReferenceStudyLabel = null,
    string? Note = null)
{
    /// <summary>True when CTCAE defines <paramref name="grade"/> for this term.</summary>
    public bool AllowsGrade(int grade) => grade >= MinGrade && grade <= MaxGrade;

    /// <summary>Allowed grades as text, e.g. "1-3".</summary>
    public string AllowedGrades => MinGrade == MaxGrade ? Fmt.I(MinGrade) : $"{Fmt.I(MinGrade)}-{Fmt.I(MaxGrade)}";

    /// <summary>Reported in Table 3 of the reference study.</summary>
    public bool ReportedInReferenceStudy => ReferenceStudyLabel is not null;
}

/// <summary>Outcome of validating an adverse event's term and grade against the vocabulary.</summary>
/// <param name="IsValid">True when accepted.</param>
/// <param name="Term">The vocabulary entry matched, when the term is known.</param>
/// <param name="Field">Offending field when rejected: "term", "grade", "meddraCode" or "ctcaeVersion".</param>
/// <param name="Error">Why it was rejected.</param>
public sealed record CtcaeValidationResult(bool IsValid, CtcaeTerm? Term, string? Field, string? Error);

/// <summary>
/// CTCAE v5.0 vocabulary of the registry: every term in Table 3 of the reference study plus common toxicities of
/// radiotherapy, anti-PD1, TACE and sorafenib, with MedDRA LLT codes and allowed grades. Lookup is case-insensitive.
/// </summary>
/// <remarks>
/// Not CTCAE terms, deliberately: "hepatitis" (CTCAE v5.0 has no non-infectious hepatitis term; immune-mediated hepatitis
/// is graded as ALT/AST/bilirubin increased) and "post-embolization syndrome" (record fever, abdominal pain, nausea,
/// vomiting and transaminase/bilirubin increases separately). The validation message suggests these mappings.
/// </remarks>
public static class CtcaeVocabulary
{
    /// <summary>Vocabulary version.</summary>
    public const string Version = "5.0";

    private const string Investigations = "Investigations";
    private const string Blood = "Blood and lymphatic system disorders";
    private const string Gi = "Gastrointestinal disorders";
    private const string General = "General disorders and administration site conditions";
    private const string Skin = "Skin and subcutaneous tissue disorders";
    private const string Metabolism = "Metabolism and nutrition disorders";
    private const string Endocrine = "Endocrine disorders";

    private static readonly SuspectedTreatment[] Rt = [SuspectedTreatment.RT];
    private static readonly SuspectedTreatment[] Pd1 = [SuspectedTreatment.AntiPd1];
    private static readonly SuspectedTreatment[] Tace = [SuspectedTreatment.Tace];
    private static readonly SuspectedTreatment[] Sora = [SuspectedTreatment.Sorafenib];
    private static readonly SuspectedTreatment[] All = [SuspectedTreatment.RT, SuspectedTreatment.AntiPd1, SuspectedTreatment.Tace, SuspectedTreatment.Sorafenib];

    private static readonly CtcaeTerm[] TermList =
    [
        // Table 3 of Li et al. 2022 (treatment-related AEs, CTCAE 5.0).
        new("Aspartate aminotransferase increased", 10003481, Investigations, 1, 4, All, ReferenceStudyLabel: "Increased AST",
            Note: "Also used for immune-mediated hepatitis and the transaminase rise after TACE"),
        new("Alanine aminotransferase increased", 10001551, Investigations, 1, 4, All, ReferenceStudyLabel: "Increased ALT",
            Note: "Also used for immune-mediated hepatitis and the transaminase rise after TACE"),
        new("Palmar-plantar erythrodysesthesia syndrome", 10054524, Skin, 1, 3, Sora, ReferenceStudyLabel: "Hand-foot skin reaction",
            Note: "Sorafenib hand-foot skin reaction is graded here"),
        new("Anemia", 10002272, Blood, 1, 5, All, ReferenceStudyLabel: "Decreased hemoglobin"),
        // Grades 4-5 were removed for hypoalbuminemia in v5.0 as far as I know (v4.03 had them); verify against the NCI sheet.
        new("Hypoalbuminemia", 10020942, Metabolism, 1, 3, [SuspectedTreatment.Tace, SuspectedTreatment.Sorafenib, SuspectedTreatment.RT],
            ReferenceStudyLabel: "Decreased albumin"),
        new("White blood cell decreased", 10049182, Investigations, 1, 4, [SuspectedTreatment.RT, SuspectedTreatment.AntiPd1, SuspectedTreatment.Tace],
            ReferenceStudyLabel: "Decreased white blood cell"),
        new("Blood bilirubin increased", 10005364, Investigations, 1, 4, All, ReferenceStudyLabel: "Increased blood bilirubin"),
        new("Platelet count decreased", 10035528, Investigations, 1, 4, All, ReferenceStudyLabel: "Decreased platelet count"),

        // Other laboratory toxicities.
        new("Neutrophil count decreased", 10029366, Investigations, 1, 4, [SuspectedTreatment.RT, SuspectedTreatment.Tace]),
        new("Lymphocyte count decreased", 10025256, Investigations, 1, 4, Rt),
        new("GGT increased", 10056910, Investigations, 1, 4, [SuspectedTreatment.Tace, SuspectedTreatment.Sorafenib]),
        new("Alkaline phosphatase increased", 10001675, Investigations, 1, 4, [SuspectedTreatment.Tace, SuspectedTreatment.AntiPd1]),
        new("Creatinine increased", 10011368, Investigations, 1, 4, Tace, Note: "Cisplatin TACE nephrotoxicity"),
        new("Lipase increased", 10024574, Investigations, 1, 4, Sora),
        new("Weight loss", 10047895, Investigations, 1, 3, Sora),

        // Constitutional and gastrointestinal (post-embolization syndrome components, RT, sorafenib).
        new("Fatigue", 10016256, General, 1, 3, All),
        new("Fever", 10016558, General, 1, 5, [SuspectedTreatment.Tace, SuspectedTreatment.AntiPd1], Note: "Post-embolization syndrome component"),
        new("Chills", 10008531, General, 1, 3, Tace),
        // CTCAE v6.0 (MedDRA 28) lists Diarrhea under 10012727 (the Diarrhoea PT); v5.0 uses the LLT 10012735.
        new("Diarrhea", 10012735, Gi, 1, 5, [SuspectedTreatment.Sorafenib, SuspectedTreatment.AntiPd1]),
        new("Nausea", 10028813, Gi, 1, 3, [SuspectedTreatment.Tace, SuspectedTreatment.RT, SuspectedTreatment.Sorafenib], Note: "Post-embolization syndrome component"),
        new("Vomiting", 10047700, Gi, 1, 5, [SuspectedTreatment.Tace, SuspectedTreatment.RT], Note: "Post-embolization syndrome component"),
        new("Abdominal pain", 10000081, Gi, 1, 3, [SuspectedTreatment.Tace, SuspectedTreatment.RT], Note: "Post-embolization syndrome component"),
        new("Constipation", 10010774, Gi, 1, 5, Tace),
        new("Mucositis oral", 10028130, Gi, 1, 5, Sora),
        new("Colitis", 10009887, Gi, 1, 5, Pd1, Note: "Immune-related"),
        new("Gastric ulcer", 10017822, Gi, 1, 5, Rt, Note: "Upper-abdominal radiotherapy"),
        new("Duodenal ulcer", 10013836, Gi, 1, 5, Rt, Note: "Upper-abdominal radiotherapy"),
        new("Ascites", 10003445, Gi, 1, 5, [SuspectedTreatment.RT, SuspectedTreatment.Tace]),
        new("Anorexia", 10002646, Metabolism, 1, 5, [SuspectedTreatment.Sorafenib, SuspectedTreatment.Tace]),

        // Hepatic.
        new("Hepatic failure", 10019663, "Hepatobiliary disorders", 3, 5, [SuspectedTreatment.RT, SuspectedTreatment.Tace],
            Note: "Radiation-induced liver disease, post-TACE decompensation"),

        // Skin.
        new("Alopecia", 10001760, Skin, 1, 2, Sora),
        new("Rash maculo-papular", 10037868, Skin, 1, 3, [SuspectedTreatment.AntiPd1, SuspectedTreatment.Sorafenib], Note: "Immune-related when due to anti-PD1"),
        new("Pruritus", 10037087, Skin, 1, 3, Pd1, Note: "Immune-related"),
        new("Dry skin", 10013786, Skin, 1, 3, Sora),
        new("Dermatitis radiation", 10061103, "Injury, poisoning and procedural complications", 1, 5, Rt),
        new("Reactive cutaneous capillary endothelial proliferation", null, Skin, 1, 5, Pd1, IsCtcaeTerm: false,
            Note: "Camrelizumab-specific (RCCEP); not a CTCAE v5.0 term and no MedDRA LLT. Graded on the camrelizumab RCCEP scale; in CTCAE terms it maps to 'Skin and subcutaneous tissue disorders - Other, specify'"),

        // Vascular and respiratory.
        new("Hypertension", 10020772, "Vascular disorders", 1, 5, Sora),
        new("Epistaxis", 10015090, "Respiratory, thoracic and mediastinal disorders", 1, 5, Sora),
        new("Pneumonitis", 10035742, "Respiratory, thoracic and mediastinal disorders", 1, 5, [SuspectedTreatment.AntiPd1, SuspectedTreatment.RT],
            Note: "Immune-related or radiation pneumonitis"),

        // Immune-related endocrine and other.
        new("Hypothyroidism", 10021114, Endocrine, 1, 5, Pd1, Note: "Immune-related"),
        new("Hyperthyroidism", 10020850, Endocrine, 1, 5, Pd1, Note: "Immune-related"),
        new("Adrenal insufficiency", 10001367, Endocrine, 1, 5, Pd1, Note: "Immune-related"),
        new("Hypophysitis", 10062767, Endocrine, 1, 5, Pd1, Note: "Immune-related"),
        new("Infusion related reaction", 10051792, "Injury, poisoning and procedural complications", 1, 5, Pd1),
        new("Arthralgia", 10003239, "Musculoskeletal and connective tissue disorders", 1, 3, Pd1),
        new("Myalgia", 10028411, "Musculoskeletal and connective tissue disorders", 1, 3, Pd1),
        new("Dysgeusia", 10013911, "Nervous system disorders", 1, 2, Sora),

        // Death NOS is grade 5 only. Code 10011906 is the MedDRA "Death" code as I recall it for CTCAE v5.0; verify.
        new("Death NOS", 10011906, General, 5, 5, []),
    ];

    private static readonly Dictionary<string, CtcaeTerm> ByTerm = BuildByTerm();
    private static readonly Dictionary<int, CtcaeTerm> ByCode = BuildByCode();

    // Common non-CTCAE wording (including the reference study's Table 3 labels) → suggestion. Suggestions only:
    // the registry stores CTCAE terms, so these are still rejected.
    private static readonly Dictionary<string, string> Suggestions = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Hand-foot skin reaction"] = "Palmar-plantar erythrodysesthesia syndrome",
        ["Hand-foot syndrome"] = "Palmar-plantar erythrodysesthesia syndrome",
        ["HFSR"] = "Palmar-plantar erythrodysesthesia syndrome",
        ["Increased AST"] = "Aspartate aminotransferase increased",
        ["AST increased"] = "Aspartate aminotransferase increased",
        ["Increased ALT"] = "Alanine aminotransferase increased",
        ["ALT increased"] = "Alanine aminotransferase increased",
        ["Decreased hemoglobin"] = "Anemia",
        ["Anaemia"] = "Anemia",
        ["Decreased albumin"] = "Hypoalbuminemia",
        ["Decreased white blood cell"] = "White blood cell decreased",
        ["Leukopenia"] = "White blood cell decreased",
        ["Increased blood bilirubin"] = "Blood bilirubin increased",
        ["Hyperbilirubinemia"] = "Blood bilirubin increased",
        ["Decreased platelet count"] = "Platelet count decreased",
        ["Thrombocytopenia"] = "Platelet count decreased",
        ["Neutropenia"] = "Neutrophil count decreased",
        ["Pyrexia"] = "Fever",
        ["Diarrhoea"] = "Diarrhea",
        ["Decreased appetite"] = "Anorexia",
        ["Rash"] = "Rash maculo-papular",
        ["Stomatitis"] = "Mucositis oral",
        ["Radiation pneumonitis"] = "Pneumonitis",
        ["Radiation dermatitis"] = "Dermatitis radiation",
        ["RCCEP"] = "Reactive cutaneous capillary endothelial proliferation",
        ["Hepatitis"] = "Alanine aminotransferase increased / Aspartate aminotransferase increased (CTCAE v5.0 has no non-infectious hepatitis term)",
        ["Immune-mediated hepatitis"] = "Alanine aminotransferase increased / Aspartate aminotransferase increased (CTCAE v5.0 has no non-infectious hepatitis term)",
        ["Post-embolization syndrome"] = "Fever, Abdominal pain, Nausea, Vomiting recorded separately (not a CTCAE term)",
    };

    /// <summary>All terms, in vocabulary order.</summary>
    public static IReadOnlyList<CtcaeTerm> Terms => TermList;

    /// <summary>Finds a term by name, case-insensitively and ignoring surrounding spaces.</summary>
    public static CtcaeTerm? FindByTerm(string? term) =>
        term is not null && ByTerm.TryGetValue(term.Trim(), out var t) ? t : null;

    /// <summary>Finds a term by its MedDRA LLT code.</summary>
    public static CtcaeTerm? FindByCode(int meddraCode) => ByCode.GetValueOrDefault(meddraCode);

    /// <summary>Validates an adverse event's term, grade and, when given, MedDRA code and CTCAE version.</summary>
    /// <param name="term">CTCAE term.</param>
    /// <param name="grade">Grade 1-5.</param>
    /// <param name="meddraCode">MedDRA LLT code, checked against the term when given.</param>
    /// <param name="ctcaeVersion">CTCAE version; only "5.0" (or null, meaning 5.0) is accepted.</param>
    /// <param name="vocabularyReference">Where the caller can read the term list, appended to unknown-term messages.</param>
    public static CtcaeValidationResult Validate(
        string? term, int grade, int? meddraCode = null, string? ctcaeVersion = null,
        string vocabularyReference = "the registry's CTCAE v5.0 term list")
    {
        if (ctcaeVersion is not null && !string.Equals(ctcaeVersion.Trim(), Version, StringComparison.Ordinal))
        {
            return Reject(null, "ctcaeVersion", $"CTCAE version '{ctcaeVersion}' is not supported; the vocabulary is CTCAE v{Version}");
        }

        if (string.IsNullOrWhiteSpace(term))
        {
            return Reject(null, "term", $"A CTCAE term is required; see {vocabularyReference}");
        }

        var entry = FindByTerm(term);
        if (entry is null)
        {
            var hint = Suggestions.TryGetValue(term.Trim(), out var s) ? $" Use: {s}." : string.Empty;
            if (hint.Length == 0 && meddraCode is { } c && FindByCode(c) is { } byCode)
            {
                hint = $" MedDRA code {Fmt.I(c)} is '{byCode.Term}'.";
            }

            return Reject(null, "term", $"'{term.Trim()}' is not a CTCAE v{Version} term in the registry vocabulary.{hint} See {vocabularyReference}");
        }

        if (grade is < 1 or > 5)
        {
            return Reject(entry, "grade", $"Grade {Fmt.I(grade)} is out of range: CTCAE grades are 1-5 ('{entry.Term}' allows {entry.AllowedGrades})");
        }

        if (!entry.AllowsGrade(grade))
        {
            return Reject(entry, "grade", $"Grade {Fmt.I(grade)} is not defined for '{entry.Term}' in CTCAE v{Version} (allowed {(entry.MinGrade == entry.MaxGrade ? "grade" : "grades")} {entry.AllowedGrades})");
        }

        if (meddraCode is { } code && code != entry.MeddraCode)
        {
            var other = FindByCode(code);
            var expected = entry.MeddraCode is { } e ? Fmt.I(e) : "none (not a CTCAE term)";
            var actual = other is null ? "an unknown code" : $"the code of '{other.Term}'";
            return Reject(entry, "meddraCode", $"MedDRA code {Fmt.I(code)} does not match '{entry.Term}' (expected {expected}); {Fmt.I(code)} is {actual}");
        }

        return new CtcaeValidationResult(true, entry, null, null);
    }

    private static CtcaeValidationResult Reject(CtcaeTerm? entry, string field, string error) => new(false, entry, field, error);

    private static Dictionary<string, CtcaeTerm> BuildByTerm()
    {
        var d = new Dictionary<string, CtcaeTerm>(TermList.Length, StringComparer.OrdinalIgnoreCase);
        foreach (var t in TermList)
        {
            d.Add(t.Term, t);
        }

        return d;
    }

    private static Dictionary<int, CtcaeTerm> BuildByCode()
    {
        var d = new Dictionary<int, CtcaeTerm>(TermList.Length);
        foreach (var t in TermList)
        {
            if (t.MeddraCode is { } c)
            {
                d.Add(c, t);
            }
        }

        return d;
    }
}
