using HccOutcomes.Domain.Registry;
using HccOutcomes.Infrastructure.Outcomes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HccOutcomes.Infrastructure.Persistence.Configurations;

// Every version of a cohort's derivation settings; they describe how the cohort's outcomes were derived and cannot
// outlive the cohort.
internal sealed class DerivationSettingsConfiguration : IEntityTypeConfiguration<StoredDerivationSettings>
{
    public void Configure(EntityTypeBuilder<StoredDerivationSettings> builder)
    {
        builder.ToTable("derivation_settings", t =>
        {
            t.HasCheckConstraint("ck_derivation_settings_version", "version >= 2");
            t.HasCheckConstraint("ck_derivation_settings_days",
                "treatment_emergent_window_days >= 0 AND confirmation_min_days >= 1 AND stable_disease_min_days >= 0 AND assessment_interval_days >= 1");
        });
        builder.HasKey(s => new { s.CohortId, s.Version });
        builder.HasOne<Cohort>().WithMany().HasForeignKey(s => s.CohortId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(s => s.PfsRuleSet).HasConversion<string>().HasMaxLength(20);
    }
}
