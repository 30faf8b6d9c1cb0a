using HccOutcomes.Api.Contracts.Analyses;
using HccOutcomes.Api.Registry;
using HccOutcomes.Domain;
using HccOutcomes.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace HccOutcomes.Api.Analyses;

/// <summary>Runs <c>/analyses/compare</c>: loads the cohort's narrow analysis rows once, forms the groups, computes the sections.</summary>
public sealed class CompareService(HccDbContext db, PatientDocuments documents)
{
    /// <summary>Computes the comparison (the request is already validated).</summary>
    public async Task<CompareResponse> CompareAsync(CompareRequest request, CancellationToken cancellationToken)
    {
        var cohortId = request.CohortId!.Value;
        await documents.EnsureCohortExistsAsync(cohortId, cancellationToken);
        var options = CompareOptions.From(request);

        List<AnalysisPatient> patients;
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            patients = await CohortAnalysisData.LoadAsync(
                (NpgsqlConnection)db.Database.GetDbConnection(), cohortId, options.Sections.Contains(CompareSection.Safety), cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        var names = request.Groups.Select(g => g.Name).ToList();
        var members = request.Groups.Select(_ => new List<AnalysisPatient>()).ToList();
        int inNone = 0, inSeveral = 0;
        foreach (var patient in patients)
        {
            var matched = 0;
            for (var g = 0; g < request.Groups.Count; g++)
            {
                if (Matches(request.Groups[g].Filter, patient))
                {
                    members[g].Add(patient);
                    matched++;
                }
            }

            if (matched == 0)
            {
                inNone++;
            }
            else if (matched > 1)
            {
                inSeveral++;
            }
        }

        var reference = request.Reference ?? names[0];
        var engine = new CompareEngine(names, members, reference, options);
        var has = options.Sections.ToHashSet();
        var enoughForSurvival = members.Count(m => m.Count > 0) >= 1;

        var baseline = has.Contains(CompareSection.Baseline) ? engine.Baseline() : null;
        var response = has.Contains(CompareSection.Response) ? options.Criteria.Select(engine.Response).ToList() : null;
        var pfs = has.Contains(CompareSection.Pfs) && enoughForSurvival
            ? options.Criteria.Select(c => engine.Survival("PFS", c, p => p.Pfs(c))).ToList()
            : null;
        var os = has.Contains(CompareSection.Os) && enoughForSurvival ? engine.Survival("OS", null, p => p.Os) : null;
        var safety = has.Contains(CompareSection.Safety) ? engine.Safety() : null;
        List<SubgroupSection>? subgroups = null;
        if (has.Contains(CompareSection.Subgroups) && enoughForSurvival)
        {
            var criteria = options.Criteria[0];
            subgroups = [engine.Subgroups("PFS", criteria, p => p.Pfs(criteria)), engine.Subgroups("OS", null, p => p.Os)];
        }

        return new CompareResponse(
            cohortId,
            reference,
            new CompareSettings(
                options.Sections, options.Criteria, options.Landmarks, options.CategoricalTest, options.MedianConvention,
                options.Quantiles == Analysis.Continuous.QuantileDefinition.SpssType6 ? "SPSS (type 6)" : "R (type 7)",
                options.Ties, options.PrimaryTest, options.Level, "months (days / 30.4375)"),
            names.Select((n, g) => new GroupSize(n, members[g].Count)).ToList(),
            new Consort(patients.Count, inNone, inSeveral, engine.Exclusions),
            baseline, response, pfs, os, safety, subgroups);
    }

    private static bool Matches(PatientFilter f, AnalysisPatient p) =>
        (f.Arm is null || string.Equals(f.Arm, p.Arm, StringComparison.Ordinal))
        && (f.BclcStages is not { Count: > 0 } || (p.BclcStage is { } s && f.BclcStages.Contains(s)))
        && (f.ChildPughClasses is not { Count: > 0 } || (p.ChildPughClass is { } c && f.ChildPughClasses.Contains(c)))
        && (f.Sex is null || f.Sex == p.Sex)
        && (f.AgeMin is null || p.AgeYears >= f.AgeMin)
        && (f.AgeMax is null || p.AgeYears <= f.AgeMax)
        && (f.EcogMax is null || (p.Ecog is { } e && e <= f.EcogMax))
        && (f.Hbv is null || p.Hbv == f.Hbv)
        && (f.Hcv is null || p.Hcv == f.Hcv)
        && (f.MacrovascularInvasion is null || p.MacrovascularInvasion == f.MacrovascularInvasion)
        && (f.ExtrahepaticMetastasis is null || p.ExtrahepaticMetastasis == f.ExtrahepaticMetastasis)
        && (f.PriorTace is null || p.PriorTace == f.PriorTace)
        && (f.PriorSystemicTherapy is null || p.PriorSystemicTherapy == f.PriorSystemicTherapy)
        && (f.OnStudyFrom is null || p.OnStudyDate >= f.OnStudyFrom)
        && (f.OnStudyTo is null || p.OnStudyDate <= f.OnStudyTo);
}
