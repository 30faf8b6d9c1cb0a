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

    /// <summary>Clients of the API: role, site and granted cohorts (their secrets are OpenIddict's).</summary>
    public DbSet<Access.ApiClient> ApiClients => Set<Access.ApiClient>();

    /// <summary>The embedded authorization server's token signing key.</summary>
    public DbSet<Access.TokenSigningKey> TokenSigningKeys => Set<Access.TokenSigningKey>();

    /// <summary>First answers to POSTs sent with an <c>Idempotency-Key</c>, kept 24 hours.</summary>
    public DbSet<Idempotency.IdempotencyRecord> IdempotencyKeys => Set<Idempotency.IdempotencyRecord>();

    /// <summary>Each cohort's REDCap mapping document.</summary>
    public DbSet<Interop.StoredRedcapMapping> RedcapMappings => Set<Interop.StoredRedcapMapping>();

    /// <summary>The audit trail: every change, append-only.</summary>
    public DbSet<Audit.AuditEntry> AuditEntries => Set<Audit.AuditEntry>();

    /// <summary>Times a transient database failure is retried before the request fails with 503.</summary>
    public const int TransientRetries = 3;

    /// <summary>The longest pause between two retries (they back off exponentially: about 1 s, then 2 s, 2 s).</summary>
    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The provider settings every context of the registry uses (the API's, the migrator's, design time). Transient
    /// failures (connection refused or broken, PostgreSQL starting or shutting down) are retried by Npgsql's execution
    /// strategy: single statements and queries as they are, transactions only as a whole (<see cref="RetriedTransaction"/>).
    /// </summary>
    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder options, string? connectionString) => options
        .UseNpgsql(connectionString, npgsql => npgsql
            .MigrationsHistoryTable("__ef_migrations_history")
            .EnableRetryOnFailure(TransientRetries, MaxRetryDelay, errorCodesToAdd: null))
        .UseSnakeCaseNamingConvention();

    /// <summary>
    /// Applies pending migrations as the schema owner: <c>ConnectionStrings:Migrations</c> when set, else the API's own
    /// connection. The API itself connects as a role that may not change the schema (see the migration
    /// <c>AccessAndAudit</c>), so in a least-privilege set-up the two differ.
    /// </summary>
    public static async Task MigrateAsync(string ownerConnectionString, CancellationToken cancellationToken = default)
    {
        var options = new DbContextOptionsBuilder<HccDbContext>();
        Configure(options, ownerConnectionString);
        await using var db = new HccDbContext(options.Options);
        await db.Database.MigrateAsync(cancellationToken);
    }

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(HccDbContext).Assembly);
        // OpenIddict's applications (client IDs and hashed secrets), authorizations, scopes and tokens.
        modelBuilder.UseOpenIddict();
    }
}
