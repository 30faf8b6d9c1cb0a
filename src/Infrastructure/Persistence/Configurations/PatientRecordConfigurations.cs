using HccOutcomes.Domain.Registry;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HccOutcomes.Infrastructure.Persistence.Configurations;

/// <summary>Shared mapping of <see cref="PatientRecord"/>: table, key, per-patient index, sourceId uniqueness.</summary>
internal abstract class PatientRecordConfiguration<T>(string table) : IEntityTypeConfiguration<T>
    where T : PatientRecord
{
    public void Configure(EntityTypeBuilder<T> builder)
    {
        builder.ToTable(table);
        // A replace updates the records it keeps in place: free room on each page lets PostgreSQL put the new row
        // version next to the old one (a HOT update: no index entries, pruned without VACUUM).
        builder.HasStorageParameter("fillfactor", PersistenceTuning.UpdatedInPlaceFillFactor);
        builder.HasKey(r => r.Id);
        builder.Property(r => r.SourceId).HasMaxLength(200);
        // One index serves both access paths: records by patient (its leading column) and the uniqueness of a
        // sourceId within a patient (a record re-sent with the same sourceId updates the stored one; NULLs stay distinct).
        builder.HasIndex(r => new { r.PatientId, r.SourceId }).IsUnique();
        ConfigureRecord(builder);
    }

    protected abstract void ConfigureRecord(EntityTypeBuilder<T> builder);
}

internal sealed class RadiotherapyCourseConfiguration() : PatientRecordConfiguration<RadiotherapyCourse>("radiotherapy_courses")
{
    protected override void ConfigureRecord(EntityTypeBuilder<RadiotherapyCourse> builder)
    {
        builder.Property(r => r.Technique).HasConversion<string>().HasMaxLength(40);
        builder.Property(r => r.Fractions).HasJsonColumn();
        builder.Property(r => r.Eqd2Gy).HasColumnName("eqd2_gy");
    }
}

internal sealed class TaceSessionConfiguration() : PatientRecordConfiguration<TaceSession>("tace_sessions")
{
    protected override void ConfigureRecord(EntityTypeBuilder<TaceSession> builder)
    {
        builder.Property(t => t.ChemotherapyAgent).HasConversion<string>().HasMaxLength(40);
        builder.Property(t => t.ChemotherapyDoseUnit).HasConversion<string>().HasMaxLength(20);
        builder.Property(t => t.EmbolicAgent).HasConversion<string>().HasMaxLength(40);
    }
}

internal sealed class SorafenibCourseConfiguration() : PatientRecordConfiguration<SorafenibCourse>("sorafenib_courses")
{
    protected override void ConfigureRecord(EntityTypeBuilder<SorafenibCourse> builder)
    {
        builder.Property(s => s.DiscontinuationReason).HasMaxLength(500);
        builder.Property(s => s.DoseChanges).HasJsonColumn();
    }
}

internal sealed class AntiPd1CycleConfiguration() : PatientRecordConfiguration<AntiPd1Cycle>("anti_pd1_cycles")
{
    protected override void ConfigureRecord(EntityTypeBuilder<AntiPd1Cycle> builder) =>
        builder.Property(c => c.Agent).HasConversion<string>().HasMaxLength(40);
}

internal sealed class TumorAssessmentConfiguration() : PatientRecordConfiguration<TumorAssessment>("tumor_assessments")
{
    protected override void ConfigureRecord(EntityTypeBuilder<TumorAssessment> builder)
    {
        builder.Property(a => a.Modality).HasConversion<string>().HasMaxLength(10);
        builder.Property(a => a.InvestigatorRecist).HasConversion<string>().HasMaxLength(2);
        builder.Property(a => a.InvestigatorMRecist).HasConversion<string>().HasMaxLength(2);
        builder.Property(a => a.Lesions).HasJsonColumn();
    }
}

internal sealed class AdverseEventConfiguration() : PatientRecordConfiguration<AdverseEvent>("adverse_events")
{
    protected override void ConfigureRecord(EntityTypeBuilder<AdverseEvent> builder)
    {
        builder.Property(a => a.Term).HasMaxLength(200).IsRequired();
        builder.Property(a => a.CtcaeVersion).HasMaxLength(10).IsRequired();
        builder.Property(a => a.Attribution).HasConversion<string>().HasMaxLength(20);
        builder.Property(a => a.SuspectedTreatments).HasJsonColumn();
    }
}

internal sealed class FollowUpConfiguration() : PatientRecordConfiguration<FollowUp>("follow_ups")
{
    protected override void ConfigureRecord(EntityTypeBuilder<FollowUp> builder)
    {
        builder.Property(f => f.DeathCause).HasMaxLength(500);
        builder.Property(f => f.SubsequentTherapies).HasJsonColumn();
    }
}
