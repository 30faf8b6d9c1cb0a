using HccOutcomes.Api.Tests.Infrastructure;
using HccOutcomes.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;

namespace HccOutcomes.Api.Tests.Patients;

/// <summary>Migration RecordPatientChecksPerStatement in both directions, on a database of its own.</summary>
public sealed class RecordPatientReferenceMigrationTests
{
    private const string Previous = "StatisticsOnAccessPathsOnly";

    private static async Task<(long ForeignKeys, long Checks)> ReferencesAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT (SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND confrelid = 'patients'::regclass), " +
            "(SELECT count(*) FROM pg_trigger WHERE tgname LIKE '%\\_patient\\_exists' OR tgname LIKE '%\\_patient\\_moved')",
            connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    [Fact]
    public async Task Down_restores_the_three_foreign_keys_and_up_replaces_them_with_the_checks_again()
    {
        await using var database = await TestDatabase.CreateAsync();
        var options = new DbContextOptionsBuilder<HccDbContext>()
            .UseNpgsql(database.ConnectionString, npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history"))
            .UseSnakeCaseNamingConvention()
            .Options;
        await using var db = new HccDbContext(options);
        var migrator = db.GetService<IMigrator>();

        await migrator.MigrateAsync();
        Assert.Equal((4L, 6L), await ReferencesAsync(database.ConnectionString));

        await migrator.MigrateAsync(Previous);
        Assert.Equal((7L, 0L), await ReferencesAsync(database.ConnectionString));

        await migrator.MigrateAsync();
        Assert.Equal((4L, 6L), await ReferencesAsync(database.ConnectionString));
    }
}
