using HccOutcomes.Domain.Outcomes;
using HccOutcomes.Domain.Registry;
using HccOutcomes.Infrastructure.Outcomes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HccOutcomes.Infrastructure.Persistence.Configurations;

// Derived outcomes, one row per patient, carrying the cohort so that a cohort-wide read is one index range scan.
// They are derived from the patient's records (rebuilt by recompute) and cannot outlive the patient.
internal sealed class StoredOutcomesConfiguration : IEntityTypeConfiguration<StoredOutcomes>
{
    public void Configure(EntityTypeBuilder<StoredOutcomes> builder)
    {
        builder.ToTable("patient_outcomes");
        builder.HasStorageParameter("fillfactor", PersistenceTuning.UpdatedInPlaceFillFactor);
        // Re-analyzed after half its rows changed rather than a tenth: a replace rewrites the row with much the same
        // values, and an ANALYZE of this wide table costs a core for about a second (ADR 0011).
        builder.HasStorageParameter("autovacuum_analyze_scale_factor", PersistenceTuning.DerivedOutcomesAnalyzeScaleFactor);
        builder.HasStorageParameter("toast_tuple_target", PersistenceTuning.WideRowToastTarget);
        builder.HasKey(o => o.PatientId);
        builder.HasIndex(o => o.CohortId);
        builder.HasOne<Patient>().WithOne().HasForeignKey<StoredOutcomes>(o => o.PatientId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Cohort>().WithMany().HasForeignKey(o => o.CohortId).OnDelete(DeleteBehavior.Cascade);

        // The keys of the Domain rows are the table's own (patient, cohort) or fixed by the column group.
        builder.ComplexProperty(o => o.Recist, Response);
        builder.ComplexProperty(o => o.Mrecist, Response);
        builder.ComplexProperty(o => o.Os, TimeToEvent);
        builder.ComplexProperty(o => o.PfsRecist, TimeToEvent);
        builder.ComplexProperty(o => o.PfsMrecist, TimeToEvent);
        builder.ComplexProperty(o => o.PfsClin, TimeToEvent);
        builder.ComplexProperty(o => o.Safety, safety =>
        {
            safety.Ignore(s => s.PatientId);
            safety.Ignore(s => s.CohortId);
        });
        // Read with jsonb_to_recordset by the comparison. A row stays uncompressed up to the table's toast target; a
        // patient with a term list long enough to pass it has the list compressed, and lz4 compresses and decompresses
        // faster than the default pglz.
        builder.Property(o => o.SafetyTerms).HasJsonColumn(queriedInSql: true).UseCompressionMethod("lz4");
    }

    private static void Response(ComplexPropertyBuilder<ResponseOutcome> response)
    {
        response.Ignore(r => r.PatientId);
        response.Ignore(r => r.CohortId);
        response.Ignore(r => r.Criteria);
        response.Property(r => r.Source).HasConversion<string>().HasMaxLength(20);
        response.Property(r => r.BestOverallResponse).HasConversion<string>().HasMaxLength(2);
    }

    private static void TimeToEvent(ComplexPropertyBuilder<TimeToEventOutcome> tte)
    {
        tte.Ignore(t => t.PatientId);
        tte.Ignore(t => t.CohortId);
        tte.Ignore(t => t.ParamCd);
        tte.Property(t => t.Param).HasMaxLength(100);
        tte.Property(t => t.EventDescription).HasMaxLength(200);
        tte.Property(t => t.SourceRecord).HasMaxLength(300);
    }
}
