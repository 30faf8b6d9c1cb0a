using FluentValidation;
using HccOutcomes.Api.Contracts.Patients;
using HccOutcomes.Api.Registry;
using HccOutcomes.Domain.Registry;
using HccOutcomes.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace HccOutcomes.Demo;

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
    ILogger<DemoCohortLoader> logger, HccOutcomes.Infrastructure.Audit.AuditTrail audit)
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
        // The cohort's patients, records and derived outcomes follow by the foreign keys' ON DELETE CASCADE; the delete
        // and its audit entry commit together.
        var deleted = await db.InRetriedTransactionAsync(async ct =>
        {
            var count = await db.Cohorts.Where(c => c.Id == DemoCohort.CohortId).ExecuteDeleteAsync(ct);
            if (count > 0)
            {
                audit.Add(db, "demo.delete", DemoCohort.CohortId, $"cohorts/{DemoCohort.CohortId}", null, null);
                await db.SaveChangesAsync(ct);
            }

            return count;
        }, cancellationToken);
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
            audit.Add(db, "demo.load", DemoCohort.CohortId, $"cohorts/{DemoCohort.CohortId}", null, null);
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }

        var results = await documents.WriteBatchAsync(DemoCohort.CohortId, patients, cancellationToken);
        logger.LogInformation("Demo cohort loaded: {Patients} synthetic patients", results.Count);
        return new DemoLoadResult(DemoCohort.CohortId, true, results.Count);
    }
}
