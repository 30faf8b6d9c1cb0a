using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HccOutcomes.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class WideRowsKeptInPage : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterTable(
                name: "patient_outcomes")
                .Annotation("Npgsql:StorageParameter:autovacuum_analyze_scale_factor", 0.5)
                .Annotation("Npgsql:StorageParameter:fillfactor", 80)
                .Annotation("Npgsql:StorageParameter:toast_tuple_target", 8160)
                .OldAnnotation("Npgsql:StorageParameter:autovacuum_analyze_scale_factor", 0.5)
                .OldAnnotation("Npgsql:StorageParameter:fillfactor", 80);

            migrationBuilder.AlterTable(
                name: "audit_entries")
                .Annotation("Npgsql:StorageParameter:toast_tuple_target", 8160);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterTable(
                name: "patient_outcomes")
                .Annotation("Npgsql:StorageParameter:autovacuum_analyze_scale_factor", 0.5)
                .Annotation("Npgsql:StorageParameter:fillfactor", 80)
                .OldAnnotation("Npgsql:StorageParameter:autovacuum_analyze_scale_factor", 0.5)
                .OldAnnotation("Npgsql:StorageParameter:fillfactor", 80)
                .OldAnnotation("Npgsql:StorageParameter:toast_tuple_target", 8160);

            migrationBuilder.AlterTable(
                name: "audit_entries")
                .OldAnnotation("Npgsql:StorageParameter:toast_tuple_target", 8160);
        }
    }
}
