using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HccOutcomes.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    /// <remarks>
    /// The repeated records — anti-PD1 cycles, tumor assessments and adverse events, several per patient and written
    /// many at a time — reference their patient through checks once per statement instead of foreign keys checked once
    /// per row (ADR 0007). A foreign key runs one lookup query per inserted row; for a 10,000-patient batch these three
    /// tables get ~110,000 rows. The triggers below keep the foreign keys' guarantees, set-based:
    /// <list type="bullet">
    /// <item>inserted records must name existing patients, which are locked <c>FOR KEY SHARE</c> as a foreign-key
    /// check locks them (a concurrent delete of the patient waits, or the insert fails after it);</item>
    /// <item>a record moved to another patient is checked the same way (row by row: the writers never do this);</item>
    /// <item>deleting patients deletes their records (ON DELETE CASCADE), truncating patients truncates them;</item>
    /// <item>a patient ID that records refer to cannot change (ON UPDATE NO ACTION).</item>
    /// </list>
    /// The records that come one or a few per patient (radiotherapy and sorafenib courses, TACE sessions, follow-up) keep
    /// their declared foreign keys: for a statement of up to ~3 rows the trigger costs more than the per-row checks.
    /// The EF model keeps every relationship (navigations, client-side cascade); only database objects change.
    /// </remarks>
    public partial class RecordPatientChecksPerStatement : Migration
    {
        private static readonly string[] RepeatedRecordTables = ["anti_pd1_cycles", "tumor_assessments", "adverse_events"];

        private static string ForeignKey(string table) => $"fk_{table}_patients_patient_id";

        // Raised as SQLSTATE 23503 with the old constraint's name, so a violation reads as the foreign key's did.
        private const string Functions = """
            CREATE FUNCTION records_check_patients() RETURNS trigger LANGUAGE plpgsql AS $$
            DECLARE
                missing uuid;
            BEGIN
                SELECT r.patient_id INTO missing
                FROM (SELECT DISTINCT patient_id FROM new_records) r
                LEFT JOIN LATERAL (SELECT p.id FROM patients p WHERE p.id = r.patient_id FOR KEY SHARE) p ON true
                WHERE p.id IS NULL
                LIMIT 1;
                IF FOUND THEN
                    RAISE EXCEPTION 'insert or update on table "%" violates foreign key constraint "%"', TG_TABLE_NAME, TG_ARGV[0]
                        USING ERRCODE = 'foreign_key_violation', TABLE = TG_TABLE_NAME, CONSTRAINT = TG_ARGV[0],
                              DETAIL = format('Key (patient_id)=(%s) is not present in table "patients".', missing);
                END IF;
                RETURN NULL;
            END $$;

            CREATE FUNCTION record_check_patient() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                PERFORM 1 FROM patients p WHERE p.id = NEW.patient_id FOR KEY SHARE;
                IF NOT FOUND THEN
                    RAISE EXCEPTION 'insert or update on table "%" violates foreign key constraint "%"', TG_TABLE_NAME, TG_ARGV[0]
                        USING ERRCODE = 'foreign_key_violation', TABLE = TG_TABLE_NAME, CONSTRAINT = TG_ARGV[0],
                              DETAIL = format('Key (patient_id)=(%s) is not present in table "patients".', NEW.patient_id);
                END IF;
                RETURN NULL;
            END $$;

            CREATE FUNCTION patients_delete_records() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                DELETE FROM anti_pd1_cycles WHERE patient_id IN (SELECT id FROM old_patients);
                DELETE FROM tumor_assessments WHERE patient_id IN (SELECT id FROM old_patients);
                DELETE FROM adverse_events WHERE patient_id IN (SELECT id FROM old_patients);
                RETURN NULL;
            END $$;

            CREATE FUNCTION patients_truncate_records() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                TRUNCATE anti_pd1_cycles, tumor_assessments, adverse_events;
                RETURN NULL;
            END $$;

            CREATE FUNCTION patient_id_unchanged_while_referenced() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF EXISTS (SELECT 1 FROM anti_pd1_cycles WHERE patient_id = OLD.id)
                   OR EXISTS (SELECT 1 FROM tumor_assessments WHERE patient_id = OLD.id)
                   OR EXISTS (SELECT 1 FROM adverse_events WHERE patient_id = OLD.id) THEN
                    RAISE EXCEPTION 'update on table "patients" violates a foreign key of its records'
                        USING ERRCODE = 'foreign_key_violation', TABLE = 'patients',
                              DETAIL = format('Key (id)=(%s) is still referenced by its records.', OLD.id);
                END IF;
                RETURN NULL;
            END $$;

            CREATE TRIGGER patients_delete_records AFTER DELETE ON patients
                REFERENCING OLD TABLE AS old_patients FOR EACH STATEMENT EXECUTE FUNCTION patients_delete_records();
            CREATE TRIGGER patients_truncate_records AFTER TRUNCATE ON patients
                FOR EACH STATEMENT EXECUTE FUNCTION patients_truncate_records();
            CREATE TRIGGER patients_id_unchanged AFTER UPDATE OF id ON patients
                FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id) EXECUTE FUNCTION patient_id_unchanged_while_referenced();
            """;

        private static string Checks(string table) => $"""
            CREATE TRIGGER {table}_patient_exists AFTER INSERT ON {table}
                REFERENCING NEW TABLE AS new_records FOR EACH STATEMENT EXECUTE FUNCTION records_check_patients('{ForeignKey(table)}');
            CREATE TRIGGER {table}_patient_moved AFTER UPDATE OF patient_id ON {table}
                FOR EACH ROW WHEN (OLD.patient_id IS DISTINCT FROM NEW.patient_id) EXECUTE FUNCTION record_check_patient('{ForeignKey(table)}');
            """;

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(Functions);
            foreach (var table in RepeatedRecordTables)
            {
                migrationBuilder.DropForeignKey(name: ForeignKey(table), table: table);
                migrationBuilder.Sql(Checks(table));
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var table in RepeatedRecordTables)
            {
                migrationBuilder.Sql($"DROP TRIGGER {table}_patient_exists ON {table}; DROP TRIGGER {table}_patient_moved ON {table};");
                migrationBuilder.AddForeignKey(
                    name: ForeignKey(table),
                    table: table,
                    column: "patient_id",
                    principalTable: "patients",
                    principalColumn: "id",
                    onDelete: ReferentialAction.Cascade);
            }

            migrationBuilder.Sql("""
                DROP TRIGGER patients_delete_records ON patients;
                DROP TRIGGER patients_truncate_records ON patients;
                DROP TRIGGER patients_id_unchanged ON patients;
                DROP FUNCTION records_check_patients();
                DROP FUNCTION record_check_patient();
                DROP FUNCTION patients_delete_records();
                DROP FUNCTION patients_truncate_records();
                DROP FUNCTION patient_id_unchanged_while_referenced();
                """);
        }
    }
}
