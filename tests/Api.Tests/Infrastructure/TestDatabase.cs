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

    private TestDatabase(string adminConnectionString, string name, string connectionString, string apiConnectionString)
    {
        _adminConnectionString = adminConnectionString;
        Name = name;
        ConnectionString = connectionString;
        ApiConnectionString = apiConnectionString;
    }

    /// <summary>The API's login role: a member of hcc_api, the least-privilege role the migrations grant to.</summary>
    public const string ApiLogin = "hcc_test_api";

    /// <summary>Database name (hcc_test_…).</summary>
    public string Name { get; }

    /// <summary>Connection string to the test database as the schema owner (migrations, test checks).</summary>
    public string ConnectionString { get; }

    /// <summary>Connection string to the test database as the API's least-privilege login.</summary>
    public string ApiConnectionString { get; }

    /// <summary>Creates the database on <paramref name="server"/>, by default the server of <c>HCC_TEST_PG</c>.</summary>
    public static async Task<TestDatabase> CreateAsync(string? server = null)
    {
        server ??= Environment.GetEnvironmentVariable("HCC_TEST_PG")
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
            await CreateApiLoginAsync(connection);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            throw new InvalidOperationException(
                $"PostgreSQL at {admin.Host}:{admin.Port} is not reachable for the integration tests ({e.Message}).", e);
        }

        var database = new NpgsqlConnectionStringBuilder(server) { Database = name };
        var api = new NpgsqlConnectionStringBuilder(server) { Database = name, Username = ApiLogin, Password = ApiLogin };
        return new TestDatabase(admin.ConnectionString, name, database.ConnectionString, api.ConnectionString);
    }

    // The roles are the cluster's, shared by every test database: created once, by whichever run gets there first.
    private static async Task CreateApiLoginAsync(NpgsqlConnection connection)
    {
        const string sql = $"""
            DO $$ BEGIN
                IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'hcc_api') THEN CREATE ROLE hcc_api NOLOGIN; END IF;
                IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{ApiLogin}') THEN
                    CREATE ROLE {ApiLogin} LOGIN PASSWORD '{ApiLogin}' IN ROLE hcc_api;
                END IF;
            END $$;
            """;
        try
        {
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DuplicateObject or PostgresErrorCodes.UniqueViolation)
        {
            // Another test process created it at the same moment.
        }
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
