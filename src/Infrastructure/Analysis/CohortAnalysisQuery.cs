using HccOutcomes.Domain;
using HccOutcomes.Domain.Conventions;
using HccOutcomes.Domain.Registry;
using HccOutcomes.Infrastructure.Outcomes;
using HccOutcomes.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace HccOutcomes.Infrastructure.Analysis;

/// <summary>One patient as the comparison sees it: baseline characteristics and the derived outcomes (no raw records).</summary>
public sealed class AnalysisPatient
{
    /// <summary>Pseudonymous patient ID.</summary>
    public required string ExternalId { get; init; }

    /// <summary>Treatment arm as recorded.</summary>
    public required string Arm { get; init; }

    /// <summary>Index date.</summary>
    public DateOnly OnStudyDate { get; init; }

    /// <summary>Sex.</summary>
    public Sex Sex { get; init; }

    /// <summary>Age at on-study (years).</summary>
    public int AgeYears { get; init; }

    /// <summary>Body weight (kg).</summary>
    public double? BodyweightKg { get; init; }

    /// <summary>ECOG performance status.</summary>
    public int? Ecog { get; init; }

    /// <summary>Child–Pugh class.</summary>
    public ChildPughClass? ChildPughClass { get; init; }

    /// <summary>BCLC stage.</summary>
    public BclcStage? BclcStage { get; init; }

    /// <summary>Hepatitis B.</summary>
    public bool? Hbv { get; init; }

    /// <summary>Hepatitis C.</summary>
    public bool? Hcv { get; init; }

    /// <summary>Cirrhosis.</summary>
    public bool? Cirrhosis { get; init; }

    /// <summary>AFP (ng/mL).</summary>
    public double? Afp { get; init; }

    /// <summary>Albumin (g/L).</summary>
    public double? Albumin { get; init; }

    /// <summary>Total bilirubin (µmol/L).</summary>
    public double? Bilirubin { get; init; }

    /// <summary>Hemoglobin (g/L).</summary>
    public double? Hemoglobin { get; init; }

    /// <summary>Platelets (10⁹/L).</summary>
    public double? Platelets { get; init; }

    /// <summary>White cells (10⁹/L).</summary>
    public double? Wbc { get; init; }

    /// <summary>Largest tumor diameter (cm).</summary>
    public double? MaxTumorDiameterCm { get; init; }

    /// <summary>Number of intrahepatic lesions.</summary>
    public int? IntrahepaticLesions { get; init; }

    /// <summary>Macrovascular invasion.</summary>
    public bool? MacrovascularInvasion { get; init; }

    /// <summary>Extrahepatic metastasis.</summary>
    public bool? ExtrahepaticMetastasis { get; init; }

    /// <summary>Prior TACE.</summary>
    public bool? PriorTace { get; init; }

    /// <summary>Prior hepatectomy.</summary>
    public bool? PriorHepatectomy { get; init; }

    /// <summary>Prior ablation.</summary>
    public bool? PriorAblation { get; init; }

    /// <summary>Prior systemic therapy.</summary>
    public bool? PriorSystemicTherapy { get; init; }

    /// <summary>ALBI grade.</summary>
    public int? AlbiGrade { get; init; }

    /// <summary>ALBI score.</summary>
    public double? AlbiScore { get; init; }

    /// <summary>Best overall response under RECIST 1.1.</summary>
    public ResponseRow? Recist { get; init; }

    /// <summary>Best overall response under mRECIST.</summary>
    public ResponseRow? MRecist { get; init; }

    /// <summary>Overall survival.</summary>
    public TimeToEventRow? Os { get; init; }

    /// <summary>Progression-free survival, RECIST 1.1.</summary>
    public TimeToEventRow? PfsRecist { get; init; }

    /// <summary>Progression-free survival, mRECIST.</summary>
    public TimeToEventRow? PfsMRecist { get; init; }

    /// <summary>Any treatment-related adverse event of grade 3 or higher.</summary>
    public bool? AnyGrade3PlusTrae { get; init; }

    /// <summary>Treatment-related death.</summary>
    public bool? TreatmentRelatedDeath { get; init; }

    /// <summary>CTCAE terms with a treatment-related event, with the worst treatment-related grade of each.</summary>
    public List<(string Term, int WorstRelatedGrade)> RelatedTerms { get; } = [];

    /// <summary>The best overall response under <paramref name="criteria"/>.</summary>
    public ResponseRow? Response(Criteria criteria) => criteria == Criteria.Recist11 ? Recist : MRecist;

    /// <summary>Progression-free survival under <paramref name="criteria"/>.</summary>
    public TimeToEventRow? Pfs(Criteria criteria) => criteria == Criteria.Recist11 ? PfsRecist : PfsMRecist;
}

