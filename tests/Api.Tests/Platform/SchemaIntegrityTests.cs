using HccOutcomes.Api.Tests.Infrastructure;
using HccOutcomes.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace HccOutcomes.Api.Tests.Platform;

/// <summary>
/// The database that the migrations build declares the same integrity as the EF model: every foreign key of the model
/// is a constraint with the same columns, referenced table and delete rule, and the database has none the model lacks.
/// Nothing replaces a foreign key by other means (no triggers), and planner statistics are at PostgreSQL's defaults.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class SchemaIntegrityTests(ApiFactory factory)
{
    private const string ForeignKeysSql = """
        SELECT c.conrelid::regclass::text AS child,
               (SELECT string_agg(a.attname, ',' ORDER BY k.ord) FROM unnest(c.conkey) WITH ORDINALITY k(attnum, ord)
                JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum) AS columns,
               c.confrelid::regclass::text AS parent,
               c.confdeltype::text AS on_delete
        FROM pg_constraint c
        JOIN pg_namespace n ON n.oid = c.connamespace
        WHERE c.contype = 'f' AND n.nspname = 'public'
        """;

    [Fact]
    public async Task Every_foreign_key_of_the_model_is_a_constraint_in_the_database_and_no_other()
    {
        var model = ModelForeignKeys();
        var database = new HashSet<string>(StringComparer.Ordinal);
        await using (var connection = new NpgsqlConnection(factory.Database.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(ForeignKeysSql, connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                // regclass quotes mixed-case names (OpenIddict's tables); the model does not.
                database.Add(Describe(
                    reader.GetString(0).Trim('"'), reader.GetString(1), reader.GetString(2).Trim('"'), reader.GetString(3) == "c" ? "cascade" : reader.GetString(3)));
            }
        }

        Assert.Equal(model.Order(StringComparer.Ordinal), database.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_reference_between_registry_tables_cascades_from_its_parent()
    {
        var keys = ModelForeignKeys().Where(k => !k.StartsWith("OpenIddict", StringComparison.Ordinal)).ToHashSet();

        // Seven record tables and the derived outcomes reference their patient; patients, derived outcomes, derivation
        // settings and the REDCap mapping their cohort.
        Assert.Equal(12, keys.Count);
        Assert.All(keys, key => Assert.EndsWith("cascade", key, StringComparison.Ordinal));
        Assert.Contains(Describe("patient_outcomes", "patient_id", "patients", "cascade"), keys);
        Assert.Contains(Describe("patient_outcomes", "cohort_id", "cohorts", "cascade"), keys);
        Assert.Contains(Describe("redcap_mappings", "cohort_id", "cohorts", "cascade"), keys);
        Assert.Contains(Describe("derivation_settings", "cohort_id", "cohorts", "cascade"), keys);
    }

    [Fact]
    public async Task No_trigger_but_the_audit_guard_and_planner_statistics_at_their_defaults_but_for_the_derived_rows_opaque_texts()
    {
        // The one trigger guards the audit trail, which no one may update or delete, its owner included.
        Assert.Equal("audit_entries.audit_entries_append_only", await factory.ScalarAsync<string>(
            "SELECT string_agg(c.relname || '.' || t.tgname, ' ') FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid " +
            "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE NOT t.tgisinternal AND n.nspname = 'public'"));
        // The one exception (ADR 0011): the derived outcome rows' reasoning texts and term list, which no query filters on.
        Assert.Equal(
            "patient_outcomes.mrecist_reasoning patient_outcomes.os_reasoning patient_outcomes.pfs_clin_reasoning patient_outcomes.pfs_mrecist_reasoning " +
            "patient_outcomes.pfs_recist_reasoning patient_outcomes.recist_reasoning patient_outcomes.safety_reasoning patient_outcomes.safety_terms",
            await factory.ScalarAsync<string>(
                "SELECT string_agg(c.relname || '.' || a.attname, ' ' ORDER BY c.relname, a.attname) " +
                "FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace " +
                "WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped AND a.attstattarget <> -1"));
        Assert.Equal(1, await factory.CountAsync(
            "SELECT count(*) FROM pg_class WHERE relname = 'patient_outcomes' AND 'autovacuum_analyze_scale_factor=0.5' = ANY(reloptions)"));
    }

    [Fact]
    public async Task Deleting_a_patient_deletes_its_records_and_derived_outcomes_by_cascade()
    {
        var client = factory.CreateClient();
        var cohort = await client.CreateCohortAsync("Cascade");
        var created = await client.PutAsync($"/api/v1/cohorts/{cohort}/patients/C1", ApiFactory.RawJson(SamplePatients.TaceSorafenib().ToJsonString()));
        created.EnsureSuccessStatusCode();
        var patient = await factory.ScalarAsync<Guid>("SELECT id FROM patients WHERE cohort_id = @c", ("c", cohort));
        Assert.True(await RowsOfAsync(patient) > 2);

        await using (var connection = new NpgsqlConnection(factory.Database.ConnectionString))
        {
            await connection.OpenAsync();
            await using var delete = new NpgsqlCommand("DELETE FROM patients WHERE id = @p", connection) { Parameters = { new("p", patient) } };
            Assert.Equal(1, await delete.ExecuteNonQueryAsync());
        }

        Assert.Equal(0, await RowsOfAsync(patient));
    }

    private Task<long> RowsOfAsync(Guid patient) => factory.CountAsync(
        "SELECT " + string.Join(" + ", RegistryState.RecordTables.Append("patient_outcomes")
            .Select(t => $"(SELECT count(*) FROM {t} WHERE patient_id = @p)")),
        ("p", patient));

    private HashSet<string> ModelForeignKeys()
    {
        using var scope = factory.Services.CreateScope();
        var model = scope.ServiceProvider.GetRequiredService<HccDbContext>().Model;
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entity in model.GetEntityTypes())
        {
            var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
            foreach (var key in entity.GetForeignKeys())
            {
                var columns = string.Join(',', key.Properties.Select(p => p.GetColumnName(table)));
                keys.Add(Describe(entity.GetTableName()!, columns, key.PrincipalEntityType.GetTableName()!, key.DeleteBehavior switch
                {
                    // pg_constraint.confdeltype: c cascade, a no action, r restrict, n set null.
                    DeleteBehavior.Cascade => "cascade",
                    DeleteBehavior.Restrict => "r",
                    DeleteBehavior.SetNull => "n",
                    _ => "a",
                }));
            }
        }

        return keys;
    }

    private static string Describe(string child, string columns, string parent, string onDelete) => $"{child}({columns}) -> {parent} on delete {onDelete}";
}
