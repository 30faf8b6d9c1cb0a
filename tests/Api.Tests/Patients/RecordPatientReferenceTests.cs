using System.Net;
using System.Text.Json.Nodes;
using HccOutcomes.Api.Tests.Infrastructure;
using Npgsql;
using NpgsqlTypes;

namespace HccOutcomes.Api.Tests.Patients;

/// <summary>
/// The records' reference to their patient, enforced by the database's foreign keys whatever writes to it: tested here
/// in SQL, around the API. Deletes are checked across all seven record tables.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class RecordPatientReferenceTests(ApiFactory factory)
{
    private readonly HttpClient _client = factory.CreateClient();

    private async Task<(Guid Cohort, Guid[] Patients)> TwoPatientsAsync()
    {
        var cohort = await _client.CreateCohortAsync("References");
        foreach (var (id, document) in new[] { ("R1", SamplePatients.RtPd1()), ("R2", SamplePatients.TaceSorafenib()) })
        {
            var response = await _client.PutAsync($"/api/v1/cohorts/{cohort}/patients/{id}", ApiFactory.RawJson(document.ToJsonString()));
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }

        var patients = new List<Guid>();
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand("SELECT id FROM patients WHERE cohort_id = $1 ORDER BY external_id", connection)
        {
            Parameters = { new() { Value = cohort } },
        };
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            patients.Add(reader.GetGuid(0));
        }

        return (cohort, patients.ToArray());
    }

    private async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(factory.Database.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    // Records of the given patients in every record table, whether or not the patients still exist.
    private Task<long> RecordsOfAsync(Guid[] patients) => factory.CountAsync(
        "SELECT " + string.Join(" + ", RegistryState.RecordTables.Select(t => $"(SELECT count(*) FROM {t} WHERE patient_id = ANY(@p))")),
        ("p", patients));

    private static async Task<int> ExecuteAsync(NpgsqlConnection connection, string sql, params object[] values)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return await command.ExecuteNonQueryAsync();
    }

    // One adverse event per patient of the array $1, in one statement.
    private const string InsertAdverseEvents =
        "INSERT INTO adverse_events (id, patient_id, term, meddra_code, ctcae_version, grade, onset_date, attribution, suspected_treatments, serious, created_at, updated_at) " +
        "SELECT gen_random_uuid(), p, 'Fatigue', 10016256, '5.0', 1, DATE '2020-01-01', 'Possible', '[]', false, now(), now() FROM unnest($1::uuid[]) AS p";

    private static void AssertForeignKeyViolation(PostgresException e, string table)
    {
        Assert.Equal(PostgresErrorCodes.ForeignKeyViolation, e.SqlState);
        Assert.Equal($"fk_{table}_patients_patient_id", e.ConstraintName);
        Assert.Equal(table, e.TableName);
    }

    // Runs a write that must be refused with the foreign key's error on table, and checks that the cohort is unchanged.
    private async Task<PostgresException> AssertRefusedAsync(Guid cohort, string table, Func<NpgsqlConnection, Task> write)
    {
        var before = await factory.SnapshotAsync(cohort);
        await using var connection = await OpenAsync();

        var e = await Assert.ThrowsAsync<PostgresException>(() => write(connection));

        AssertForeignKeyViolation(e, table);
        Assert.Equal(before, await factory.SnapshotAsync(cohort));
        return e;
    }

    [Fact]
    public async Task An_insert_naming_an_unknown_patient_is_refused_with_the_foreign_keys_error()
    {
        var (cohort, _) = await TwoPatientsAsync();

        var e = await AssertRefusedAsync(cohort, "adverse_events", connection => ExecuteAsync(connection, InsertAdverseEvents, new[] { Guid.NewGuid() }));

        Assert.Contains("violates foreign key constraint", e.MessageText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_multi_row_insert_with_one_unknown_patient_writes_none_of_its_rows()
    {
        var (cohort, patients) = await TwoPatientsAsync();

        await AssertRefusedAsync(cohort, "adverse_events", connection => ExecuteAsync(connection, InsertAdverseEvents, new[] { patients[0], Guid.NewGuid() }));
    }

    [Fact]
    public async Task A_binary_copy_naming_an_unknown_patient_is_refused()
    {
        var (cohort, patients) = await TwoPatientsAsync();

        await AssertRefusedAsync(cohort, "anti_pd1_cycles", async connection =>
        {
            await using var importer = await connection.BeginBinaryImportAsync(
                "COPY anti_pd1_cycles (id, patient_id, agent, date, dose_mg, cycle_number, created_at, updated_at) FROM STDIN (FORMAT BINARY)");
            foreach (var patient in new[] { patients[0], Guid.NewGuid() })
            {
                await importer.StartRowAsync();
                await importer.WriteAsync(Guid.NewGuid(), NpgsqlDbType.Uuid);
                await importer.WriteAsync(patient, NpgsqlDbType.Uuid);
                await importer.WriteAsync("Camrelizumab", NpgsqlDbType.Varchar);
                await importer.WriteAsync(new DateOnly(2020, 1, 1), NpgsqlDbType.Date);
                await importer.WriteAsync(200.0, NpgsqlDbType.Double);
                await importer.WriteAsync(9, NpgsqlDbType.Integer);
                await importer.WriteAsync(DateTimeOffset.UtcNow, NpgsqlDbType.TimestampTz);
                await importer.WriteAsync(DateTimeOffset.UtcNow, NpgsqlDbType.TimestampTz);
            }

            await importer.CompleteAsync();
        });
    }

    [Fact]
    public async Task A_record_moves_only_to_an_existing_patient()
    {
        var (cohort, patients) = await TwoPatientsAsync();

        await AssertRefusedAsync(cohort, "tumor_assessments", connection => ExecuteAsync(connection,
            "UPDATE tumor_assessments SET patient_id = $1 WHERE patient_id = $2", Guid.NewGuid(), patients[0]));

        await using var connection = await OpenAsync();
        var moved = await ExecuteAsync(connection, "UPDATE tumor_assessments SET patient_id = $1 WHERE patient_id = $2", patients[1], patients[0]);
        Assert.True(moved > 0);
    }

    [Fact]
    public async Task A_patient_id_that_records_refer_to_cannot_change()
    {
        var (cohort, patients) = await TwoPatientsAsync();
        var before = await factory.SnapshotAsync(cohort);
        await using var connection = await OpenAsync();

        var e = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(connection,
            "UPDATE patients SET id = $1 WHERE id = $2", Guid.NewGuid(), patients[0]));

        Assert.Equal(PostgresErrorCodes.ForeignKeyViolation, e.SqlState);
        Assert.Equal(before, await factory.SnapshotAsync(cohort));
    }

    [Fact]
    public async Task Deleting_patients_deletes_their_records_in_every_table()
    {
        var (_, patients) = await TwoPatientsAsync();
        foreach (var table in RegistryState.RecordTables)
        {
            Assert.True(await factory.CountAsync($"SELECT count(*) FROM {table} WHERE patient_id = ANY(@p)", ("p", patients)) > 0, table);
        }

        await using var connection = await OpenAsync();
        Assert.Equal(2, await ExecuteAsync(connection, "DELETE FROM patients WHERE id = ANY($1)", patients));

        Assert.Equal(0, await RecordsOfAsync(patients));
    }

    [Fact]
    public async Task Deleting_a_cohort_with_cascade_leaves_no_record_behind()
    {
        var (cohort, patients) = await TwoPatientsAsync();

        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync($"/api/v1/cohorts/{cohort}?cascade=true")).StatusCode);

        Assert.Equal(0, await factory.CountAsync("SELECT count(*) FROM patients WHERE id = ANY(@p)", ("p", patients)));
        Assert.Equal(0, await RecordsOfAsync(patients));
    }

    [Fact]
    public async Task An_insert_waits_for_a_concurrent_delete_of_its_patient_and_then_fails()
    {
        var (cohort, patients) = await TwoPatientsAsync();
        await using var deleter = await OpenAsync();
        await using var deletion = await deleter.BeginTransactionAsync();
        await ExecuteAsync(deleter, "DELETE FROM patients WHERE id = $1", patients[1]);

        await using var inserter = await OpenAsync();
        var insert = ExecuteAsync(inserter, InsertAdverseEvents, new[] { patients[1] });
        await Task.Delay(300);
        Assert.False(insert.IsCompleted, "the insert should wait for the patient's row lock");

        await deletion.CommitAsync();
        var e = await Assert.ThrowsAsync<PostgresException>(() => insert);
        AssertForeignKeyViolation(e, "adverse_events");
        Assert.Equal(0, await RecordsOfAsync([patients[1]]));
        Assert.Equal(1, await factory.CountAsync("SELECT count(*) FROM patients WHERE cohort_id = @c", ("c", cohort)));
    }

    [Fact]
    public async Task A_delete_waits_for_a_concurrent_insert_of_a_record_and_then_deletes_it_too()
    {
        var (_, patients) = await TwoPatientsAsync();
        var records = await RecordsOfAsync([patients[0]]);
        await using var inserter = await OpenAsync();
        await using var insertion = await inserter.BeginTransactionAsync();
        await ExecuteAsync(inserter, InsertAdverseEvents, new[] { patients[0] });

        await using var deleter = await OpenAsync();
        var delete = ExecuteAsync(deleter, "DELETE FROM patients WHERE id = $1", patients[0]);
        await Task.Delay(300);
        Assert.False(delete.IsCompleted, "the delete should wait for the inserting transaction's key-share lock");

        await insertion.CommitAsync();
        Assert.Equal(1, await delete);
        Assert.True(records > 0);
        Assert.Equal(0, await RecordsOfAsync([patients[0]]));
    }

    [Fact]
    public async Task Api_writes_keep_working_with_the_foreign_keys()
    {
        // Whole-document replace (records updated in place, some deleted), then a batch: no spurious violation.
        var (cohort, _) = await TwoPatientsAsync();
        var changed = SamplePatients.RtPd1();
        ((JsonArray)changed["antiPd1Cycles"]!).RemoveAt(0);
        Assert.Equal(HttpStatusCode.OK, (await _client.PutAsync($"/api/v1/cohorts/{cohort}/patients/R1", ApiFactory.RawJson(changed.ToJsonString()))).StatusCode);

        var batch = new JsonObject { ["patients"] = new JsonArray(SamplePatients.RtPd1("B1"), SamplePatients.TaceSorafenib("B2")) };
        var response = await _client.PostAsync($"/api/v1/cohorts/{cohort}/patients/batch", ApiFactory.RawJson(batch.ToJsonString()));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, await factory.CountAsync("SELECT " + string.Join(" + ", RegistryState.RecordTables.Select(t =>
            $"(SELECT count(*) FROM {t} r WHERE NOT EXISTS (SELECT 1 FROM patients p WHERE p.id = r.patient_id))"))));
        Assert.Equal(4, await factory.CountAsync("SELECT count(*) FROM patients WHERE cohort_id = @c", ("c", cohort)));
    }
}
