using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HccOutcomes.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class JsonListsAndOutcomeStorage : Migration
    {
        // What PostgreSQL does per written row, cut where the schema alone decides it (docs/performance.md, stop 18):
        // - The record lists that no SQL looks into become json (stored as sent, syntax checked only) instead of jsonb,
        //   which PostgreSQL parsed into its binary form on every write and printed back as text on every read. The
        //   rewrite keeps each column's statistics target (0, StatisticsOnAccessPathsOnly).
        // - patient_outcomes.safety_terms stays jsonb (the comparison reads it with jsonb_to_recordset). It is what makes
        //   the row pass the 2 kB compression threshold, so it is compressed on every write: lz4 from now on instead of
        //   pglz, faster both ways. Stored values keep their pglz form until they are rewritten.
        // - patient_outcomes leaves a fifth of each new page free, as the registry tables do (FillFactor), so that a
        //   replaced patient's outcome row is updated on its page (HOT) rather than moved, with two index entries.
        private static readonly (string Table, string Column)[] RecordLists =
        [
            ("tumor_assessments", "lesions"),
            ("adverse_events", "suspected_treatments"),
            ("radiotherapy_courses", "fractions"),
            ("sorafenib_courses", "dose_changes"),
            ("follow_ups", "subsequent_therapies"),
        ];

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            foreach (var (table, column) in RecordLists)
            {
                migrationBuilder.AlterColumn<string>(
                    name: column, table: table, type: "json", nullable: false, oldClrType: typeof(string), oldType: "jsonb");
            }

            // As SQL: the provider's AlterColumn for a compression method alone ends without a semicolon, so the next
            // statement of a generated script runs into it.
            migrationBuilder.Sql("ALTER TABLE patient_outcomes ALTER COLUMN safety_terms SET COMPRESSION lz4;");
            migrationBuilder.AlterTable(name: "patient_outcomes")
                .Annotation("Npgsql:StorageParameter:fillfactor", 80);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterTable(name: "patient_outcomes")
                .OldAnnotation("Npgsql:StorageParameter:fillfactor", 80);
            migrationBuilder.Sql("ALTER TABLE patient_outcomes ALTER COLUMN safety_terms SET COMPRESSION default;");
            foreach (var (table, column) in RecordLists)
            {
                migrationBuilder.AlterColumn<string>(
                    name: column, table: table, type: "jsonb", nullable: false, oldClrType: typeof(string), oldType: "json");
            }
        }
    }
}
