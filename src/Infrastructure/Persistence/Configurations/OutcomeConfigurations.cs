using HccOutcomes.Domain.Outcomes;
using HccOutcomes.Domain.Registry;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HccOutcomes.Infrastructure.Persistence.Configurations;

// Derived, per-patient outcome rows. Each belongs to its patient (cascade), and carries the cohort so that
// a cohort-wide read is one index range scan.
internal sealed class ResponseOutcomeConfiguration : IEntityTypeConfiguration<ResponseOutcome>
{
    public void Configure(EntityTypeBuilder<ResponseOutcome> builder)
    {
        builder.ToTable("response_outcomes");
        builder.HasKey(r => new { r.PatientId, r.Criteria });
        builder.Property(r => r.Criteria).HasConversion<string>().HasMaxLength(10);
        builder.Property(r => r.Source).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.BestOverallResponse).HasConversion<string>().HasMaxLength(2);
        builder.HasIndex(r => new { r.CohortId, r.Criteria });
        builder.HasOne<Patient>().WithMany().HasForeignKey(r => r.PatientId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class TimeToEventOutcomeConfiguration : IEntityTypeConfiguration<TimeToEventOutcome>
{
    public void Configure(EntityTypeBuilder<TimeToEventOutcome> builder)
    {
        builder.ToTable("time_to_event_outcomes");
        builder.HasKey(t => new { t.PatientId, t.ParamCd });
        builder.Property(t => t.ParamCd).HasMaxLength(20);
        builder.Property(t => t.Param).HasMaxLength(100);
        builder.Property(t => t.EventDescription).HasMaxLength(200);
        builder.Property(t => t.SourceRecord).HasMaxLength(300);
        builder.HasIndex(t => new { t.CohortId, t.ParamCd });
        builder.HasOne<Patient>().WithMany().HasForeignKey(t => t.PatientId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SafetyOutcomeConfiguration : IEntityTypeConfiguration<SafetyOutcome>
{
    public void Configure(EntityTypeBuilder<SafetyOutcome> builder)
    {
        builder.ToTable("safety_outcomes");
        builder.HasKey(s => s.PatientId);
        builder.HasIndex(s => s.CohortId);
        builder.HasOne<Patient>().WithOne().HasForeignKey<SafetyOutcome>(s => s.PatientId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SafetyTermOutcomeConfiguration : IEntityTypeConfiguration<SafetyTermOutcome>
{
    public void Configure(EntityTypeBuilder<SafetyTermOutcome> builder)
    {
        builder.ToTable("safety_term_outcomes");
        builder.HasKey(s => new { s.PatientId, s.Term });
        builder.Property(s => s.Term).HasMaxLength(200);
        builder.HasIndex(s => s.CohortId);
        builder.HasOne<Patient>().WithMany().HasForeignKey(s => s.PatientId).OnDelete(DeleteBehavior.Cascade);
    }
}
