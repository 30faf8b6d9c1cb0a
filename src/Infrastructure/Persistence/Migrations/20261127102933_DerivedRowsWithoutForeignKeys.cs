using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HccOutcomes.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class DerivedRowsWithoutForeignKeys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_response_outcomes_patients_patient_id",
                table: "response_outcomes");

            migrationBuilder.DropForeignKey(
                name: "fk_safety_outcomes_patients_patient_id",
                table: "safety_outcomes");

            migrationBuilder.DropForeignKey(
                name: "fk_safety_term_outcomes_patients_patient_id",
                table: "safety_term_outcomes");

            migrationBuilder.DropForeignKey(
                name: "fk_time_to_event_outcomes_patients_patient_id",
                table: "time_to_event_outcomes");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddForeignKey(
                name: "fk_response_outcomes_patients_patient_id",
                table: "response_outcomes",
                column: "patient_id",
                principalTable: "patients",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "fk_safety_outcomes_patients_patient_id",
                table: "safety_outcomes",
                column: "patient_id",
                principalTable: "patients",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "fk_safety_term_outcomes_patients_patient_id",
                table: "safety_term_outcomes",
                column: "patient_id",
                principalTable: "patients",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "fk_time_to_event_outcomes_patients_patient_id",
                table: "time_to_event_outcomes",
                column: "patient_id",
                principalTable: "patients",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);
        }
    }
}
