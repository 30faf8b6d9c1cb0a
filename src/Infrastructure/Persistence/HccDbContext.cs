using HccOutcomes.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace HccOutcomes.Infrastructure.Persistence;

/// <summary>The registry's unit of work. Controllers use it directly; there is no repository layer.</summary>
public sealed class HccDbContext(DbContextOptions<HccDbContext> options) : DbContext(options)
{
    /// <summary>Cohorts.</summary>
    public DbSet<Cohort> Cohorts => Set<Cohort>();

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder)
        => modelBuilder.ApplyConfigurationsFromAssembly(typeof(HccDbContext).Assembly);
}
