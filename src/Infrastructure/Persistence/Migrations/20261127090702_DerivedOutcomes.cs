using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HccOutcomes.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class DerivedOutcomes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "response_outcomes",
                columns: table => new
                {
                    patient_id = table.Column<Guid>(type: "uuid", nullable: false),
                    criteria = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    cohort_id = table.Column<Guid>(type: "uuid", nullable: false),
                    source = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    best_overall_response = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    objective_response = table.Column<bool>(type: "boolean", nullable: false),
                    disease_control = table.Column<bool>(type: "boolean", nullable: false),
                    response_date = table.Column<DateOnly>(type: "date", nullable: true),
                    time_to_response_days = table.Column<int>(type: "integer", nullable: true),
                    duration_of_response_days = table.Column<int>(type: "integer", nullable: true),
                    duration_of_response_censored = table.Column<bool>(type: "boolean", nullable: true),
                    best_percent_change = table.Column<double>(type: "double precision", nullable: true),
                    baseline_sum_mm = table.Column<double>(type: "double precision", nullable: true),
                    reasoning = table.Column<string>(type: "text", nullable: false),
                    explanation = table.Column<string>(type: "jsonb", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_response_outcomes", x => new { x.patient_id, x.criteria });
                    table.ForeignKey(
                        name: "fk_response_outcomes_patients_patient_id",
                        column: x => x.patient_id,
                        principalTable: "patients",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "safety_outcomes",
                columns: table => new
                {
                    patient_id = table.Column<Guid>(type: "uuid", nullable: false),
                    cohort_id = table.Column<Guid>(type: "uuid", nullable: false),
                    worst_grade = table.Column<int>(type: "integer", nullable: true),
                    worst_grade_treatment_related = table.Column<int>(type: "integer", nullable: true),
                    any_grade3plus_treatment_related = table.Column<bool>(type: "boolean", nullable: false),
                    treatment_related_death = table.Column<bool>(type: "boolean", nullable: false),
                    treatment_emergent_count = table.Column<int>(type: "integer", nullable: false),
                    excluded_count = table.Column<int>(type: "integer", nullable: false),
                    window_start = table.Column<DateOnly>(type: "date", nullable: false),
                    window_end = table.Column<DateOnly>(type: "date", nullable: true),
                    reasoning = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_safety_outcomes", x => x.patient_id);
                    table.ForeignKey(
                        name: "fk_safety_outcomes_patients_patient_id",
                        column: x => x.patient_id,
                        principalTable: "patients",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "safety_term_outcomes",
                columns: table => new
                {
                    patient_id = table.Column<Guid>(type: "uuid", nullable: false),
                    term = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    cohort_id = table.Column<Guid>(type: "uuid", nullable: false),
                    meddra_code = table.Column<int>(type: "integer", nullable: true),
                    worst_grade = table.Column<int>(type: "integer", nullable: false),
                    worst_grade_treatment_related = table.Column<int>(type: "integer", nullable: true),
                    event_count = table.Column<int>(type: "integer", nullable: false),
                    treatment_related_count = table.Column<int>(type: "integer", nullable: false),
                    any_serious = table.Column<bool>(type: "boolean", nullable: false),
                    reasoning = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_safety_term_outcomes", x => new { x.patient_id, x.term });
                    table.ForeignKey(
                        name: "fk_safety_term_outcomes_patients_patient_id",
                        column: x => x.patient_id,
                        principalTable: "patients",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "time_to_event_outcomes",
                columns: table => new
                {
                    patient_id = table.Column<Guid>(type: "uuid", nullable: false),
                    param_cd = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    cohort_id = table.Column<Guid>(type: "uuid", nullable: false),
                    param = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    start_date = table.Column<DateOnly>(type: "date", nullable: false),
                    analysis_date = table.Column<DateOnly>(type: "date", nullable: false),
                    days = table.Column<int>(type: "integer", nullable: false),
                    months = table.Column<double>(type: "double precision", nullable: false),
                    censored = table.Column<bool>(type: "boolean", nullable: false),
                    event_description = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    source_record = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    reasoning = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_time_to_event_outcomes", x => new { x.patient_id, x.param_cd });
                    table.ForeignKey(
                        name: "fk_time_to_event_outcomes_patients_patient_id",
                        column: x => x.patient_id,
                        principalTable: "patients",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_response_outcomes_cohort_id_criteria",
                table: "response_outcomes",
                columns: new[] { "cohort_id", "criteria" });

            migrationBuilder.CreateIndex(
                name: "ix_safety_outcomes_cohort_id",
                table: "safety_outcomes",
                column: "cohort_id");

            migrationBuilder.CreateIndex(
                name: "ix_safety_term_outcomes_cohort_id",
                table: "safety_term_outcomes",
                column: "cohort_id");

            migrationBuilder.CreateIndex(
                name: "ix_time_to_event_outcomes_cohort_id_param_cd",
                table: "time_to_event_outcomes",
                columns: new[] { "cohort_id", "param_cd" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "response_outcomes");

            migrationBuilder.DropTable(
                name: "safety_outcomes");

            migrationBuilder.DropTable(
                name: "safety_term_outcomes");

            migrationBuilder.DropTable(
                name: "time_to_event_outcomes");
        }
    }
}
