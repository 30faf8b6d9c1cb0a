using HccOutcomes.Domain.Registry;
using HccOutcomes.Infrastructure.Interop;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HccOutcomes.Infrastructure.Persistence.Configurations;

// One REDCap mapping document per cohort, deleted with it.
internal sealed class RedcapMappingConfiguration : IEntityTypeConfiguration<StoredRedcapMapping>
{
    public void Configure(EntityTypeBuilder<StoredRedcapMapping> builder)
    {
        builder.ToTable("redcap_mappings");
        builder.HasKey(m => m.CohortId);
        builder.HasOne<Cohort>().WithMany().HasForeignKey(m => m.CohortId).OnDelete(DeleteBehavior.Cascade);
        // json, not jsonb: nothing queries inside it (ADR 0008).
        builder.Property(m => m.Document).HasColumnType("json");
        builder.Property(m => m.Version).IsConcurrencyToken();
    }
}
