namespace HccOutcomes.Infrastructure.Persistence.Migrations;

// What EF Core cannot declare: the long outcome views, the columns without planner statistics, and the API's role.
public partial class InitialSchema
{
    private const string ResponseColumns =
        "source, best_overall_response, objective_response, disease_control, response_date, time_to_response_days, " +
        "duration_of_response_days, duration_of_response_censored, best_percent_change, baseline_sum_mm, reasoning";

    private const string TimeToEventColumns =
        "param, start_date, analysis_date, days, months, censored, event_description, source_record, reasoning";

    private const string SafetyColumns =
        "worst_grade, worst_grade_treatment_related, any_grade3plus_treatment_related, treatment_related_death, " +
        "treatment_emergent_count, excluded_count, window_start, window_end, reasoning";

    // The derived outcomes are stored one row per patient (patient_outcomes, column groups per criteria and parameter).
    // These views give analysts who query from psql or R the long, ADaM-like shapes: one row per patient and criteria,
    // parameter or CTCAE term.
    private static readonly string LongOutcomeViews = $"""
        CREATE VIEW response_outcomes AS
            SELECT patient_id, cohort_id, 'Recist11'::varchar(10) AS criteria, {Aliased("recist_", ResponseColumns)} FROM patient_outcomes
            UNION ALL
            SELECT patient_id, cohort_id, 'MRecist'::varchar(10), {Aliased("mrecist_", ResponseColumns)} FROM patient_outcomes;
        CREATE VIEW time_to_event_outcomes AS
            SELECT patient_id, cohort_id, 'OS'::varchar(20) AS param_cd, {Aliased("os_", TimeToEventColumns)} FROM patient_outcomes
            UNION ALL
            SELECT patient_id, cohort_id, 'PFS_RECIST'::varchar(20), {Aliased("pfs_recist_", TimeToEventColumns)} FROM patient_outcomes
            UNION ALL
            SELECT patient_id, cohort_id, 'PFS_MRECIST'::varchar(20), {Aliased("pfs_mrecist_", TimeToEventColumns)} FROM patient_outcomes
            UNION ALL
            SELECT patient_id, cohort_id, 'PFSCLIN'::varchar(20), {Aliased("pfs_clin_", TimeToEventColumns)} FROM patient_outcomes;
        CREATE VIEW safety_outcomes AS
            SELECT patient_id, cohort_id, {Aliased("safety_", SafetyColumns)} FROM patient_outcomes;
        CREATE VIEW safety_term_outcomes AS
            SELECT o.patient_id, o.cohort_id, t.term::varchar(200) AS term, t."meddraCode" AS meddra_code, t."worstGrade" AS worst_grade,
                   t."worstGradeTreatmentRelated" AS worst_grade_treatment_related, t."eventCount" AS event_count,
                   t."treatmentRelatedCount" AS treatment_related_count, t."anySerious" AS any_serious, t.reasoning
            FROM patient_outcomes o
            CROSS JOIN LATERAL jsonb_to_recordset(o.safety_terms) AS t(
                term text, "meddraCode" integer, "worstGrade" integer, "worstGradeTreatmentRelated" integer, "eventCount" integer,
                "treatmentRelatedCount" integer, "anySerious" boolean, reasoning text);
        """;

    // No query filters, joins or groups on the derived rows' reasoning texts or term list; sampling them made each
    // ANALYZE of patient_outcomes cost a core for over a second (ADR 0011). Every other column keeps the default.
    private const string OpaqueOutcomeColumnsWithoutStatistics = """
        ALTER TABLE patient_outcomes
            ALTER COLUMN recist_reasoning SET STATISTICS 0,
            ALTER COLUMN mrecist_reasoning SET STATISTICS 0,
            ALTER COLUMN os_reasoning SET STATISTICS 0,
            ALTER COLUMN pfs_recist_reasoning SET STATISTICS 0,
            ALTER COLUMN pfs_mrecist_reasoning SET STATISTICS 0,
            ALTER COLUMN pfs_clin_reasoning SET STATISTICS 0,
            ALTER COLUMN safety_reasoning SET STATISTICS 0,
            ALTER COLUMN safety_terms SET STATISTICS 0;
        """;

    // The API connects as a member of hcc_api: it reads and writes registry rows, may only append to the audit trail,
    // and cannot change the schema (migrations run as the owner). A DBA may create the role beforehand.
    private const string ApiRoleWithAppendOnlyAudit = """
        DO $$ BEGIN
            IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'hcc_api') THEN CREATE ROLE hcc_api NOLOGIN; END IF;
        END $$;
        GRANT USAGE ON SCHEMA public TO hcc_api;
        GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO hcc_api;
        GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO hcc_api;
        ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO hcc_api;
        ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO hcc_api;
        REVOKE INSERT, UPDATE, DELETE ON __ef_migrations_history FROM hcc_api;
        REVOKE UPDATE, DELETE, TRUNCATE ON audit_entries FROM hcc_api;
        CREATE FUNCTION audit_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $f$
        BEGIN
            RAISE EXCEPTION 'The audit trail is append-only: % is refused.', TG_OP USING ERRCODE = 'insufficient_privilege';
        END $f$;
        CREATE TRIGGER audit_entries_append_only BEFORE UPDATE OR DELETE ON audit_entries
            FOR EACH STATEMENT EXECUTE FUNCTION audit_entries_append_only();
        """;

    private const string DropAuditTrigger = """
        DROP TRIGGER audit_entries_append_only ON audit_entries;
        DROP FUNCTION audit_entries_append_only();
        """;

    private const string DropLongOutcomeViews = "DROP VIEW response_outcomes, time_to_event_outcomes, safety_outcomes, safety_term_outcomes;";

    private static string Aliased(string prefix, string columns) =>
        string.Join(", ", columns.Split(", ").Select(c => $"{prefix}{c} AS {c}"));
}
