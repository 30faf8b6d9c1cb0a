using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HccOutcomes.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class DerivationSettings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateOnly>(
                name: "data_cutoff_date",
                table: "patient_outcomes",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "pfs_clin_analysis_date",
                table: "patient_outcomes",
                type: "date",
                nullable: false,
                defaultValue: new DateOnly(1, 1, 1));

            migrationBuilder.AddColumn<bool>(
                name: "pfs_clin_censored",
                table: "patient_outcomes",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<int>(
                name: "pfs_clin_days",
                table: "patient_outcomes",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "pfs_clin_event_description",
                table: "patient_outcomes",
                type: "character varying(200)",
                maxLength: 200,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<double>(
                name: "pfs_clin_months",
                table: "patient_outcomes",
                type: "double precision",
                nullable: false,
                defaultValue: 0.0);

            migrationBuilder.AddColumn<string>(
                name: "pfs_clin_param",
                table: "patient_outcomes",
                type: "character varying(100)",
                maxLength: 100,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "pfs_clin_reasoning",
                table: "patient_outcomes",
                type: "text",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "pfs_clin_source_record",
                table: "patient_outcomes",
                type: "character varying(300)",
                maxLength: 300,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<DateOnly>(
                name: "pfs_clin_start_date",
                table: "patient_outcomes",
                type: "date",
                nullable: false,
                defaultValue: new DateOnly(1, 1, 1));

            migrationBuilder.AddColumn<int>(
                name: "settings_version",
                table: "patient_outcomes",
                type: "integer",
                nullable: false,
                defaultValue: 1);

            migrationBuilder.CreateTable(
                name: "derivation_settings",
                columns: table => new
                {
                    cohort_id = table.Column<Guid>(type: "uuid", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    treatment_emergent_window_days = table.Column<int>(type: "integer", nullable: false),
                    confirmation_required = table.Column<bool>(type: "boolean", nullable: false),
                    confirmation_min_days = table.Column<int>(type: "integer", nullable: false),
                    stable_disease_min_days = table.Column<int>(type: "integer", nullable: false),
                    pfs_rule_set = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    clinical_progression_counts = table.Column<bool>(type: "boolean", nullable: false),
                    assessment_interval_days = table.Column<int>(type: "integer", nullable: false),
                    data_cutoff_date = table.Column<DateOnly>(type: "date", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_derivation_settings", x => new { x.cohort_id, x.version });
                    table.CheckConstraint("ck_derivation_settings_days", "treatment_emergent_window_days >= 0 AND confirmation_min_days >= 1 AND stable_disease_min_days >= 0 AND assessment_interval_days >= 1");
                    table.CheckConstraint("ck_derivation_settings_version", "version >= 2");
                    table.ForeignKey(
                        name: "fk_derivation_settings_cohorts_cohort_id",
                        column: x => x.cohort_id,
                        principalTable: "cohorts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.Sql(TimeToEventViewWithClinicalPfs);
            migrationBuilder.Sql(ClinicalPfsReasoningWithoutStatistics);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(TimeToEventViewWithoutClinicalPfs);

            migrationBuilder.DropTable(
                name: "derivation_settings");

            migrationBuilder.DropColumn(
                name: "data_cutoff_date",
                table: "patient_outcomes");

            migrationBuilder.DropColumn(
                name: "pfs_clin_analysis_date",
                table: "patient_outcomes");

            migrationBuilder.DropColumn(
                name: "pfs_clin_censored",
                table: "patient_outcomes");

            migrationBuilder.DropColumn(
                name: "pfs_clin_days",
                table: "patient_outcomes");

            migrationBuilder.DropColumn(
                name: "pfs_clin_event_description",
                table: "patient_outcomes");

            migrationBuilder.DropColumn(
                name: "pfs_clin_months",
                table: "patient_outcomes");

            migrationBuilder.DropColumn(
                name: "pfs_clin_param",
                table: "patient_outcomes");

            migrationBuilder.DropColumn(
                name: "pfs_clin_reasoning",
                table: "patient_outcomes");

            migrationBuilder.DropColumn(
                name: "pfs_clin_source_record",
                table: "patient_outcomes");

            migrationBuilder.DropColumn(
                name: "pfs_clin_start_date",
                table: "patient_outcomes");

            migrationBuilder.DropColumn(
                name: "settings_version",
                table: "patient_outcomes");
        }
    }
}
