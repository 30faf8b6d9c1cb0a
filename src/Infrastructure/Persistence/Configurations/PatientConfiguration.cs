using HccOutcomes.Domain.Registry;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HccOutcomes.Infrastructure.Persistence.Configurations;

internal sealed class PatientConfiguration : IEntityTypeConfiguration<Patient>
{
    public void Configure(EntityTypeBuilder<Patient> builder)
    {
        builder.ToTable("patients");
        builder.HasStorageParameter("fillfactor", PersistenceTuning.UpdatedInPlaceFillFactor);
        builder.HasKey(p => p.Id);
        builder.Property(p => p.ExternalId).HasMaxLength(100).IsRequired();
        builder.Property(p => p.Arm).HasMaxLength(100).IsRequired();
        builder.Property(p => p.Site).HasMaxLength(100).IsRequired();
        builder.Property(p => p.Sex).HasConversion<string>().HasMaxLength(10);
        builder.Property(p => p.SourceId).HasMaxLength(200);
        builder.Property(p => p.ContentHash).HasMaxLength(64).IsRequired();
        builder.Property(p => p.Version).IsRowVersion();

        builder.ComplexProperty(p => p.Baseline, baseline =>
        {
            baseline.Property(b => b.ChildPughClass).HasConversion<string>().HasMaxLength(1);
            baseline.Property(b => b.BclcStage).HasConversion<string>().HasMaxLength(10);
            baseline.Property(b => b.DiagnosisBasis).HasConversion<string>().HasMaxLength(20);
            baseline.Property(b => b.Platelets10e9PerL).HasColumnName("baseline_platelets_10e9_per_l");
            baseline.Property(b => b.Wbc10e9PerL).HasColumnName("baseline_wbc_10e9_per_l");
        });

        // Access paths: upsert by (cohort, externalId); list and compare by arm, stage, on-study date.
        builder.HasIndex(p => new { p.CohortId, p.ExternalId }).IsUnique();
        builder.HasIndex(p => new { p.CohortId, p.Arm });
        builder.HasIndex(p => new { p.CohortId, p.OnStudyDate });

        builder.HasOne<Cohort>().WithMany().HasForeignKey(p => p.CohortId).OnDelete(DeleteBehavior.Cascade);
        // A patient's records cannot outlive it: deleting the patient (or its cohort) deletes them in the same statement.
        builder.HasMany(p => p.RadiotherapyCourses).WithOne().HasForeignKey(r => r.PatientId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(p => p.TaceSessions).WithOne().HasForeignKey(r => r.PatientId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(p => p.SorafenibCourses).WithOne().HasForeignKey(r => r.PatientId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(p => p.AntiPd1Cycles).WithOne().HasForeignKey(r => r.PatientId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(p => p.TumorAssessments).WithOne().HasForeignKey(r => r.PatientId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(p => p.AdverseEvents).WithOne().HasForeignKey(r => r.PatientId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(p => p.FollowUp).WithOne().HasForeignKey<FollowUp>(f => f.PatientId).OnDelete(DeleteBehavior.Cascade);
    }
}