/// <summary>A best overall response as the comparison uses it.</summary>
/// <param name="BestOverallResponse">CR, PR, SD, PD or NE.</param>
/// <param name="Source">Measurements, Investigator or None.</param>
/// <param name="BestPercentChange">Best percent change of the target sum (the waterfall value).</param>
/// <param name="TimeToResponseDays">On-study to the first confirmed response.</param>
public sealed record ResponseRow(string BestOverallResponse, string Source, double? BestPercentChange, int? TimeToResponseDays);

/// <summary>A time-to-event outcome as the comparison uses it.</summary>
/// <param name="Months">Time (days / 30.4375).</param>
/// <param name="Censored">True when censored.</param>
public sealed record TimeToEventRow(double Months, bool Censored);

/// <summary>
/// Loads a cohort for comparison in two set-based queries: one wide row per patient (baseline plus derived outcomes)
/// and the per-term treatment-related worst grades.
/// </summary>
public static class CohortAnalysisQuery
{
    // The select list, in the order the reader reads it: each column is named once, here, and read by its enum value.
    private enum Column
    {
        ExternalId, Arm, OnStudyDate, Sex, AgeYears, Bodyweight, Ecog, ChildPugh, Bclc, Hbv, Hcv, Cirrhosis, Afp, Albumin,
        Bilirubin, Hemoglobin, Platelets, Wbc, MaxDiameter, Lesions, Macrovascular, Extrahepatic, PriorTace, PriorHepatectomy,
        PriorAblation, PriorSystemic, AlbiGrade, AlbiScore,
        RecistBor, RecistSource, RecistChange, RecistTtr, MrecistBor, MrecistSource, MrecistChange, MrecistTtr,
        OsMonths, OsCensored, PfsRecistMonths, PfsRecistCensored, PfsMrecistMonths, PfsMrecistCensored,
        AnyGrade3PlusTrae, TreatmentRelatedDeath, PatientId,
    }

    private static readonly Dictionary<Column, string> Source = new()
    {
        [Column.ExternalId] = "p.external_id",
        [Column.Arm] = "p.arm",
        [Column.OnStudyDate] = "p.on_study_date",
        [Column.Sex] = "p.sex",
        [Column.AgeYears] = "p.age_years",
        [Column.Bodyweight] = "p.baseline_bodyweight_kg",
        [Column.Ecog] = "p.baseline_ecog",
        [Column.ChildPugh] = "p.baseline_child_pugh_class",
        [Column.Bclc] = "p.baseline_bclc_stage",
        [Column.Hbv] = "p.baseline_hbv",
        [Column.Hcv] = "p.baseline_hcv",
        [Column.Cirrhosis] = "p.baseline_cirrhosis",
        [Column.Afp] = "p.baseline_afp_ng_per_ml",
        [Column.Albumin] = "p.baseline_albumin_g_per_l",
        [Column.Bilirubin] = "p.baseline_total_bilirubin_umol_per_l",
        [Column.Hemoglobin] = "p.baseline_hemoglobin_g_per_l",
        [Column.Platelets] = "p.baseline_platelets_10e9_per_l",
        [Column.Wbc] = "p.baseline_wbc_10e9_per_l",
        [Column.MaxDiameter] = "p.baseline_max_tumor_diameter_cm",
        [Column.Lesions] = "p.baseline_intrahepatic_lesion_count",
        [Column.Macrovascular] = "p.baseline_macrovascular_invasion",
        [Column.Extrahepatic] = "p.baseline_extrahepatic_metastasis",
        [Column.PriorTace] = "p.baseline_prior_tace",
        [Column.PriorHepatectomy] = "p.baseline_prior_hepatectomy",
        [Column.PriorAblation] = "p.baseline_prior_ablation",
        [Column.PriorSystemic] = "p.baseline_prior_systemic_therapy",
        [Column.AlbiGrade] = "p.albi_grade",
        [Column.AlbiScore] = "p.albi_score",
        [Column.RecistBor] = "o.recist_best_overall_response",
        [Column.RecistSource] = "o.recist_source",
        [Column.RecistChange] = "o.recist_best_percent_change",
        [Column.RecistTtr] = "o.recist_time_to_response_days",
        [Column.MrecistBor] = "o.mrecist_best_overall_response",
        [Column.MrecistSource] = "o.mrecist_source",
        [Column.MrecistChange] = "o.mrecist_best_percent_change",
        [Column.MrecistTtr] = "o.mrecist_time_to_response_days",
        [Column.OsMonths] = "o.os_months",
        [Column.OsCensored] = "o.os_censored",
        [Column.PfsRecistMonths] = "o.pfs_recist_months",
        [Column.PfsRecistCensored] = "o.pfs_recist_censored",
        [Column.PfsMrecistMonths] = "o.pfs_mrecist_months",
        [Column.PfsMrecistCensored] = "o.pfs_mrecist_censored",
        [Column.AnyGrade3PlusTrae] = "o.safety_any_grade3plus_treatment_related",
        [Column.TreatmentRelatedDeath] = "o.safety_treatment_related_death",
        [Column.PatientId] = "p.id",
    };

