using HccOutcomes.Domain.Registry;
using HccOutcomes.Infrastructure.Outcomes;
using Npgsql;

namespace HccOutcomes.Api.Analyses;

/// <summary>One patient as the comparison sees it: baseline, and the derived outcome rows (no raw records).</summary>
internal sealed class AnalysisPatient
{
    public required string ExternalId { get; init; }
    public required string Arm { get; init; }
    public DateOnly OnStudyDate { get; init; }
    public Sex Sex { get; init; }
    public int AgeYears { get; init; }
    public double? BodyweightKg { get; init; }
    public int? Ecog { get; init; }
    public ChildPughClass? ChildPughClass { get; init; }
    public BclcStage? BclcStage { get; init; }
    public bool? Hbv { get; init; }
    public bool? Hcv { get; init; }
    public bool? Cirrhosis { get; init; }
    public double? Afp { get; init; }
    public double? Albumin { get; init; }
    public double? Bilirubin { get; init; }
    public double? Hemoglobin { get; init; }
    public double? Platelets { get; init; }
    public double? Wbc { get; init; }
    public double? MaxTumorDiameterCm { get; init; }
    public int? IntrahepaticLesions { get; init; }
    public bool? MacrovascularInvasion { get; init; }
    public bool? ExtrahepaticMetastasis { get; init; }
    public bool? PriorTace { get; init; }
    public bool? PriorHepatectomy { get; init; }
    public bool? PriorAblation { get; init; }
    public bool? PriorSystemicTherapy { get; init; }
    public int? AlbiGrade { get; init; }
    public double? AlbiScore { get; init; }

    public ResponseRow? Recist { get; init; }
    public ResponseRow? MRecist { get; init; }
    public TimeToEventRow? Os { get; init; }
    public TimeToEventRow? PfsRecist { get; init; }
    public TimeToEventRow? PfsMRecist { get; init; }
    public bool? AnyGrade3PlusTrae { get; init; }
    public bool? TreatmentRelatedDeath { get; init; }
    public List<(string Term, int WorstRelatedGrade)> RelatedTerms { get; } = [];

    public ResponseRow? Response(Domain.Criteria criteria) => criteria == Domain.Criteria.Recist11 ? Recist : MRecist;

    public TimeToEventRow? Pfs(Domain.Criteria criteria) => criteria == Domain.Criteria.Recist11 ? PfsRecist : PfsMRecist;
}

internal sealed record ResponseRow(string BestOverallResponse, string Source, double? BestPercentChange, int? TimeToResponseDays);

internal sealed record TimeToEventRow(double Months, bool Censored);

/// <summary>
/// Loads a cohort for comparison in two set-based queries: one wide row per patient (baseline plus derived
/// outcomes) and the per-term treatment-related worst grades.
/// </summary>
internal static class CohortAnalysisData
{
    private const string PatientsSql = $"""
        SELECT p.external_id, p.arm, p.on_study_date, p.sex, p.age_years, p.baseline_bodyweight_kg, p.baseline_ecog,
               p.baseline_child_pugh_class, p.baseline_bclc_stage, p.baseline_hbv, p.baseline_hcv, p.baseline_cirrhosis,
               p.baseline_afp_ng_per_ml, p.baseline_albumin_g_per_l, p.baseline_total_bilirubin_umol_per_l,
               p.baseline_hemoglobin_g_per_l, p.baseline_platelets_10e9_per_l, p.baseline_wbc_10e9_per_l,
               p.baseline_max_tumor_diameter_cm, p.baseline_intrahepatic_lesion_count, p.baseline_macrovascular_invasion,
               p.baseline_extrahepatic_metastasis, p.baseline_prior_tace, p.baseline_prior_hepatectomy, p.baseline_prior_ablation,
               p.baseline_prior_systemic_therapy, p.albi_grade, p.albi_score,
               o.recist_best_overall_response, o.recist_source, o.recist_best_percent_change, o.recist_time_to_response_days,
               o.mrecist_best_overall_response, o.mrecist_source, o.mrecist_best_percent_change, o.mrecist_time_to_response_days,
               o.os_months, o.os_censored, o.pfs_recist_months, o.pfs_recist_censored, o.pfs_mrecist_months, o.pfs_mrecist_censored,
               o.safety_any_grade3plus_treatment_related, o.safety_treatment_related_death, p.id
        {DerivedRows.PatientsWithOutcomes}
        """;

