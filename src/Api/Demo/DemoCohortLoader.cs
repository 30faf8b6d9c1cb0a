using FluentValidation;
using HccOutcomes.Api.Contracts.Patients;
using HccOutcomes.Api.Registry;
using HccOutcomes.Domain.Registry;
using HccOutcomes.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace HccOutcomes.Api.Demo;

/// <summary>Configuration section <c>Demo</c>.</summary>
public sealed class DemoOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Demo";

    /// <summary>Load the demo cohort at start-up when it does not exist yet (set by <c>./hcc run</c> unless <c>--no-demo</c>).</summary>
    public bool LoadOnStart { get; set; }

    /// <summary>Delete the demo cohort, if present, and load it again at start-up (set by <c>./hcc demo</c>).</summary>
    public bool Reload { get; set; }

    /// <summary>Stop after loading instead of serving requests (set by <c>./hcc demo</c>).</summary>
    public bool ExitAfterLoad { get; set; }
}

/// <summary>What a load did.</summary>
/// <param name="CohortId">The demo cohort.</param>
/// <param name="Loaded">False when the cohort was already there and left alone.</param>
/// <param name="Patients">Patients written.</param>
public sealed record DemoLoadResult(Guid CohortId, bool Loaded, int Patients);

/// <summary>
/// Writes the demo cohort through the application's write path: the batch validator, then
/// <see cref="PatientDocuments.WriteBatchAsync"/>, so every derived outcome table is filled by the same code as for any
/// other import. Only the cohort row itself is created here, as <c>POST /cohorts</c> does, with a fixed ID.
/// </summary>
public sealed class DemoCohortLoader(
    HccDbContext db,
    PatientDocuments documents,
    IValidator<PatientBatchRequest> validator,
    TimeProvider clock,
    ILogger<DemoCohortLoader> logger)
{
    /// <summary>Loads the demo cohort unless it exists with patients (an empty one, left by a failed load, is filled).</summary>
    public async Task<DemoLoadResult> EnsureLoadedAsync(CancellationToken cancellationToken = default)
    {
        var cohort = await db.Cohorts.AsNoTracking().FirstOrDefaultAsync(c => c.Id == DemoCohort.CohortId, cancellationToken);
        if (cohort is not null)
        {
            var count = await db.Patients.CountAsync(p => p.CohortId == DemoCohort.CohortId, cancellationToken);
            if (count > 0)
            {
                return new DemoLoadResult(DemoCohort.CohortId, false, count);
            }
        }

        return await LoadAsync(createCohort: cohort is null, cancellationToken);
    }

    /// <summary>Deletes the demo cohort (with its patients and derived rows) and loads it again.</summary>
    public async Task<DemoLoadResult> ReloadAsync(CancellationToken cancellationToken = default)
    {
        // The cohort's patients, records and derived outcomes follow by the foreign keys' ON DELETE CASCADE.
        var deleted = await db.Cohorts.Where(c => c.Id == DemoCohort.CohortId).ExecuteDeleteAsync(cancellationToken);
        if (deleted > 0)
        {
            logger.LogInformation("Demo cohort deleted for reload");
        }

        return await LoadAsync(createCohort: true, cancellationToken);
    }

    private async Task<DemoLoadResult> LoadAsync(bool createCohort, CancellationToken cancellationToken)
    {
        var patients = DemoCohort.Generate();
        var validation = await validator.ValidateAsync(new PatientBatchRequest { Patients = [.. patients] }, cancellationToken);
        if (!validation.IsValid)
        {
            throw new InvalidOperationException(
                "The generated demo cohort is invalid: " + string.Join("; ", validation.Errors.Take(10).Select(e => $"{e.PropertyName}: {e.ErrorMessage}")));
        }

        if (createCohort)
        {
            if (await db.Cohorts.AnyAsync(c => c.Name == DemoCohort.Name && c.Id != DemoCohort.CohortId, cancellationToken))
            {
                throw new InvalidOperationException($"Another cohort is already named '{DemoCohort.Name}'; rename it to load the demo cohort.");
            }

            var now = clock.GetUtcNow();
            db.Cohorts.Add(new Cohort
            {
                Id = DemoCohort.CohortId,
                Name = DemoCohort.Name,
                Description = DemoCohort.Description,
                IsSynthetic = true,
                CreatedAt = now,
                UpdatedAt = now,
            });
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }

        var results = await documents.WriteBatchAsync(DemoCohort.CohortId, patients, cancellationToken);
        logger.LogInformation("Demo cohort loaded: {Patients} synthetic patients", results.Count);
        return new DemoLoadResult(DemoCohort.CohortId, true, results.Count);
    }
}

/// <summary>Registration and start-up hook of the demo cohort.</summary>
public static class DemoHostingExtensions
{
    /// <summary>Registers <see cref="DemoCohortLoader"/> and the <c>Demo</c> options.</summary>
    public static IServiceCollection AddDemoCohort(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<DemoOptions>(configuration.GetSection(DemoOptions.Section));
        services.AddScoped<DemoCohortLoader>();
        return services;
    }

    /// <summary>
    /// At start-up (after migrations): <c>Demo:Reload</c> reloads the demo cohort, <c>Demo:LoadOnStart</c> loads it when
    /// absent. Returns true when <c>Demo:ExitAfterLoad</c> asks the process to stop instead of serving. A failed load on
    /// start is logged and the API still starts; a failed reload fails the process.
    /// </summary>
    public static async Task<bool> LoadDemoCohortIfConfiguredAsync(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<DemoOptions>>().Value;
        if (options.Reload || options.LoadOnStart)
        {
            await using var scope = app.Services.CreateAsyncScope();
            var loader = scope.ServiceProvider.GetRequiredService<DemoCohortLoader>();
            try
            {
                var result = options.Reload ? await loader.ReloadAsync() : await loader.EnsureLoadedAsync();
                app.Logger.LogInformation(
                    result.Loaded ? "Demo cohort {CohortId} ready ({Patients} patients)" : "Demo cohort {CohortId} already present ({Patients} patients)",
                    result.CohortId, result.Patients);
            }
            catch (Exception e) when (!options.Reload && e is InvalidOperationException or DbUpdateException)
            {
                app.Logger.LogError(e, "Demo cohort not loaded");
            }
        }

        return options.ExitAfterLoad;
    }
}
