using Npgsql;

namespace HccOutcomes.Api.Tests.Infrastructure;

/// <summary>
/// A fresh PostgreSQL database for one test run, created on the server named by <c>HCC_TEST_PG</c>
/// (or <c>ConnectionStrings__Default</c>) and dropped afterwards. <c>./hcc test</c> provisions that server.
/// There is deliberately no fallback: without a reachable PostgreSQL the tests fail loudly.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string _adminConnectionString;

    private TestDatabase(string adminConnectionString, string name, string connectionString)
    {
        _adminConnectionString = adminConnectionString;
        Name = name;
        ConnectionString = connectionString;
    }

    /// <summary>Database name (hcc_test_…).</summary>
    public string Name { get; }

    /// <summary>Connection string to the test database.</summary>
    public string ConnectionString { get; }

    public static async Task<TestDatabase> CreateAsync()
    {
        var server = Environment.GetEnvironmentVariable("HCC_TEST_PG")
            ?? Environment.GetEnvironmentVariable("ConnectionStrings__Default");
        if (string.IsNullOrWhiteSpace(server))
        {
            throw new InvalidOperationException(
                "No PostgreSQL for the integration tests: run them with './hcc test', or set HCC_TEST_PG to a " +
                "connection string of a server where the user may create databases.");
        }

        var admin = new NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false };
        var name = $"hcc_test_{Guid.NewGuid():N}";
        try
        {
            await using var connection = new NpgsqlConnection(admin.ConnectionString);
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            throw new InvalidOperationException(
                $"PostgreSQL at {admin.Host}:{admin.Port} is not reachable for the integration tests ({e.Message}).", e);
        }

        var database = new NpgsqlConnectionStringBuilder(server) { Database = name };
        return new TestDatabase(admin.ConnectionString, name, database.ConnectionString);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_adminConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
