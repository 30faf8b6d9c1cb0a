using HccOutcomes.Api.Tests.Infrastructure;
using HccOutcomes.Demo;
using Npgsql;

namespace HccOutcomes.Api.Tests.Demo;

/// <summary>
/// The demo tool as <c>./hcc run</c> and <c>./hcc demo</c> run it (<see cref="DemoProgram.Main"/>), on a database of its own:
/// it migrates an empty database, loads the cohort once, leaves it alone on the next run and replaces it with <c>--reload</c>.
/// </summary>
public sealed class DemoToolTests
{
    private static async Task<(long Patients, long Outcomes, DateTime CreatedAt)> StateAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        // Every outcome row of the database, not only the cohort's: a reload must not leave the old ones behind.
        await using var command = new NpgsqlCommand(
            "SELECT (SELECT count(*) FROM patients WHERE cohort_id = @id), (SELECT count(*) FROM patient_outcomes), " +
            "(SELECT created_at FROM cohorts WHERE id = @id)",
            connection);
        command.Parameters.AddWithValue("id", DemoCohort.CohortId);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1), reader.GetDateTime(2));
    }

    [Fact]
    public async Task Loads_into_an_empty_database_then_leaves_the_cohort_alone_and_replaces_it_on_reload()
    {
        await using var database = await TestDatabase.CreateAsync();
        var connection = "--ConnectionStrings:Default=" + database.ConnectionString;

        Assert.Equal(0, await DemoProgram.Main([connection]));
        var loaded = await StateAsync(database.ConnectionString);
        Assert.Equal((78L, 78L), (loaded.Patients, loaded.Outcomes));

        Assert.Equal(0, await DemoProgram.Main([connection]));
        Assert.Equal(loaded, await StateAsync(database.ConnectionString));

        Assert.Equal(0, await DemoProgram.Main(["--reload", connection]));
        var reloaded = await StateAsync(database.ConnectionString);
        Assert.Equal((78L, 78L), (reloaded.Patients, reloaded.Outcomes));
        Assert.True(reloaded.CreatedAt > loaded.CreatedAt, "--reload creates the cohort again");
    }

    [Fact]
    public async Task An_unknown_argument_is_refused_before_touching_a_database()
    {
        Assert.Equal(2, await DemoProgram.Main(["--relaod"]));
    }

    [Fact]
    public void The_api_assembly_holds_no_demo_code_and_no_demo_settings()
    {
        var api = typeof(Program).Assembly;
        Assert.DoesNotContain(api.GetTypes(), t => t.FullName!.Contains("Demo", StringComparison.Ordinal));
        Assert.DoesNotContain(api.GetReferencedAssemblies(), a => a.Name == typeof(DemoCohort).Assembly.GetName().Name);
        Assert.DoesNotContain("Demo", File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "appsettings.json")), StringComparison.Ordinal);
    }
}
