using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace HccOutcomes.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class InitialSchema : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "OpenIddictApplications",
                columns: table => new
                {
                    id = table.Column<string>(type: "text", nullable: false),
                    application_type = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    client_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    client_secret = table.Column<string>(type: "text", nullable: true),
                    client_type = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    concurrency_token = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    consent_type = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    display_name = table.Column<string>(type: "text", nullable: true),
                    display_names = table.Column<string>(type: "text", nullable: true),
                    json_web_key_set = table.Column<string>(type: "text", nullable: true),
                    permissions = table.Column<string>(type: "text", nullable: true),
                    post_logout_redirect_uris = table.Column<string>(type: "text", nullable: true),
                    properties = table.Column<string>(type: "text", nullable: true),
                    redirect_uris = table.Column<string>(type: "text", nullable: true),
                    requirements = table.Column<string>(type: "text", nullable: true),
                    settings = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_open_iddict_applications", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "OpenIddictScopes",
                columns: table => new
                {
                    id = table.Column<string>(type: "text", nullable: false),
                    concurrency_token = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    description = table.Column<string>(type: "text", nullable: true),
                    descriptions = table.Column<string>(type: "text", nullable: true),
                    display_name = table.Column<string>(type: "text", nullable: true),
                    display_names = table.Column<string>(type: "text", nullable: true),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    properties = table.Column<string>(type: "text", nullable: true),
                    resources = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_open_iddict_scopes", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "api_clients",
                columns: table => new
                {
                    client_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    role = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    site = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    cohorts = table.Column<Guid[]>(type: "uuid[]", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    revoked_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_api_clients", x => x.client_id);
                    table.CheckConstraint("ck_api_clients_role", "role IN ('submitter', 'dataManager', 'analyst', 'admin')");
                    table.CheckConstraint("ck_api_clients_submitter_site", "role <> 'submitter' OR site IS NOT NULL");
                });

            migrationBuilder.CreateTable(
                name: "audit_entries",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    client_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    client_role = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    client_site = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    action = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    cohort_id = table.Column<Guid>(type: "uuid", nullable: true),
                    patient_external_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    resource = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    request_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    before = table.Column<string>(type: "json", nullable: true)
                        .Annotation("Npgsql:Compression:", "lz4"),
                    after = table.Column<string>(type: "json", nullable: true)
                        .Annotation("Npgsql:Compression:", "lz4")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_audit_entries", x => x.id);
                })
                .Annotation("Npgsql:StorageParameter:toast_tuple_target", 8160);

            migrationBuilder.CreateTable(
                name: "cohorts",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    description = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    is_synthetic = table.Column<bool>(type: "boolean", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    locked_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    locked_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    lock_reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_cohorts", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "idempotency_keys",
                columns: table => new
                {
                    client_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    key = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    request = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    body_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    completed = table.Column<bool>(type: "boolean", nullable: false),
                    status_code = table.Column<int>(type: "integer", nullable: false),
                    content_type = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    location = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    e_tag = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    body = table.Column<byte[]>(type: "bytea", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_idempotency_keys", x => new { x.client_id, x.key });
                });

            migrationBuilder.CreateTable(
                name: "token_signing_keys",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false),
                    private_key = table.Column<byte[]>(type: "bytea", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_token_signing_keys", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "OpenIddictAuthorizations",
                columns: table => new
                {
                    id = table.Column<string>(type: "text", nullable: false),
                    application_id = table.Column<string>(type: "text", nullable: true),
                    concurrency_token = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    creation_date = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    properties = table.Column<string>(type: "text", nullable: true),
                    scopes = table.Column<string>(type: "text", nullable: true),
                    status = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    subject = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    type = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_open_iddict_authorizations", x => x.id);
                    table.ForeignKey(
                        name: "fk_open_iddict_authorizations_open_iddict_applications_application",
                        column: x => x.application_id,
                        principalTable: "OpenIddictApplications",
                        principalColumn: "id");
                });

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

            migrationBuilder.CreateTable(
                name: "patients",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    cohort_id = table.Column<Guid>(type: "uuid", nullable: false),
                    external_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    site = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    arm = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    on_study_date = table.Column<DateOnly>(type: "date", nullable: false),
                    sex = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    age_years = table.Column<int>(type: "integer", nullable: false),
                    albi_score = table.Column<double>(type: "double precision", nullable: true),
                    albi_grade = table.Column<int>(type: "integer", nullable: true),
                    source_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    content_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false),
                    baseline_afp_ng_per_ml = table.Column<double>(type: "double precision", nullable: true),
                    baseline_albumin_g_per_l = table.Column<double>(type: "double precision", nullable: true),
                    baseline_bclc_stage = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: true),
                    baseline_bodyweight_kg = table.Column<double>(type: "double precision", nullable: true),
                    baseline_child_pugh_class = table.Column<string>(type: "character varying(1)", maxLength: 1, nullable: true),
                    baseline_child_pugh_score = table.Column<int>(type: "integer", nullable: true),
                    baseline_cirrhosis = table.Column<bool>(type: "boolean", nullable: true),
                    baseline_diagnosis_basis = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    baseline_ecog = table.Column<int>(type: "integer", nullable: true),
                    baseline_extrahepatic_metastasis = table.Column<bool>(type: "boolean", nullable: true),
                    baseline_hbv = table.Column<bool>(type: "boolean", nullable: true),
                    baseline_hcv = table.Column<bool>(type: "boolean", nullable: true),
                    baseline_hemoglobin_g_per_l = table.Column<double>(type: "double precision", nullable: true),
                    baseline_intrahepatic_lesion_count = table.Column<int>(type: "integer", nullable: true),
                    baseline_macrovascular_invasion = table.Column<bool>(type: "boolean", nullable: true),
                    baseline_max_tumor_diameter_cm = table.Column<double>(type: "double precision", nullable: true),
                    baseline_platelets_10e9_per_l = table.Column<double>(type: "double precision", nullable: true),
                    baseline_prior_ablation = table.Column<bool>(type: "boolean", nullable: true),
                    baseline_prior_hepatectomy = table.Column<bool>(type: "boolean", nullable: true),
                    baseline_prior_systemic_therapy = table.Column<bool>(type: "boolean", nullable: true),
                    baseline_prior_tace = table.Column<bool>(type: "boolean", nullable: true),
                    baseline_total_bilirubin_umol_per_l = table.Column<double>(type: "double precision", nullable: true),
                    baseline_wbc_10e9_per_l = table.Column<double>(type: "double precision", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_patients", x => x.id);
                    table.ForeignKey(
                        name: "fk_patients_cohorts_cohort_id",
                        column: x => x.cohort_id,
                        principalTable: "cohorts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                })
                .Annotation("Npgsql:StorageParameter:fillfactor", 80);

            migrationBuilder.CreateTable(
                name: "redcap_mappings",
                columns: table => new
                {
                    cohort_id = table.Column<Guid>(type: "uuid", nullable: false),
                    document = table.Column<string>(type: "json", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_redcap_mappings", x => x.cohort_id);
                    table.ForeignKey(
                        name: "fk_redcap_mappings_cohorts_cohort_id",
                        column: x => x.cohort_id,
                        principalTable: "cohorts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "OpenIddictTokens",
                columns: table => new
                {
                    id = table.Column<string>(type: "text", nullable: false),
                    application_id = table.Column<string>(type: "text", nullable: true),
                    authorization_id = table.Column<string>(type: "text", nullable: true),
                    concurrency_token = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    creation_date = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    expiration_date = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    payload = table.Column<string>(type: "text", nullable: true),
                    properties = table.Column<string>(type: "text", nullable: true),
                    redemption_date = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    reference_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    status = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    subject = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    type = table.Column<string>(type: "character varying(150)", maxLength: 150, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_open_iddict_tokens", x => x.id);
                    table.ForeignKey(
                        name: "fk_open_iddict_tokens_open_iddict_applications_application_id",
                        column: x => x.application_id,
                        principalTable: "OpenIddictApplications",
                        principalColumn: "id");
                    table.ForeignKey(
                        name: "fk_open_iddict_tokens_open_iddict_authorizations_authorization_id",
                        column: x => x.authorization_id,
                        principalTable: "OpenIddictAuthorizations",
                        principalColumn: "id");
                });

            migrationBuilder.CreateTable(
                name: "adverse_events",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    term = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    meddra_code = table.Column<int>(type: "integer", nullable: true),
                    ctcae_version = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    grade = table.Column<int>(type: "integer", nullable: false),
                    onset_date = table.Column<DateOnly>(type: "date", nullable: false),
                    resolution_date = table.Column<DateOnly>(type: "date", nullable: true),
                    attribution = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    suspected_treatments = table.Column<string>(type: "json", nullable: false),
                    serious = table.Column<bool>(type: "boolean", nullable: false),
                    patient_id = table.Column<Guid>(type: "uuid", nullable: false),
                    source_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_adverse_events", x => x.id);
                    table.ForeignKey(
                        name: "fk_adverse_events_patients_patient_id",
                        column: x => x.patient_id,
                        principalTable: "patients",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                })
                .Annotation("Npgsql:StorageParameter:fillfactor", 80);

            migrationBuilder.CreateTable(
                name: "anti_pd1_cycles",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    agent = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    date = table.Column<DateOnly>(type: "date", nullable: false),
                    dose_mg = table.Column<double>(type: "double precision", nullable: false),
                    cycle_number = table.Column<int>(type: "integer", nullable: false),
                    patient_id = table.Column<Guid>(type: "uuid", nullable: false),
                    source_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_anti_pd1_cycles", x => x.id);
                    table.ForeignKey(
                        name: "fk_anti_pd1_cycles_patients_patient_id",
                        column: x => x.patient_id,
                        principalTable: "patients",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                })
                .Annotation("Npgsql:StorageParameter:fillfactor", 80);

            migrationBuilder.CreateTable(
                name: "follow_ups",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    last_known_alive_date = table.Column<DateOnly>(type: "date", nullable: true),
                    death_date = table.Column<DateOnly>(type: "date", nullable: true),
                    death_cause = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    lost_to_follow_up = table.Column<bool>(type: "boolean", nullable: false),
                    clinical_progression_date = table.Column<DateOnly>(type: "date", nullable: true),
                    subsequent_therapies = table.Column<string>(type: "json", nullable: false),
                    patient_id = table.Column<Guid>(type: "uuid", nullable: false),
                    source_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_follow_ups", x => x.id);
                    table.ForeignKey(
                        name: "fk_follow_ups_patients_patient_id",
                        column: x => x.patient_id,
                        principalTable: "patients",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                })
                .Annotation("Npgsql:StorageParameter:fillfactor", 80);

            migrationBuilder.CreateTable(
                name: "patient_outcomes",
                columns: table => new
                {
                    patient_id = table.Column<Guid>(type: "uuid", nullable: false),
                    cohort_id = table.Column<Guid>(type: "uuid", nullable: false),
                    settings_version = table.Column<int>(type: "integer", nullable: false),
                    data_cutoff_date = table.Column<DateOnly>(type: "date", nullable: true),
                    safety_terms = table.Column<string>(type: "jsonb", nullable: false)
                        .Annotation("Npgsql:Compression:", "lz4"),
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
                    pfs_clin_analysis_date = table.Column<DateOnly>(type: "date", nullable: false),
                    pfs_clin_censored = table.Column<bool>(type: "boolean", nullable: false),
                    pfs_clin_days = table.Column<int>(type: "integer", nullable: false),
                    pfs_clin_event_description = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    pfs_clin_months = table.Column<double>(type: "double precision", nullable: false),
                    pfs_clin_param = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    pfs_clin_reasoning = table.Column<string>(type: "text", nullable: false),
                    pfs_clin_source_record = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    pfs_clin_start_date = table.Column<DateOnly>(type: "date", nullable: false),
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
                    table.ForeignKey(
                        name: "fk_patient_outcomes_cohorts_cohort_id",
                        column: x => x.cohort_id,
                        principalTable: "cohorts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_patient_outcomes_patients_patient_id",
                        column: x => x.patient_id,
                        principalTable: "patients",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                })
                .Annotation("Npgsql:StorageParameter:autovacuum_analyze_scale_factor", 0.5)
                .Annotation("Npgsql:StorageParameter:fillfactor", 80)
                .Annotation("Npgsql:StorageParameter:toast_tuple_target", 8160);

            migrationBuilder.CreateTable(
                name: "radiotherapy_courses",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    start_date = table.Column<DateOnly>(type: "date", nullable: false),
                    end_date = table.Column<DateOnly>(type: "date", nullable: true),
                    technique = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    total_dose_gy = table.Column<double>(type: "double precision", nullable: false),
                    dose_per_fraction_gy = table.Column<double>(type: "double precision", nullable: false),
                    fractions_planned = table.Column<int>(type: "integer", nullable: false),
                    lesions_treated = table.Column<int>(type: "integer", nullable: false),
                    fractions = table.Column<string>(type: "json", nullable: false),
                    fractions_delivered = table.Column<int>(type: "integer", nullable: false),
                    delivered_dose_gy = table.Column<double>(type: "double precision", nullable: false),
                    bed_gy = table.Column<double>(type: "double precision", nullable: false),
                    eqd2_gy = table.Column<double>(type: "double precision", nullable: false),
                    patient_id = table.Column<Guid>(type: "uuid", nullable: false),
                    source_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_radiotherapy_courses", x => x.id);
                    table.ForeignKey(
                        name: "fk_radiotherapy_courses_patients_patient_id",
                        column: x => x.patient_id,
                        principalTable: "patients",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                })
                .Annotation("Npgsql:StorageParameter:fillfactor", 80);

            migrationBuilder.CreateTable(
                name: "sorafenib_courses",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    start_date = table.Column<DateOnly>(type: "date", nullable: false),
                    end_date = table.Column<DateOnly>(type: "date", nullable: true),
                    starting_daily_dose_mg = table.Column<double>(type: "double precision", nullable: false),
                    dose_changes = table.Column<string>(type: "json", nullable: false),
                    discontinuation_reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    duration_days = table.Column<int>(type: "integer", nullable: false),
                    relative_dose_intensity = table.Column<double>(type: "double precision", nullable: false),
                    patient_id = table.Column<Guid>(type: "uuid", nullable: false),
                    source_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sorafenib_courses", x => x.id);
                    table.ForeignKey(
                        name: "fk_sorafenib_courses_patients_patient_id",
                        column: x => x.patient_id,
                        principalTable: "patients",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                })
                .Annotation("Npgsql:StorageParameter:fillfactor", 80);

            migrationBuilder.CreateTable(
                name: "tace_sessions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    date = table.Column<DateOnly>(type: "date", nullable: false),
                    chemotherapy_agent = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    chemotherapy_dose = table.Column<double>(type: "double precision", nullable: true),
                    chemotherapy_dose_unit = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    lipiodol_ml = table.Column<double>(type: "double precision", nullable: true),
                    embolic_agent = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    technical_success = table.Column<bool>(type: "boolean", nullable: false),
                    patient_id = table.Column<Guid>(type: "uuid", nullable: false),
                    source_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_tace_sessions", x => x.id);
                    table.ForeignKey(
                        name: "fk_tace_sessions_patients_patient_id",
                        column: x => x.patient_id,
                        principalTable: "patients",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                })
                .Annotation("Npgsql:StorageParameter:fillfactor", 80);

            migrationBuilder.CreateTable(
                name: "tumor_assessments",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    date = table.Column<DateOnly>(type: "date", nullable: false),
                    modality = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    lesions = table.Column<string>(type: "json", nullable: false),
                    investigator_recist = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: true),
                    investigator_m_recist = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: true),
                    patient_id = table.Column<Guid>(type: "uuid", nullable: false),
                    source_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_tumor_assessments", x => x.id);
                    table.ForeignKey(
                        name: "fk_tumor_assessments_patients_patient_id",
                        column: x => x.patient_id,
                        principalTable: "patients",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                })
                .Annotation("Npgsql:StorageParameter:fillfactor", 80);

            migrationBuilder.CreateIndex(
                name: "ix_open_iddict_applications_client_id",
                table: "OpenIddictApplications",
                column: "client_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_open_iddict_authorizations_application_id_status_subject_type",
                table: "OpenIddictAuthorizations",
                columns: new[] { "application_id", "status", "subject", "type" });

            migrationBuilder.CreateIndex(
                name: "ix_open_iddict_scopes_name",
                table: "OpenIddictScopes",
                column: "name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_open_iddict_tokens_application_id_status_subject_type",
                table: "OpenIddictTokens",
                columns: new[] { "application_id", "status", "subject", "type" });

            migrationBuilder.CreateIndex(
                name: "ix_open_iddict_tokens_authorization_id",
                table: "OpenIddictTokens",
                column: "authorization_id");

            migrationBuilder.CreateIndex(
                name: "ix_open_iddict_tokens_reference_id",
                table: "OpenIddictTokens",
                column: "reference_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_adverse_events_patient_id_source_id",
                table: "adverse_events",
                columns: new[] { "patient_id", "source_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_anti_pd1_cycles_patient_id_source_id",
                table: "anti_pd1_cycles",
                columns: new[] { "patient_id", "source_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_at",
                table: "audit_entries",
                column: "at");

            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_cohort_id_patient_external_id_id",
                table: "audit_entries",
                columns: new[] { "cohort_id", "patient_external_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_cohorts_name",
                table: "cohorts",
                column: "name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_follow_ups_patient_id",
                table: "follow_ups",
                column: "patient_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_follow_ups_patient_id_source_id",
                table: "follow_ups",
                columns: new[] { "patient_id", "source_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_idempotency_keys_created_at",
                table: "idempotency_keys",
                column: "created_at");

            migrationBuilder.CreateIndex(
                name: "ix_patient_outcomes_cohort_id",
                table: "patient_outcomes",
                column: "cohort_id");

            migrationBuilder.CreateIndex(
                name: "ix_patients_cohort_id_arm",
                table: "patients",
                columns: new[] { "cohort_id", "arm" });

            migrationBuilder.CreateIndex(
                name: "ix_patients_cohort_id_external_id",
                table: "patients",
                columns: new[] { "cohort_id", "external_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_patients_cohort_id_on_study_date",
                table: "patients",
                columns: new[] { "cohort_id", "on_study_date" });

            migrationBuilder.CreateIndex(
                name: "ix_radiotherapy_courses_patient_id_source_id",
                table: "radiotherapy_courses",
                columns: new[] { "patient_id", "source_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_sorafenib_courses_patient_id_source_id",
                table: "sorafenib_courses",
                columns: new[] { "patient_id", "source_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_tace_sessions_patient_id_source_id",
                table: "tace_sessions",
                columns: new[] { "patient_id", "source_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_tumor_assessments_patient_id_source_id",
                table: "tumor_assessments",
                columns: new[] { "patient_id", "source_id" },
                unique: true);

            migrationBuilder.Sql(LongOutcomeViews);
            migrationBuilder.Sql(OpaqueOutcomeColumnsWithoutStatistics);
            migrationBuilder.Sql(ApiRoleWithAppendOnlyAudit);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(DropAuditTrigger);
            migrationBuilder.Sql(DropLongOutcomeViews);

            migrationBuilder.DropTable(
                name: "OpenIddictScopes");

            migrationBuilder.DropTable(
                name: "OpenIddictTokens");

            migrationBuilder.DropTable(
                name: "adverse_events");

            migrationBuilder.DropTable(
                name: "anti_pd1_cycles");

            migrationBuilder.DropTable(
                name: "api_clients");

            migrationBuilder.DropTable(
                name: "audit_entries");

            migrationBuilder.DropTable(
                name: "derivation_settings");

            migrationBuilder.DropTable(
                name: "follow_ups");

            migrationBuilder.DropTable(
                name: "idempotency_keys");

            migrationBuilder.DropTable(
                name: "patient_outcomes");

            migrationBuilder.DropTable(
                name: "radiotherapy_courses");

            migrationBuilder.DropTable(
                name: "redcap_mappings");

            migrationBuilder.DropTable(
                name: "sorafenib_courses");

            migrationBuilder.DropTable(
                name: "tace_sessions");

            migrationBuilder.DropTable(
                name: "token_signing_keys");

            migrationBuilder.DropTable(
                name: "tumor_assessments");

            migrationBuilder.DropTable(
                name: "OpenIddictAuthorizations");

            migrationBuilder.DropTable(
                name: "patients");

            migrationBuilder.DropTable(
                name: "OpenIddictApplications");

            migrationBuilder.DropTable(
                name: "cohorts");
        }
    }
}
