using HccOutcomes.Domain.Registry;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HccOutcomes.Infrastructure.Persistence.Configurations;

internal sealed class CohortConfiguration : IEntityTypeConfiguration<Cohort>
{
    public void Configure(EntityTypeBuilder<Cohort> builder)
    {
        builder.ToTable("cohorts");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Name).HasMaxLength(200).IsRequired();
        builder.HasIndex(c => c.Name).IsUnique();
        builder.Property(c => c.Description).HasMaxLength(4000);
        builder.Property(c => c.Version).IsRowVersion();
        builder.Property(c => c.LockedBy).HasMaxLength(100);
        builder.Property(c => c.LockReason).HasMaxLength(1000);
    }
}
