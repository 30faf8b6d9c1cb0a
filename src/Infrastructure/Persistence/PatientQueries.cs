using HccOutcomes.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace HccOutcomes.Infrastructure.Persistence;

/// <summary>Shared EF query shapes over patients.</summary>
public static class PatientQueries
{
    /// <summary>Patients with every nested record, read-only, one query per record table.</summary>
    public static IQueryable<Patient> WithAllRecords(this HccDbContext db) => db.Patients.AsNoTracking().AsSplitQuery()
        .Include(p => p.RadiotherapyCourses)
        .Include(p => p.TaceSessions)
        .Include(p => p.SorafenibCourses)
        .Include(p => p.AntiPd1Cycles)
        .Include(p => p.TumorAssessments)
        .Include(p => p.AdverseEvents)
        .Include(p => p.FollowUp);
}
