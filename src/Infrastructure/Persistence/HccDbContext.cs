using HccOutcomes.Domain.Registry;
using HccOutcomes.Infrastructure.Outcomes;
using Microsoft.EntityFrameworkCore;

namespace HccOutcomes.Infrastructure.Persistence;

/// <summary>The registry's unit of work. Controllers use it directly; there is no repository layer.</summary>
public sealed class HccDbContext(DbContextOptions<HccDbContext> options) : DbContext(options)
{
    /// <summary>Cohorts.</summary>
    public DbSet<Cohort> Cohorts => Set<Cohort>();

    /// <summary>Patients (with baseline characteristics).</summary>
    public DbSet<Patient> Patients => Set<Patient>();

    /// <summary>Radiotherapy courses.</summary>
    public DbSet<RadiotherapyCourse> RadiotherapyCourses => Set<RadiotherapyCourse>();

    /// <summary>TACE sessions.</summary>
    public DbSet<TaceSession> TaceSessions => Set<TaceSession>();

    /// <summary>Sorafenib courses.</summary>
    public DbSet<SorafenibCourse> SorafenibCourses => Set<SorafenibCourse>();

    /// <summary>Anti-PD1 cycles.</summary>
    public DbSet<AntiPd1Cycle> AntiPd1Cycles => Set<AntiPd1Cycle>();

    /// <summary>Tumor assessments.</summary>
    public DbSet<TumorAssessment> TumorAssessments => Set<TumorAssessment>();

    /// <summary>Adverse events.</summary>
    public DbSet<AdverseEvent> AdverseEvents => Set<AdverseEvent>();

    /// <summary>Follow-up status.</summary>
    public DbSet<FollowUp> FollowUps => Set<FollowUp>();

    /// <summary>Derived outcomes, one row per patient (best overall responses, time-to-event parameters, safety).</summary>
    public DbSet<StoredOutcomes> PatientOutcomes => Set<StoredOutcomes>();

    /// <summary>Every version of each cohort's derivation settings.</summary>
    public DbSet<StoredDerivationSettings> DerivationSettings => Set<StoredDerivationSettings>();

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder)
        => modelBuilder.ApplyConfigurationsFromAssembly(typeof(HccDbContext).Assembly);
}
