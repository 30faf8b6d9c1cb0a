using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HccOutcomes.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class StatisticsOnAccessPathsOnly : Migration
    {
        // ANALYZE keeps statistics only for the columns that queries filter, join or look up on: the patient list's
        // filters and the keys. A growing registry is re-analyzed every ~10 % of new rows, and sampling every clinical
        // column of nine tables cost ~4 % of all CPU under a PUT load (docs/performance.md, stop 15). The opaque
        // document columns are at 0 since RecordsUpdatedInPlace, and patient_outcomes since DerivedOutcomesOneRowPerPatient.
        // Declared first: static fields initialize in text order.
        private static readonly string[] RecordKeys = ["id", "patient_id", "source_id"];

        private static readonly (string Table, string[] Kept)[] AccessPaths =
        [
            ("patients", ["id", "cohort_id", "external_id", "arm", "on_study_date", "baseline_bclc_stage"]),
            ("radiotherapy_courses", RecordKeys),
            ("tace_sessions", RecordKeys),
            ("sorafenib_courses", RecordKeys),
            ("anti_pd1_cycles", RecordKeys),
            ("tumor_assessments", RecordKeys),
            ("adverse_events", RecordKeys),
            ("follow_ups", RecordKeys),
        ];

        // Down restores the default (-1) except where RecordsUpdatedInPlace had set 0.
        private static readonly string[] ZeroBefore = ["lesions", "suspected_treatments", "fractions", "dose_changes", "subsequent_therapies", "content_hash"];

        private static string SetStatistics(string table, IEnumerable<string> keep, int target) => $"""
            DO $$
            DECLARE c name;
            BEGIN
                FOR c IN SELECT attname FROM pg_attribute
                         WHERE attrelid = '{table}'::regclass AND attnum > 0 AND NOT attisdropped
                           AND attname <> ALL (ARRAY['{string.Join("', '", keep)}']::name[])
                LOOP
                    EXECUTE format('ALTER TABLE {table} ALTER COLUMN %I SET STATISTICS {target}', c);
                END LOOP;
            END $$;
            """;

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            foreach (var (table, kept) in AccessPaths)
            {
                migrationBuilder.Sql(SetStatistics(table, kept, 0));
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var (table, kept) in AccessPaths)
            {
                migrationBuilder.Sql(SetStatistics(table, [.. kept, .. ZeroBefore], -1));
            }
        }
    }
}
