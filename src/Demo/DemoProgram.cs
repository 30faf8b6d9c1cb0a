using HccOutcomes.Api.Hosting;
using HccOutcomes.Infrastructure;
using HccOutcomes.Infrastructure.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HccOutcomes.Demo;

/// <summary>
/// <c>HccOutcomes.Demo [--reload]</c>: brings the API's database up to date (migrations), loads the demo cohort when it is
/// absent, or deletes and reloads it with <c>--reload</c>, and exits. <c>./hcc run</c> runs it before starting the API,
/// <c>./hcc demo</c> with <c>--reload</c>.
/// </summary>
/// <remarks>
/// The host is built from the API's own registrations and reads its configuration as the API does (appsettings, environment,
/// command line), so the cohort goes through the API's batch validator and patient write path with the same derivation
/// options (<c>Outcomes</c>) and content hashing as any import. The host is never started: nothing is served.
/// </remarks>
public static class DemoProgram
{
    /// <summary>Command-line help.</summary>
    public const string Usage =
        "usage: HccOutcomes.Demo [--reload] [--Section:Key=value ...]\n" +
        "  Applies the migrations to ConnectionStrings:Default, then loads the synthetic demo cohort unless it is there.\n" +
        "  --reload   delete the demo cohort (patients and derived rows) and load it again";

    /// <summary>Exit codes: 0 the cohort is loaded, 1 it could not be loaded, 2 unknown arguments.</summary>
    public static async Task<int> Main(string[] args)
    {
        var reload = false;
        var configuration = new List<string>();
        foreach (var arg in args)
        {
            if (arg == "--reload")
            {
                reload = true;
            }
            else if (arg is "-h" or "--help")
            {
                Console.WriteLine(Usage);
                return 0;
            }
            else if (arg.StartsWith("--", StringComparison.Ordinal) && arg.Contains('=', StringComparison.Ordinal))
            {
                configuration.Add(arg);
            }
            else
            {
                // The configuration provider would silently ignore a lone "--relaod".
                Console.Error.WriteLine($"unknown argument: {arg}\n{Usage}");
                return 2;
            }
        }

        var builder = WebApplication.CreateBuilder([.. configuration]);
        builder.AddApiLogging();
        builder.Services.AddInfrastructure(builder.Configuration);
        builder.Services.AddApiControllers();
        builder.Services.AddDemoCohort();

        await using var app = builder.Build();
        if (string.IsNullOrWhiteSpace(app.Configuration.GetConnectionString("Default")))
        {
            app.Logger.LogError("No database: set ConnectionStrings__Default (./hcc run and ./hcc demo set it)");
            return 1;
        }

        try
        {
            await using var scope = app.Services.CreateAsyncScope();
            await HccDbContext.MigrateAsync(app.Configuration.GetConnectionString("Migrations") ?? app.Configuration.GetConnectionString("Default")!);
            var loader = scope.ServiceProvider.GetRequiredService<DemoCohortLoader>();
            var result = reload ? await loader.ReloadAsync() : await loader.EnsureLoadedAsync();
            app.Logger.LogInformation(
                result.Loaded ? "Demo cohort {CohortId} ready ({Patients} patients)" : "Demo cohort {CohortId} already present ({Patients} patients)",
                result.CohortId, result.Patients);
            return 0;
        }
        catch (Exception e) when (e is InvalidOperationException or DbUpdateException or System.Data.Common.DbException or TimeoutException)
        {
            app.Logger.LogError(e, "Demo cohort not loaded");
            return 1;
        }
    }
}

/// <summary>Registration of the demo cohort loader on top of the API's services.</summary>
public static class DemoServiceCollectionExtensions
{
    /// <summary>Registers <see cref="DemoCohortLoader"/>; its dependencies are the API's (<c>AddApiControllers</c>, <c>AddInfrastructure</c>).</summary>
    public static IServiceCollection AddDemoCohort(this IServiceCollection services)
    {
        services.AddScoped<DemoCohortLoader>();
        return services;
    }
}
