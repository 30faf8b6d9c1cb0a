using HccOutcomes.Domain;
using HccOutcomes.Domain.Outcomes;
using HccOutcomes.Domain.TimeToEvent;

namespace HccOutcomes.Infrastructure.Outcomes;

/// <summary>
/// How a patient's derived outcomes are stored: one row per patient (table <c>patient_outcomes</c>), the best
/// overall response under each criteria, the three time-to-event parameters and the safety summary as column groups,
/// and the per-term safety rows as a jsonb list. Every patient has exactly these, so one row holds them, and a write
/// costs one row and one statement (ADR 0006). The long,
/// ADaM-like shapes (<c>response_outcomes</c>, <c>time_to_event_outcomes</c>, <c>safety_outcomes</c>,
/// <c>safety_term_outcomes</c>) are SQL views over this table, for analysts who query the database directly.
/// </summary>
public sealed class StoredOutcomes
{
    /// <summary>Parameter codes of the three time-to-event column groups.</summary>
    public const string OsCode = "OS", PfsRecistCode = "PFS_RECIST", PfsMrecistCode = "PFS_MRECIST", PfsClinCode = TimeToEventDeriver.ClinicalPfsCode;

    /// <summary>Patient (the key).</summary>
    public Guid PatientId { get; set; }

    /// <summary>Cohort (denormalised for cohort-wide reads).</summary>
    public Guid CohortId { get; set; }

    /// <summary>Best overall response, RECIST 1.1.</summary>
    public ResponseOutcome Recist { get; set; } = new();

    /// <summary>Best overall response, mRECIST.</summary>
    public ResponseOutcome Mrecist { get; set; } = new();

    /// <summary>Overall survival.</summary>
    public TimeToEventOutcome Os { get; set; } = new();

    /// <summary>Progression-free survival, RECIST 1.1.</summary>
    public TimeToEventOutcome PfsRecist { get; set; } = new();

    /// <summary>Progression-free survival, mRECIST.</summary>
    public TimeToEventOutcome PfsMrecist { get; set; } = new();

    /// <summary>Progression-free survival counting clinical progression (radiological per RECIST 1.1).</summary>
    public TimeToEventOutcome PfsClin { get; set; } = new();

    /// <summary>Safety summary.</summary>
    public SafetyOutcome Safety { get; set; } = new();

    /// <summary>Version of the cohort's derivation settings these outcomes were derived under.</summary>
    public int SettingsVersion { get; set; } = 1;

    /// <summary>Data cut-off these outcomes were derived at; null when every record was used.</summary>
    public DateOnly? DataCutoffDate { get; set; }

    /// <summary>Worst grades per CTCAE term.</summary>
    public List<StoredSafetyTerm> SafetyTerms { get; set; } = [];

    /// <summary>The stored form of <paramref name="outcomes"/> (as derived by <see cref="OutcomeDeriver"/>).</summary>
    public static StoredOutcomes From(Guid patientId, Guid cohortId, PatientOutcomes outcomes) => new()
    {
        PatientId = patientId,
        CohortId = cohortId,
        Recist = outcomes.Responses.Single(r => r.Criteria == Criteria.Recist11),
        Mrecist = outcomes.Responses.Single(r => r.Criteria == Criteria.MRecist),
        Os = outcomes.TimeToEvents.Single(t => t.ParamCd == OsCode),
        PfsRecist = outcomes.TimeToEvents.Single(t => t.ParamCd == PfsRecistCode),
        PfsMrecist = outcomes.TimeToEvents.Single(t => t.ParamCd == PfsMrecistCode),
        PfsClin = outcomes.TimeToEvents.Single(t => t.ParamCd == PfsClinCode),
        Safety = outcomes.Safety,
        SettingsVersion = outcomes.Settings.Version,
        DataCutoffDate = outcomes.Settings.DataCutoffDate,
        SafetyTerms = outcomes.SafetyTerms.Select(StoredSafetyTerm.From).ToList(),
    };

    /// <summary>Both responses, RECIST 1.1 first, with their keys filled in.</summary>
    public IReadOnlyList<ResponseOutcome> Responses() => [Keyed(Recist, Criteria.Recist11), Keyed(Mrecist, Criteria.MRecist)];

    /// <summary>The time-to-event rows in parameter-code order (OS, PFSCLIN, PFS_MRECIST, PFS_RECIST), with their keys filled in.</summary>
    public IReadOnlyList<TimeToEventOutcome> TimeToEvents() =>
        [Keyed(Os, OsCode), Keyed(PfsClin, PfsClinCode), Keyed(PfsMrecist, PfsMrecistCode), Keyed(PfsRecist, PfsRecistCode)];

    /// <summary>The safety summary with its keys filled in.</summary>
    public SafetyOutcome KeyedSafety()
    {
        Safety.PatientId = PatientId;
        Safety.CohortId = CohortId;
        return Safety;
    }

    /// <summary>The per-term rows in term order.</summary>
    public IReadOnlyList<SafetyTermOutcome> Terms() =>
        SafetyTerms.OrderBy(t => t.Term, StringComparer.Ordinal).Select(t => t.ToOutcome(PatientId, CohortId)).ToList();

    private ResponseOutcome Keyed(ResponseOutcome response, Criteria criteria)
    {
        response.PatientId = PatientId;
        response.CohortId = CohortId;
        response.Criteria = criteria;
        return response;
    }

    private TimeToEventOutcome Keyed(TimeToEventOutcome row, string code)
    {
        row.PatientId = PatientId;
        row.CohortId = CohortId;
        row.ParamCd = code;
        return row;
    }
}

/// <summary>One element of <see cref="StoredOutcomes.SafetyTerms"/>: <see cref="SafetyTermOutcome"/> without the keys of its row.</summary>
/// <param name="Term">CTCAE term.</param>
/// <param name="MeddraCode">MedDRA code.</param>
/// <param name="WorstGrade">Worst grade among all treatment-emergent AEs of the term.</param>
/// <param name="WorstGradeTreatmentRelated">Worst grade among treatment-related ones.</param>
/// <param name="EventCount">Number of AEs.</param>
/// <param name="TreatmentRelatedCount">Number of treatment-related AEs.</param>
/// <param name="AnySerious">Any serious.</param>
/// <param name="Reasoning">Which events gave the worst grades.</param>
public sealed record StoredSafetyTerm(
    string Term, int? MeddraCode, int WorstGrade, int? WorstGradeTreatmentRelated, int EventCount, int TreatmentRelatedCount, bool AnySerious,
    string Reasoning)
{
    /// <summary>The stored form of <paramref name="term"/>.</summary>
    public static StoredSafetyTerm From(SafetyTermOutcome term) => new(
        term.Term, term.MeddraCode, term.WorstGrade, term.WorstGradeTreatmentRelated, term.EventCount, term.TreatmentRelatedCount, term.AnySerious,
        term.Reasoning);

    /// <summary>The row of the given patient.</summary>
    public SafetyTermOutcome ToOutcome(Guid patientId, Guid cohortId) => new()
    {
        PatientId = patientId,
        CohortId = cohortId,
        Term = Term,
        MeddraCode = MeddraCode,
        WorstGrade = WorstGrade,
        WorstGradeTreatmentRelated = WorstGradeTreatmentRelated,
        EventCount = EventCount,
        TreatmentRelatedCount = TreatmentRelatedCount,
        AnySerious = AnySerious,
        Reasoning = Reasoning,
    };
}