    // In externalId order, so that sums over patients (and so the last bits of means and SDs) do not depend on the
    // order the rows happen to be stored in or on the plan PostgreSQL picks.
    private static readonly string PatientsSql =
        $"SELECT {string.Join(", ", Enum.GetValues<Column>().Select(c => Source[c]))}\n{DerivedRows.PatientsWithOutcomes}\nORDER BY p.external_id";

    private const string TermsSql = """
        SELECT o.patient_id, t.term, t."worstGradeTreatmentRelated"
        FROM patient_outcomes o CROSS JOIN LATERAL jsonb_to_recordset(o.safety_terms) AS t(term text, "worstGradeTreatmentRelated" integer)
        WHERE o.cohort_id = @cohort AND t."worstGradeTreatmentRelated" IS NOT NULL
        """;

    /// <summary>
    /// The cohort's patients with their outcomes, keyed by the cohort's version (<see cref="CohortVersion"/>), or null
    /// when the cohort does not exist. <paramref name="cached"/> is asked first with the version, so that repeated
    /// comparisons of unchanged data skip the read.
    /// </summary>
    public static async Task<(string Version, List<AnalysisPatient> Patients)?> LoadAsync(
        HccDbContext db, Guid cohortId, Func<string, List<AnalysisPatient>?> cached, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            var version = await CohortVersion.ReadAsync(connection, cohortId, cancellationToken);
            if (version is null)
            {
                return null;
            }

            return (version, cached(version) ?? await ReadAsync(connection, cohortId, cancellationToken));
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// The cohort's patients with outcomes derived on the fly under <paramref name="settings"/> (a per-request data
    /// cut-off), not read from the stored rows; in externalId order like <see cref="LoadAsync"/>.
    /// </summary>
    public static async Task<List<AnalysisPatient>> DeriveAsync(
        HccDbContext db, Guid cohortId, DerivationSettings settings, PersistenceTuning tuning, CancellationToken cancellationToken)
    {
        var patients = new List<AnalysisPatient>();
        await foreach (var (p, o) in DerivedCohort.DeriveAsync(db, cohortId, settings, tuning, cancellationToken))
        {
            var b = p.Baseline;
            var patient = new AnalysisPatient
            {
                ExternalId = p.ExternalId,
                Arm = p.Arm,
                OnStudyDate = p.OnStudyDate,
                Sex = p.Sex,
                AgeYears = p.AgeYears,
                BodyweightKg = b.BodyweightKg,
                Ecog = b.Ecog,
                ChildPughClass = b.ChildPughClass,
                BclcStage = b.BclcStage,
                Hbv = b.Hbv,
                Hcv = b.Hcv,
                Cirrhosis = b.Cirrhosis,
                Afp = b.AfpNgPerMl,
                Albumin = b.AlbuminGPerL,
                Bilirubin = b.TotalBilirubinUmolPerL,
                Hemoglobin = b.HemoglobinGPerL,
                Platelets = b.Platelets10e9PerL,
                Wbc = b.Wbc10e9PerL,
                MaxTumorDiameterCm = b.MaxTumorDiameterCm,
                IntrahepaticLesions = b.IntrahepaticLesionCount,
                MacrovascularInvasion = b.MacrovascularInvasion,
                ExtrahepaticMetastasis = b.ExtrahepaticMetastasis,
                PriorTace = b.PriorTace,
                PriorHepatectomy = b.PriorHepatectomy,
                PriorAblation = b.PriorAblation,
                PriorSystemicTherapy = b.PriorSystemicTherapy,
                AlbiGrade = p.AlbiGrade,
                AlbiScore = p.AlbiScore,
                Recist = new ResponseRow(o.Recist.BestOverallResponse.ToString(), o.Recist.Source.ToString(), o.Recist.BestPercentChange, o.Recist.TimeToResponseDays),
                MRecist = new ResponseRow(o.Mrecist.BestOverallResponse.ToString(), o.Mrecist.Source.ToString(), o.Mrecist.BestPercentChange, o.Mrecist.TimeToResponseDays),
                Os = new TimeToEventRow(o.Os.Months, o.Os.Censored),
                PfsRecist = new TimeToEventRow(o.PfsRecist.Months, o.PfsRecist.Censored),
                PfsMRecist = new TimeToEventRow(o.PfsMrecist.Months, o.PfsMrecist.Censored),
                AnyGrade3PlusTrae = o.Safety.AnyGrade3PlusTreatmentRelated,
                TreatmentRelatedDeath = o.Safety.TreatmentRelatedDeath,
            };
            foreach (var term in o.SafetyTerms)
            {
                if (term.WorstGradeTreatmentRelated is { } grade)
                {
                    patient.RelatedTerms.Add((term.Term, grade));
                }
            }

            patients.Add(patient);
        }

        return patients;
    }

    private static async Task<List<AnalysisPatient>> ReadAsync(NpgsqlConnection connection, Guid cohortId, CancellationToken ct)
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
                    ExternalId = r.GetString((int)Column.ExternalId),
                    Arm = r.GetString((int)Column.Arm),
                    OnStudyDate = r.GetFieldValue<DateOnly>((int)Column.OnStudyDate),
                    Sex = Enum.Parse<Sex>(r.GetString((int)Column.Sex)),
                    AgeYears = r.GetInt32((int)Column.AgeYears),
                    BodyweightKg = D(r, Column.Bodyweight),
                    Ecog = I(r, Column.Ecog),
                    ChildPughClass = r.IsDBNull((int)Column.ChildPugh) ? null : Enum.Parse<ChildPughClass>(r.GetString((int)Column.ChildPugh)),
                    BclcStage = r.IsDBNull((int)Column.Bclc) ? null : Enum.Parse<BclcStage>(r.GetString((int)Column.Bclc)),
                    Hbv = B(r, Column.Hbv),
                    Hcv = B(r, Column.Hcv),
                    Cirrhosis = B(r, Column.Cirrhosis),
                    Afp = D(r, Column.Afp),
                    Albumin = D(r, Column.Albumin),
                    Bilirubin = D(r, Column.Bilirubin),
                    Hemoglobin = D(r, Column.Hemoglobin),
                    Platelets = D(r, Column.Platelets),
                    Wbc = D(r, Column.Wbc),
                    MaxTumorDiameterCm = D(r, Column.MaxDiameter),
                    IntrahepaticLesions = I(r, Column.Lesions),
                    MacrovascularInvasion = B(r, Column.Macrovascular),
                    ExtrahepaticMetastasis = B(r, Column.Extrahepatic),
                    PriorTace = B(r, Column.PriorTace),
                    PriorHepatectomy = B(r, Column.PriorHepatectomy),
                    PriorAblation = B(r, Column.PriorAblation),
                    PriorSystemicTherapy = B(r, Column.PriorSystemic),
                    AlbiGrade = I(r, Column.AlbiGrade),
                    AlbiScore = D(r, Column.AlbiScore),
                    Recist = Response(r, Column.RecistBor, Column.RecistSource, Column.RecistChange, Column.RecistTtr),
                    MRecist = Response(r, Column.MrecistBor, Column.MrecistSource, Column.MrecistChange, Column.MrecistTtr),
                    Os = TimeToEvent(r, Column.OsMonths, Column.OsCensored),
                    PfsRecist = TimeToEvent(r, Column.PfsRecistMonths, Column.PfsRecistCensored),
                    PfsMRecist = TimeToEvent(r, Column.PfsMrecistMonths, Column.PfsMrecistCensored),
                    AnyGrade3PlusTrae = B(r, Column.AnyGrade3PlusTrae),
                    TreatmentRelatedDeath = B(r, Column.TreatmentRelatedDeath),
                });
                ids.Add(r.GetGuid((int)Column.PatientId));
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

    private static ResponseRow? Response(NpgsqlDataReader r, Column bor, Column source, Column change, Column ttr) =>
        r.IsDBNull((int)bor) ? null : new ResponseRow(r.GetString((int)bor), r.GetString((int)source), D(r, change), I(r, ttr));

    private static TimeToEventRow? TimeToEvent(NpgsqlDataReader r, Column months, Column censored) =>
        r.IsDBNull((int)months) ? null : new TimeToEventRow(r.GetDouble((int)months), r.GetBoolean((int)censored));

    private static double? D(NpgsqlDataReader r, Column c) => r.IsDBNull((int)c) ? null : r.GetDouble((int)c);

    private static int? I(NpgsqlDataReader r, Column c) => r.IsDBNull((int)c) ? null : r.GetInt32((int)c);

    private static bool? B(NpgsqlDataReader r, Column c) => r.IsDBNull((int)c) ? null : r.GetBoolean((int)c);
}
