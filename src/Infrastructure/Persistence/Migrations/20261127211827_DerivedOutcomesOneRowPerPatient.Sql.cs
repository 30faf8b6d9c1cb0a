namespace HccOutcomes.Infrastructure.Persistence.Migrations
{
    // The SQL of this migration: the derived outcomes move from four long tables into one row per patient
    // (patient_outcomes), and the long shapes stay readable under their old names as views over it.
    public partial class DerivedOutcomesOneRowPerPatient
    {
        private const string ResponseColumns =
            "source, best_overall_response, objective_response, disease_control, response_date, time_to_response_days, " +
            "duration_of_response_days, duration_of_response_censored, best_percent_change, baseline_sum_mm, reasoning";

        private const string TimeToEventColumns =
            "param, start_date, analysis_date, days, months, censored, event_description, source_record, reasoning";

        private const string SafetyColumns =
            "worst_grade, worst_grade_treatment_related, any_grade3plus_treatment_related, treatment_related_death, " +
            "treatment_emergent_count, excluded_count, window_start, window_end, reasoning";

        private static string Prefixed(string prefix, string columns) =>
            string.Join(", ", columns.Split(", ").Select(c => prefix + c));

        private static string Aliased(string prefix, string columns) =>
            string.Join(", ", columns.Split(", ").Select(c => $"{prefix}{c} AS {c}"));

        private static readonly string CopyIntoPatientOutcomes = $"""
            INSERT INTO patient_outcomes (patient_id, cohort_id, {Prefixed("recist_", ResponseColumns)}, {Prefixed("mrecist_", ResponseColumns)},
                {Prefixed("os_", TimeToEventColumns)}, {Prefixed("pfs_recist_", TimeToEventColumns)}, {Prefixed("pfs_mrecist_", TimeToEventColumns)},
                {Prefixed("safety_", SafetyColumns)}, safety_terms)
            SELECT s.patient_id, s.cohort_id, {Prefixed("rr.", ResponseColumns)}, {Prefixed("rm.", ResponseColumns)},
                {Prefixed("os.", TimeToEventColumns)}, {Prefixed("pr.", TimeToEventColumns)}, {Prefixed("pm.", TimeToEventColumns)},
                {Prefixed("s.", SafetyColumns)},
                coalesce((SELECT jsonb_agg(jsonb_build_object(
                    'term', t.term, 'meddraCode', t.meddra_code, 'worstGrade', t.worst_grade,
                    'worstGradeTreatmentRelated', t.worst_grade_treatment_related, 'eventCount', t.event_count,
                    'treatmentRelatedCount', t.treatment_related_count, 'anySerious', t.any_serious, 'reasoning', t.reasoning) ORDER BY t.term)
                    FROM safety_term_outcomes t WHERE t.patient_id = s.patient_id), '[]'::jsonb)
            FROM safety_outcomes s
            JOIN response_outcomes rr ON rr.patient_id = s.patient_id AND rr.criteria = 'Recist11'
            JOIN response_outcomes rm ON rm.patient_id = s.patient_id AND rm.criteria = 'MRecist'
            JOIN time_to_event_outcomes os ON os.patient_id = s.patient_id AND os.param_cd = 'OS'
            JOIN time_to_event_outcomes pr ON pr.patient_id = s.patient_id AND pr.param_cd = 'PFS_RECIST'
            JOIN time_to_event_outcomes pm ON pm.patient_id = s.patient_id AND pm.param_cd = 'PFS_MRECIST';
            """;

        // One row per patient and criteria / parameter / term, as the tables were: for SQL users (ADaM-like long form).
        private static readonly string CreateLongViews = $"""
            CREATE VIEW response_outcomes AS
                SELECT patient_id, cohort_id, 'Recist11'::varchar(10) AS criteria, {Aliased("recist_", ResponseColumns)} FROM patient_outcomes
                UNION ALL
                SELECT patient_id, cohort_id, 'MRecist'::varchar(10), {Aliased("mrecist_", ResponseColumns)} FROM patient_outcomes;
            CREATE VIEW time_to_event_outcomes AS
                SELECT patient_id, cohort_id, 'OS'::varchar(20) AS param_cd, {Aliased("os_", TimeToEventColumns)} FROM patient_outcomes
                UNION ALL
                SELECT patient_id, cohort_id, 'PFS_RECIST'::varchar(20), {Aliased("pfs_recist_", TimeToEventColumns)} FROM patient_outcomes
                UNION ALL
                SELECT patient_id, cohort_id, 'PFS_MRECIST'::varchar(20), {Aliased("pfs_mrecist_", TimeToEventColumns)} FROM patient_outcomes;
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

        // Reads address the table by patient and cohort only: ANALYZE skips every other column (statistics target 0).
        // With ~60 columns, many of them text, sampling them was most of every auto-analyze, which a growing registry
        // triggers often (a PUT benchmark spent a fifth of PostgreSQL's CPU in it).
        private const string NoStatisticsButKeys = """
            DO $$
            DECLARE c name;
            BEGIN
                FOR c IN SELECT attname FROM pg_attribute
                         WHERE attrelid = 'patient_outcomes'::regclass AND attnum > 0 AND NOT attisdropped
                           AND attname NOT IN ('patient_id', 'cohort_id')
                LOOP
                    EXECUTE format('ALTER TABLE patient_outcomes ALTER COLUMN %I SET STATISTICS 0', c);
                END LOOP;
            END $$;
            """;

        private const string LongViews = "response_outcomes, time_to_event_outcomes, safety_outcomes, safety_term_outcomes";

        private static readonly string KeepLongRows = $"""
            CREATE TEMP TABLE kept_response_outcomes AS SELECT * FROM response_outcomes;
            CREATE TEMP TABLE kept_time_to_event_outcomes AS SELECT * FROM time_to_event_outcomes;
            CREATE TEMP TABLE kept_safety_outcomes AS SELECT * FROM safety_outcomes;
            CREATE TEMP TABLE kept_safety_term_outcomes AS SELECT * FROM safety_term_outcomes;
            DROP VIEW {LongViews};
            """;

        private static readonly string RestoreLongRows = $"""
            INSERT INTO response_outcomes (patient_id, cohort_id, criteria, {ResponseColumns})
                SELECT patient_id, cohort_id, criteria, {ResponseColumns} FROM kept_response_outcomes;
            INSERT INTO time_to_event_outcomes (patient_id, cohort_id, param_cd, {TimeToEventColumns})
                SELECT patient_id, cohort_id, param_cd, {TimeToEventColumns} FROM kept_time_to_event_outcomes;
            INSERT INTO safety_outcomes (patient_id, cohort_id, {SafetyColumns})
                SELECT patient_id, cohort_id, {SafetyColumns} FROM kept_safety_outcomes;
            INSERT INTO safety_term_outcomes (patient_id, cohort_id, term, meddra_code, worst_grade, worst_grade_treatment_related,
                    event_count, treatment_related_count, any_serious, reasoning)
                SELECT patient_id, cohort_id, term, meddra_code, worst_grade, worst_grade_treatment_related,
                    event_count, treatment_related_count, any_serious, reasoning FROM kept_safety_term_outcomes;
            DROP TABLE kept_response_outcomes, kept_time_to_event_outcomes, kept_safety_outcomes, kept_safety_term_outcomes;
            """;
    }
}