    private const string TermsSql = """
        SELECT o.patient_id, t.term, t."worstGradeTreatmentRelated"
        FROM patient_outcomes o CROSS JOIN LATERAL jsonb_to_recordset(o.safety_terms) AS t(term text, "worstGradeTreatmentRelated" integer)
        WHERE o.cohort_id = @cohort AND t."worstGradeTreatmentRelated" IS NOT NULL
        """;

    public static async Task<List<AnalysisPatient>> LoadAsync(NpgsqlConnection connection, Guid cohortId, CancellationToken ct)
    {
        var patients = new List<AnalysisPatient>();
        var ids = new List<Guid>();
        await using (var command = new NpgsqlCommand(PatientsSql, connection))
        {
            command.Parameters.AddWithValue("cohort", cohortId);
            await using var r = await command.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                patients.Add(new AnalysisPatient
                {
                    ExternalId = r.GetString(0),
                    Arm = r.GetString(1),
                    OnStudyDate = r.GetFieldValue<DateOnly>(2),
                    Sex = Enum.Parse<Sex>(r.GetString(3)),
                    AgeYears = r.GetInt32(4),
                    BodyweightKg = D(r, 5),
                    Ecog = I(r, 6),
                    ChildPughClass = r.IsDBNull(7) ? null : Enum.Parse<ChildPughClass>(r.GetString(7)),
                    BclcStage = r.IsDBNull(8) ? null : Enum.Parse<BclcStage>(r.GetString(8)),
                    Hbv = B(r, 9),
                    Hcv = B(r, 10),
                    Cirrhosis = B(r, 11),
                    Afp = D(r, 12),
                    Albumin = D(r, 13),
                    Bilirubin = D(r, 14),
                    Hemoglobin = D(r, 15),
                    Platelets = D(r, 16),
                    Wbc = D(r, 17),
                    MaxTumorDiameterCm = D(r, 18),
                    IntrahepaticLesions = I(r, 19),
                    MacrovascularInvasion = B(r, 20),
                    ExtrahepaticMetastasis = B(r, 21),
                    PriorTace = B(r, 22),
                    PriorHepatectomy = B(r, 23),
                    PriorAblation = B(r, 24),
                    PriorSystemicTherapy = B(r, 25),
                    AlbiGrade = I(r, 26),
                    AlbiScore = D(r, 27),
                    Recist = r.IsDBNull(28) ? null : new ResponseRow(r.GetString(28), r.GetString(29), D(r, 30), I(r, 31)),
                    MRecist = r.IsDBNull(32) ? null : new ResponseRow(r.GetString(32), r.GetString(33), D(r, 34), I(r, 35)),
                    Os = r.IsDBNull(36) ? null : new TimeToEventRow(r.GetDouble(36), r.GetBoolean(37)),
                    PfsRecist = r.IsDBNull(38) ? null : new TimeToEventRow(r.GetDouble(38), r.GetBoolean(39)),
                    PfsMRecist = r.IsDBNull(40) ? null : new TimeToEventRow(r.GetDouble(40), r.GetBoolean(41)),
                    AnyGrade3PlusTrae = B(r, 42),
                    TreatmentRelatedDeath = B(r, 43),
                });
                ids.Add(r.GetGuid(44));
            }
        }

        if (patients.Count > 0)
        {
            var byId = new Dictionary<Guid, AnalysisPatient>(ids.Count);
            for (var i = 0; i < ids.Count; i++)
            {
                byId[ids[i]] = patients[i];
            }

            await using var command = new NpgsqlCommand(TermsSql, connection);
            command.Parameters.AddWithValue("cohort", cohortId);
            await using var r = await command.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                if (byId.TryGetValue(r.GetGuid(0), out var patient))
                {
                    patient.RelatedTerms.Add((r.GetString(1), r.GetInt32(2)));
                }
            }
        }

        return patients;
    }

    private static double? D(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetDouble(i);

    private static int? I(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetInt32(i);

    private static bool? B(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetBoolean(i);
}
