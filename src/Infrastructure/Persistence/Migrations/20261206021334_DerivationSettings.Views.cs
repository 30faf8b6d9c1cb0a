namespace HccOutcomes.Infrastructure.Persistence.Migrations;

// PFSCLIN joins the long time-to-event view; its reasoning text, like the others, has no planner statistics (ADR 0011).
// Rows derived before this migration hold placeholders in the pfs_clin_ columns until the cohort is recomputed.
public partial class DerivationSettings
{
    private const string TimeToEventColumns =
        "param, start_date, analysis_date, days, months, censored, event_description, source_record, reasoning";

    private static readonly string TimeToEventViewWithClinicalPfs = TimeToEventView(withClinicalPfs: true);

    private static readonly string TimeToEventViewWithoutClinicalPfs =
        "DROP VIEW time_to_event_outcomes; " + TimeToEventView(withClinicalPfs: false);

    private const string ClinicalPfsReasoningWithoutStatistics =
        "ALTER TABLE patient_outcomes ALTER COLUMN pfs_clin_reasoning SET STATISTICS 0;";

    private static string TimeToEventView(bool withClinicalPfs) => $"""
        CREATE OR REPLACE VIEW time_to_event_outcomes AS
            SELECT patient_id, cohort_id, 'OS'::varchar(20) AS param_cd, {Aliased("os_")} FROM patient_outcomes
            UNION ALL
            SELECT patient_id, cohort_id, 'PFS_RECIST'::varchar(20), {Aliased("pfs_recist_")} FROM patient_outcomes
            UNION ALL
            SELECT patient_id, cohort_id, 'PFS_MRECIST'::varchar(20), {Aliased("pfs_mrecist_")} FROM patient_outcomes
            {(withClinicalPfs ? $"UNION ALL SELECT patient_id, cohort_id, 'PFSCLIN'::varchar(20), {Aliased("pfs_clin_")} FROM patient_outcomes" : string.Empty)};
        """;

    private static string Aliased(string prefix) =>
        string.Join(", ", TimeToEventColumns.Split(", ").Select(c => $"{prefix}{c} AS {c}"));
}
