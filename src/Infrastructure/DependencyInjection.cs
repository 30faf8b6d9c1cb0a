using HccOutcomes.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace HccOutcomes.Infrastructure;

/// <summary>Registers persistence services.</summary>
public static class DependencyInjection
{
    /// <summary>
    /// Adds <see cref="HccDbContext"/> on Npgsql with snake_case names (so analysts can query the tables from psql or R
    /// without quoting), the patient writer with its write steps, and <see cref="PersistenceTuning"/> from the
    /// <c>Persistence</c> section. A missing connection string (<c>ConnectionStrings:Default</c>) is allowed so that
    /// tooling (OpenAPI generation) can start the app without a database.
    /// </summary>
    public static IServiceCollection AddInfrastructure(this IServiceCollection services, IConfiguration configuration)
    {
        var tuning = configuration.GetSection(PersistenceTuning.Section).Get<PersistenceTuning>() ?? new PersistenceTuning();
        services.AddOptions<PersistenceTuning>().Bind(configuration.GetSection(PersistenceTuning.Section));
        var connectionString = WithTuning(configuration.GetConnectionString("Default"), tuning);

        // Pooled: a single-patient PUT is short enough that building a fresh context per request shows in profiles.
        services.AddDbContextPool<HccDbContext>(options => HccDbContext.Configure(options, connectionString));
        services.AddScoped<Registry.PatientWriter>();
        services.AddSingleton<Registry.PatientWriteQueue>();
        services.AddScoped<Audit.AuditTrail>();
        services.AddScoped<Registry.IPatientWriteStep, Outcomes.OutcomeWriteStep>();

        return services;
    }

    private static string? WithTuning(string? connectionString, PersistenceTuning tuning)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return connectionString;
        }

        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (builder.MaxAutoPrepare == 0)
        {
            builder.MaxAutoPrepare = tuning.MaxAutoPrepare;
            builder.AutoPrepareMinUsages = tuning.AutoPrepareMinUsages;
        }

        // Every use of a pooled connection otherwise starts with reset statements (RESET ALL, UNLISTEN, …). The
        // application keeps no session state: settings are SET LOCAL and staging tables ON COMMIT DROP.
        builder.NoResetOnClose = true;

        // Requests queue for a connection rather than all running in PostgreSQL at once (PersistenceTuning.MaxPoolSize).
        var written = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        if (!written.ContainsKey("Maximum Pool Size") && !written.ContainsKey("MaxPoolSize"))
        {
            builder.MaxPoolSize = tuning.EffectiveMaxPoolSize;
        }

        // A write sends its documents (the audit trail's JSON among them) as statement parameters; with Npgsql's
        // 8 KiB default each of them is flushed to the socket in several pieces.
        if (builder.WriteBufferSize < tuning.WriteBufferBytes)
        {
            builder.WriteBufferSize = tuning.WriteBufferBytes;
        }

        return builder.ConnectionString;
    }
}
