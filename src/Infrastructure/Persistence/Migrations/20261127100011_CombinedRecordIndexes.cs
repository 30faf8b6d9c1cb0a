using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HccOutcomes.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class CombinedRecordIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_tumor_assessments_patient_id",
                table: "tumor_assessments");

            migrationBuilder.DropIndex(
                name: "ix_tumor_assessments_patient_id_source_id",
                table: "tumor_assessments");

            migrationBuilder.DropIndex(
                name: "ix_tace_sessions_patient_id",
                table: "tace_sessions");

            migrationBuilder.DropIndex(
                name: "ix_tace_sessions_patient_id_source_id",
                table: "tace_sessions");

            migrationBuilder.DropIndex(
                name: "ix_sorafenib_courses_patient_id",
                table: "sorafenib_courses");

            migrationBuilder.DropIndex(
                name: "ix_sorafenib_courses_patient_id_source_id",
                table: "sorafenib_courses");

            migrationBuilder.DropIndex(
                name: "ix_radiotherapy_courses_patient_id",
                table: "radiotherapy_courses");

            migrationBuilder.DropIndex(
                name: "ix_radiotherapy_courses_patient_id_source_id",
                table: "radiotherapy_courses");

            migrationBuilder.DropIndex(
                name: "ix_follow_ups_patient_id_source_id",
                table: "follow_ups");

            migrationBuilder.DropIndex(
                name: "ix_anti_pd1_cycles_patient_id",
                table: "anti_pd1_cycles");

            migrationBuilder.DropIndex(
                name: "ix_anti_pd1_cycles_patient_id_source_id",
                table: "anti_pd1_cycles");

            migrationBuilder.DropIndex(
                name: "ix_adverse_events_patient_id",
                table: "adverse_events");

            migrationBuilder.DropIndex(
                name: "ix_adverse_events_patient_id_source_id",
                table: "adverse_events");

            migrationBuilder.CreateIndex(
                name: "ix_tumor_assessments_patient_id_source_id",
                table: "tumor_assessments",
                columns: new[] { "patient_id", "source_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_tace_sessions_patient_id_source_id",
                table: "tace_sessions",
                columns: new[] { "patient_id", "source_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_sorafenib_courses_patient_id_source_id",
                table: "sorafenib_courses",
                columns: new[] { "patient_id", "source_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_radiotherapy_courses_patient_id_source_id",
                table: "radiotherapy_courses",
                columns: new[] { "patient_id", "source_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_follow_ups_patient_id_source_id",
                table: "follow_ups",
                columns: new[] { "patient_id", "source_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_anti_pd1_cycles_patient_id_source_id",
                table: "anti_pd1_cycles",
                columns: new[] { "patient_id", "source_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_adverse_events_patient_id_source_id",
                table: "adverse_events",
                columns: new[] { "patient_id", "source_id" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_tumor_assessments_patient_id_source_id",
                table: "tumor_assessments");

            migrationBuilder.DropIndex(
                name: "ix_tace_sessions_patient_id_source_id",
                table: "tace_sessions");

            migrationBuilder.DropIndex(
                name: "ix_sorafenib_courses_patient_id_source_id",
                table: "sorafenib_courses");

            migrationBuilder.DropIndex(
                name: "ix_radiotherapy_courses_patient_id_source_id",
                table: "radiotherapy_courses");

            migrationBuilder.DropIndex(
                name: "ix_follow_ups_patient_id_source_id",
                table: "follow_ups");

            migrationBuilder.DropIndex(
                name: "ix_anti_pd1_cycles_patient_id_source_id",
                table: "anti_pd1_cycles");

            migrationBuilder.DropIndex(
                name: "ix_adverse_events_patient_id_source_id",
                table: "adverse_events");

            migrationBuilder.CreateIndex(
                name: "ix_tumor_assessments_patient_id",
                table: "tumor_assessments",
                column: "patient_id");

            migrationBuilder.CreateIndex(
                name: "ix_tumor_assessments_patient_id_source_id",
                table: "tumor_assessments",
                columns: new[] { "patient_id", "source_id" },
                unique: true,
                filter: "source_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_tace_sessions_patient_id",
                table: "tace_sessions",
                column: "patient_id");

            migrationBuilder.CreateIndex(
                name: "ix_tace_sessions_patient_id_source_id",
                table: "tace_sessions",
                columns: new[] { "patient_id", "source_id" },
                unique: true,
                filter: "source_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_sorafenib_courses_patient_id",
                table: "sorafenib_courses",
                column: "patient_id");

            migrationBuilder.CreateIndex(
                name: "ix_sorafenib_courses_patient_id_source_id",
                table: "sorafenib_courses",
                columns: new[] { "patient_id", "source_id" },
                unique: true,
                filter: "source_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_radiotherapy_courses_patient_id",
                table: "radiotherapy_courses",
                column: "patient_id");

            migrationBuilder.CreateIndex(
                name: "ix_radiotherapy_courses_patient_id_source_id",
                table: "radiotherapy_courses",
                columns: new[] { "patient_id", "source_id" },
                unique: true,
                filter: "source_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_follow_ups_patient_id_source_id",
                table: "follow_ups",
                columns: new[] { "patient_id", "source_id" },
                unique: true,
                filter: "source_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_anti_pd1_cycles_patient_id",
                table: "anti_pd1_cycles",
                column: "patient_id");

            migrationBuilder.CreateIndex(
                name: "ix_anti_pd1_cycles_patient_id_source_id",
                table: "anti_pd1_cycles",
                columns: new[] { "patient_id", "source_id" },
                unique: true,
                filter: "source_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_adverse_events_patient_id",
                table: "adverse_events",
                column: "patient_id");

            migrationBuilder.CreateIndex(
                name: "ix_adverse_events_patient_id_source_id",
                table: "adverse_events",
                columns: new[] { "patient_id", "source_id" },
                unique: true,
                filter: "source_id IS NOT NULL");
        }
    }
}
