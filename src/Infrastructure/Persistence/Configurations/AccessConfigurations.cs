using HccOutcomes.Infrastructure.Access;
using HccOutcomes.Infrastructure.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HccOutcomes.Infrastructure.Persistence.Configurations;

internal sealed class ApiClientConfiguration : IEntityTypeConfiguration<ApiClient>
{
    public void Configure(EntityTypeBuilder<ApiClient> builder)
    {
        builder.ToTable("api_clients");
        builder.HasKey(c => c.ClientId);
        builder.Property(c => c.ClientId).HasMaxLength(100);
        builder.Property(c => c.Name).HasMaxLength(200).IsRequired();
        builder.Property(c => c.Role).HasMaxLength(20).IsRequired();
        builder.Property(c => c.Site).HasMaxLength(100);
        builder.ToTable(t => t.HasCheckConstraint("ck_api_clients_role", "role IN ('submitter', 'dataManager', 'analyst', 'admin')"));
        // A submitter is confined to one site, so it must have one.
        builder.ToTable(t => t.HasCheckConstraint("ck_api_clients_submitter_site", "role <> 'submitter' OR site IS NOT NULL"));
    }
}

internal sealed class TokenSigningKeyConfiguration : IEntityTypeConfiguration<TokenSigningKey>
{
    public void Configure(EntityTypeBuilder<TokenSigningKey> builder)
    {
        builder.ToTable("token_signing_keys");
        builder.HasKey(k => k.Id);
        builder.Property(k => k.Id).ValueGeneratedNever();
    }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.ToTable("audit_entries");
        builder.HasStorageParameter("toast_tuple_target", PersistenceTuning.WideRowToastTarget);
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).UseIdentityAlwaysColumn();
        builder.Property(e => e.ClientId).HasMaxLength(100).IsRequired();
        builder.Property(e => e.ClientRole).HasMaxLength(20).IsRequired();
        builder.Property(e => e.ClientSite).HasMaxLength(100);
        builder.Property(e => e.Action).HasMaxLength(50).IsRequired();
        builder.Property(e => e.PatientExternalId).HasMaxLength(100);
        builder.Property(e => e.Resource).HasMaxLength(300).IsRequired();
        builder.Property(e => e.RequestId).HasMaxLength(100);
        builder.Property(e => e.Reason).HasMaxLength(1000);
        // Documents are kept, not queried inside (ADR 0008): json, compressed with lz4.
        builder.Property(e => e.Before).HasColumnType("json").UseCompressionMethod("lz4");
        builder.Property(e => e.After).HasColumnType("json").UseCompressionMethod("lz4");
        // A patient's history (newest first) and the admin's trail by cohort and time.
        builder.HasIndex(e => new { e.CohortId, e.PatientExternalId, e.Id });
        builder.HasIndex(e => e.At);
    }
}

internal sealed class IdempotencyRecordConfiguration : IEntityTypeConfiguration<Idempotency.IdempotencyRecord>
{
    public void Configure(EntityTypeBuilder<Idempotency.IdempotencyRecord> builder)
    {
        builder.ToTable("idempotency_keys");
        builder.HasKey(k => new { k.ClientId, k.Key });
        builder.Property(k => k.ClientId).HasMaxLength(100);
        builder.Property(k => k.Key).HasMaxLength(200);
        builder.Property(k => k.Request).HasMaxLength(400).IsRequired();
        builder.Property(k => k.BodyHash).HasMaxLength(64).IsRequired();
        builder.Property(k => k.ContentType).HasMaxLength(200);
        builder.Property(k => k.Location).HasMaxLength(500);
        builder.Property(k => k.ETag).HasMaxLength(100);
        // Expired keys are deleted by age.
        builder.HasIndex(k => k.CreatedAt);
    }
}
