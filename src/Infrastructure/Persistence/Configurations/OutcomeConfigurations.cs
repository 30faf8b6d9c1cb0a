using HccOutcomes.Domain.Outcomes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HccOutcomes.Infrastructure.Persistence.Configurations;

// Derived, per-patient outcome rows, carrying the cohort so that a cohort-wide read is one index range scan.
// They are a cache of the derivation (rebuilt by recompute), written and deleted only by the code that writes or
// deletes their patient (PatientWriter, patient and cohort delete, OutcomeRecomputer), so they carry no foreign key:
// a per-row FK check would cost as much as the insert itself on every write.
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
    }
}

internal sealed class SafetyOutcomeConfiguration : IEntityTypeConfiguration<SafetyOutcome>
{
    public void Configure(EntityTypeBuilder<SafetyOutcome> builder)
    {
        builder.ToTable("safety_outcomes");
        builder.HasKey(s => s.PatientId);
        builder.HasIndex(s => s.CohortId);
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
    }
}
