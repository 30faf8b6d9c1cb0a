using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HccOutcomes.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class DerivedOutcomesOneRowPerPatient : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "patient_outcomes",
                columns: table => new
                {
                    patient_id = table.Column<Guid>(type: "uuid", nullable: false),
                    cohort_id = table.Column<Guid>(type: "uuid", nullable: false),
                    safety_terms = table.Column<string>(type: "jsonb", nullable: false),
                    mrecist_baseline_sum_mm = table.Column<double>(type: "double precision", nullable: true),
                    mrecist_best_overall_response = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    mrecist_best_percent_change = table.Column<double>(type: "double precision", nullable: true),
                    mrecist_disease_control = table.Column<bool>(type: "boolean", nullable: false),
                    mrecist_duration_of_response_censored = table.Column<bool>(type: "boolean", nullable: true),
                    mrecist_duration_of_response_days = table.Column<int>(type: "integer", nullable: true),
                    mrecist_objective_response = table.Column<bool>(type: "boolean", nullable: false),
                    mrecist_reasoning = table.Column<string>(type: "text", nullable: false),
                    mrecist_response_date = table.Column<DateOnly>(type: "date", nullable: true),
                    mrecist_source = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    mrecist_time_to_response_days = table.Column<int>(type: "integer", nullable: true),
                    os_analysis_date = table.Column<DateOnly>(type: "date", nullable: false),
                    os_censored = table.Column<bool>(type: "boolean", nullable: false),
                    os_days = table.Column<int>(type: "integer", nullable: false),
                    os_event_description = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    os_months = table.Column<double>(type: "double precision", nullable: false),
                    os_param = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    os_reasoning = table.Column<string>(type: "text", nullable: false),
                    os_source_record = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    os_start_date = table.Column<DateOnly>(type: "date", nullable: false),
                    pfs_mrecist_analysis_date = table.Column<DateOnly>(type: "date", nullable: false),
                    pfs_mrecist_censored = table.Column<bool>(type: "boolean", nullable: false),
                    pfs_mrecist_days = table.Column<int>(type: "integer", nullable: false),
                    pfs_mrecist_event_description = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    pfs_mrecist_months = table.Column<double>(type: "double precision", nullable: false),
                    pfs_mrecist_param = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    pfs_mrecist_reasoning = table.Column<string>(type: "text", nullable: false),
                    pfs_mrecist_source_record = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    pfs_mrecist_start_date = table.Column<DateOnly>(type: "date", nullable: false),
                    pfs_recist_analysis_date = table.Column<DateOnly>(type: "date", nullable: false),
                    pfs_recist_censored = table.Column<bool>(type: "boolean", nullable: false),
                    pfs_recist_days = table.Column<int>(type: "integer", nullable: false),
                    pfs_recist_event_description = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    pfs_recist_months = table.Column<double>(type: "double precision", nullable: false),
                    pfs_recist_param = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    pfs_recist_reasoning = table.Column<string>(type: "text", nullable: false),
                    pfs_recist_source_record = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    pfs_recist_start_date = table.Column<DateOnly>(type: "date", nullable: false),
                    recist_baseline_sum_mm = table.Column<double>(type: "double precision", nullable: true),
                    recist_best_overall_response = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    recist_best_percent_change = table.Column<double>(type: "double precision", nullable: true),
                    recist_disease_control = table.Column<bool>(type: "boolean", nullable: false),
                    recist_duration_of_response_censored = table.Column<bool>(type: "boolean", nullable: true),
                    recist_duration_of_response_days = table.Column<int>(type: "integer", nullable: true),
                    recist_objective_response = table.Column<bool>(type: "boolean", nullable: false),
                    recist_reasoning = table.Column<string>(type: "text", nullable: false),
                    recist_response_date = table.Column<DateOnly>(type: "date", nullable: true),
                    recist_source = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    recist_time_to_response_days = table.Column<int>(type: "integer", nullable: true),
                    safety_any_grade3plus_treatment_related = table.Column<bool>(type: "boolean", nullable: false),
                    safety_excluded_count = table.Column<int>(type: "integer", nullable: false),
                    safety_reasoning = table.Column<string>(type: "text", nullable: false),
                    safety_treatment_emergent_count = table.Column<int>(type: "integer", nullable: false),
                    safety_treatment_related_death = table.Column<bool>(type: "boolean", nullable: false),
                    safety_window_end = table.Column<DateOnly>(type: "date", nullable: true),
                    safety_window_start = table.Column<DateOnly>(type: "date", nullable: false),
                    safety_worst_grade = table.Column<int>(type: "integer", nullable: true),
                    safety_worst_grade_treatment_related = table.Column<int>(type: "integer", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_patient_outcomes", x => x.patient_id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_patient_outcomes_cohort_id",
                table: "patient_outcomes",
                column: "cohort_id");

            // Existing derived rows move into the new table (they could also be rebuilt with outcomes/recompute).
            migrationBuilder.Sql(CopyIntoPatientOutcomes);

            migrationBuilder.DropTable(
                name: "response_outcomes");

            migrationBuilder.DropTable(
                name: "safety_outcomes");

            migrationBuilder.DropTable(
                name: "safety_term_outcomes");

            migrationBuilder.DropTable(
                name: "time_to_event_outcomes");

            migrationBuilder.Sql(CreateLongViews);
            migrationBuilder.Sql(NoStatisticsButKeys);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(KeepLongRows);

            migrationBuilder.DropTable(
                name: "patient_outcomes");

            migrationBuilder.CreateTable(
                name: "response_outcomes",
                columns: table => new
                {
                    patient_id = table.Column<Guid>(type: "uuid", nullable: false),
                    criteria = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    baseline_sum_mm = table.Column<double>(type: "double precision", nullable: true),
                    best_overall_response = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    best_percent_change = table.Column<double>(type: "double precision", nullable: true),
                    cohort_id = table.Column<Guid>(type: "uuid", nullable: false),
                    disease_control = table.Column<bool>(type: "boolean", nullable: false),
                    duration_of_response_censored = table.Column<bool>(type: "boolean", nullable: true),
                    duration_of_response_days = table.Column<int>(type: "integer", nullable: true),
                    objective_response = table.Column<bool>(type: "boolean", nullable: false),
                    reasoning = table.Column<string>(type: "text", nullable: false),
                    response_date = table.Column<DateOnly>(type: "date", nullable: true),
                    source = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    time_to_response_days = table.Column<int>(type: "integer", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_response_outcomes", x => new { x.patient_id, x.criteria });
                });

            migrationBuilder.CreateTable(
                name: "safety_outcomes",
                columns: table => new
                {
                    patient_id = table.Column<Guid>(type: "uuid", nullable: false),
                    any_grade3plus_treatment_related = table.Column<bool>(type: "boolean", nullable: false),
                    cohort_id = table.Column<Guid>(type: "uuid", nullable: false),
                    excluded_count = table.Column<int>(type: "integer", nullable: false),
                    reasoning = table.Column<string>(type: "text", nullable: false),
                    treatment_emergent_count = table.Column<int>(type: "integer", nullable: false),
                    treatment_related_death = table.Column<bool>(type: "boolean", nullable: false),
                    window_end = table.Column<DateOnly>(type: "date", nullable: true),
                    window_start = table.Column<DateOnly>(type: "date", nullable: false),
                    worst_grade = table.Column<int>(type: "integer", nullable: true),
                    worst_grade_treatment_related = table.Column<int>(type: "integer", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_safety_outcomes", x => x.patient_id);
                });

            migrationBuilder.CreateTable(
                name: "safety_term_outcomes",
                columns: table => new
                {
                    patient_id = table.Column<Guid>(type: "uuid", nullable: false),
                    term = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    any_serious = table.Column<bool>(type: "boolean", nullable: false),
                    cohort_id = table.Column<Guid>(type: "uuid", nullable: false),
                    event_count = table.Column<int>(type: "integer", nullable: false),
                    meddra_code = table.Column<int>(type: "integer", nullable: true),
                    reasoning = table.Column<string>(type: "text", nullable: false),
                    treatment_related_count = table.Column<int>(type: "integer", nullable: false),
                    worst_grade = table.Column<int>(type: "integer", nullable: false),
                    worst_grade_treatment_related = table.Column<int>(type: "integer", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_safety_term_outcomes", x => new { x.patient_id, x.term });
                });

            migrationBuilder.CreateTable(
                name: "time_to_event_outcomes",
                columns: table => new
                {
                    patient_id = table.Column<Guid>(type: "uuid", nullable: false),
                    param_cd = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    analysis_date = table.Column<DateOnly>(type: "date", nullable: false),
                    censored = table.Column<bool>(type: "boolean", nullable: false),
                    cohort_id = table.Column<Guid>(type: "uuid", nullable: false),
                    days = table.Column<int>(type: "integer", nullable: false),
                    event_description = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    months = table.Column<double>(type: "double precision", nullable: false),
                    param = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    reasoning = table.Column<string>(type: "text", nullable: false),
                    source_record = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    start_date = table.Column<DateOnly>(type: "date", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_time_to_event_outcomes", x => new { x.patient_id, x.param_cd });
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

            migrationBuilder.Sql(RestoreLongRows);
        }
    }
}
