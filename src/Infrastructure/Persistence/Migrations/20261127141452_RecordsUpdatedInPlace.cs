using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HccOutcomes.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class RecordsUpdatedInPlace : Migration
    {
        // Opaque document columns no query filters, joins or sorts on: ANALYZE skips them (statistics target 0).
        // Sorting their sampled values (jsonb comparisons, detoasting) was most of every auto-analyze of these tables.
        private static readonly (string Table, string Column)[] UnfilteredDocumentColumns =
        [
            ("tumor_assessments", "lesions"),
            ("adverse_events", "suspected_treatments"),
            ("radiotherapy_courses", "fractions"),
            ("sorafenib_courses", "dose_changes"),
            ("follow_ups", "subsequent_therapies"),
            ("patients", "content_hash"),
        ];

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            foreach (var (table, column) in UnfilteredDocumentColumns)
            {
                migrationBuilder.Sql($"ALTER TABLE {table} ALTER COLUMN {column} SET STATISTICS 0;");
            }

            migrationBuilder.AlterTable(
                name: "tumor_assessments")
                .Annotation("Npgsql:StorageParameter:fillfactor", 80);

            migrationBuilder.AlterTable(
                name: "tace_sessions")
                .Annotation("Npgsql:StorageParameter:fillfactor", 80);

            migrationBuilder.AlterTable(
                name: "sorafenib_courses")
                .Annotation("Npgsql:StorageParameter:fillfactor", 80);

            migrationBuilder.AlterTable(
                name: "radiotherapy_courses")
                .Annotation("Npgsql:StorageParameter:fillfactor", 80);

            migrationBuilder.AlterTable(
                name: "patients")
                .Annotation("Npgsql:StorageParameter:fillfactor", 80);

            migrationBuilder.AlterTable(
                name: "follow_ups")
                .Annotation("Npgsql:StorageParameter:fillfactor", 80);

            migrationBuilder.AlterTable(
                name: "anti_pd1_cycles")
                .Annotation("Npgsql:StorageParameter:fillfactor", 80);

            migrationBuilder.AlterTable(
                name: "adverse_events")
                .Annotation("Npgsql:StorageParameter:fillfactor", 80);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var (table, column) in UnfilteredDocumentColumns)
            {
                migrationBuilder.Sql($"ALTER TABLE {table} ALTER COLUMN {column} SET STATISTICS -1;");
            }

            migrationBuilder.AlterTable(
                name: "tumor_assessments")
                .OldAnnotation("Npgsql:StorageParameter:fillfactor", 80);

            migrationBuilder.AlterTable(
                name: "tace_sessions")
                .OldAnnotation("Npgsql:StorageParameter:fillfactor", 80);

            migrationBuilder.AlterTable(
                name: "sorafenib_courses")
                .OldAnnotation("Npgsql:StorageParameter:fillfactor", 80);

            migrationBuilder.AlterTable(
                name: "radiotherapy_courses")
                .OldAnnotation("Npgsql:StorageParameter:fillfactor", 80);

            migrationBuilder.AlterTable(
                name: "patients")
                .OldAnnotation("Npgsql:StorageParameter:fillfactor", 80);

            migrationBuilder.AlterTable(
                name: "follow_ups")
                .OldAnnotation("Npgsql:StorageParameter:fillfactor", 80);

            migrationBuilder.AlterTable(
                name: "anti_pd1_cycles")
                .OldAnnotation("Npgsql:StorageParameter:fillfactor", 80);

            migrationBuilder.AlterTable(
                name: "adverse_events")
                .OldAnnotation("Npgsql:StorageParameter:fillfactor", 80);
        }
    }
}
