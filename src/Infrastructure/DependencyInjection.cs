using HccOutcomes.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HccOutcomes.Infrastructure;

/// <summary>Registers persistence services.</summary>
public static class DependencyInjection
{
    /// <summary>
    /// Adds <see cref="HccDbContext"/> on Npgsql with snake_case names (so analysts can query the
    /// tables from psql or R without quoting). A missing connection string is allowed so that
    /// tooling (OpenAPI generation) can start the app without a database.
    /// </summary>
    public static IServiceCollection AddInfrastructure(this IServiceCollection services, string? connectionString)
    {
        // Pooled: a single-patient PUT is short enough that building a fresh context per request showed in profiles.
        services.AddDbContextPool<HccDbContext>(options => options
            .UseNpgsql(WithAutoPrepare(connectionString), npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history"))
            .UseSnakeCaseNamingConvention());
        services.AddScoped<Registry.PatientWriter>();
        services.AddScoped<Registry.IPatientWriteStep, Outcomes.OutcomeWriteStep>();
        services.AddOptions<Outcomes.OutcomeOptions>();

        return services;
    }

    // The registry's statements repeat (one text per table, or per table and row count for the VALUES of a few rows,
    // BulkCopy.ValuesRows): let Npgsql prepare them.
    private static string? WithAutoPrepare(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return connectionString;
        }

        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (builder.MaxAutoPrepare == 0)
        {
            builder.MaxAutoPrepare = 256;
            builder.AutoPrepareMinUsages = 2;
        }

        // Every use of a pooled connection otherwise starts with eight reset statements (RESET ALL, UNLISTEN, …). The
        // application keeps no session state: settings are SET LOCAL and staging tables ON COMMIT DROP.
        builder.NoResetOnClose = true;

        return builder.ConnectionString;
    }
}
