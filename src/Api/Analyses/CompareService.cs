using HccOutcomes.Api.Contracts.Analyses;
using HccOutcomes.Api.Errors;
using HccOutcomes.Domain;
using HccOutcomes.Domain.Conventions;
using HccOutcomes.Infrastructure.Access;
using HccOutcomes.Infrastructure.Analysis;
using HccOutcomes.Infrastructure.Outcomes;
using HccOutcomes.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace HccOutcomes.Api.Analyses;

/// <summary>The analysis rows of recently compared cohorts, at most 500,000 patients' worth (about 1 KiB each).</summary>
public sealed class AnalysisRowCache
{
    /// <summary>The cache; entries are sized in patients.</summary>
    public IMemoryCache Cache { get; } = new MemoryCache(new MemoryCacheOptions { SizeLimit = 500_000 });
}

/// <summary>Runs <c>/analyses/compare</c>: loads the cohort's narrow analysis rows once, forms the groups, computes the sections.</summary>
public sealed class CompareService(
    HccDbContext db, AnalysisRowCache rowCache, IActorAccessor actors, IOptions<PersistenceTuning> tuning, ILogger<CompareService> logger)
{
    /// <summary>Computes the comparison (the request is already validated).</summary>
    public async Task<CompareResponse> CompareAsync(CompareRequest request, CancellationToken cancellationToken)
    {
        var cohortId = request.CohortId!.Value;
        var options = CompareOptions.From(request);
        var timer = System.Diagnostics.Stopwatch.StartNew();
        var (patients, derivation, contentVersion) = await LoadAsync(cohortId, request.DataCutoffDate, cancellationToken);
        var lockedAt = await db.Cohorts.Where(c => c.Id == cohortId).Select(c => c.LockedAt).FirstOrDefaultAsync(cancellationToken);

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

        // A filter that matches nobody is almost always a typo in a label ("TACE+sorafenib"): say so, with what exists.
        var empty = Enumerable.Range(0, names.Count).Where(g => members[g].Count == 0).ToList();
        if (empty.Count > 0)
        {
            var arms = patients.GroupBy(p => p.Arm, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => $"'{g.Key}' ({g.Count()})");
            throw new RequestValidationException(
                empty.ToDictionary(g => $"groups[{g}].filter", _ => new[] { "No patient of the cohort matches this group's filter." }),
                $"Group(s) {string.Join(", ", empty.Select(g => $"'{names[g]}'"))} match no patient. Arms in the cohort: " +
                (patients.Count == 0 ? "none (the cohort has no patients)" : string.Join(", ", arms)) + ". Labels are compared exactly.",
                StatusCodes.Status422UnprocessableEntity);
        }

        var reference = request.Reference ?? names[0];
        var engine = new CompareEngine(names, members, reference, options);
        var has = options.Sections.ToHashSet();
        var enoughForSurvival = members.Count(m => m.Count > 0) >= 1;

        var loaded = timer.Elapsed;

        // Sections are independent: run them side by side.
        var criteria = options.Criteria;
        var baseline = Section(CompareSection.Baseline, engine.Baseline);
        var response = Section(CompareSection.Response, () => criteria.Select(engine.Response).ToList());
        var pfs = Section(CompareSection.Pfs, () => criteria.Select(c => engine.Survival("PFS", c, p => p.Pfs(c))).ToList(), enoughForSurvival);
        var os = Section(CompareSection.Os, () => engine.Survival("OS", null, p => p.Os), enoughForSurvival);
        var safety = Section(CompareSection.Safety, engine.Safety);
        var subgroups = Section(
            CompareSection.Subgroups,
            () => new List<SubgroupSection> { engine.Subgroups("PFS", criteria[0], p => p.Pfs(criteria[0])), engine.Subgroups("OS", null, p => p.Os) },
            enoughForSurvival);
        var adjustment = request.Adjustment is { Method: not (null or "none") } a
            ? Task.Run<AdjustmentSection?>(() => engine.Adjustment(a), cancellationToken)
            : Task.FromResult<AdjustmentSection?>(null);
        await Task.WhenAll(baseline, response, pfs, os, safety, subgroups, adjustment);

        if (patients.Count >= 10_000)
        {
            logger.LogInformation(
                "Compare of {Patients} patients: rows {LoadMs:F0} ms, sections {SectionsMs:F0} ms",
                patients.Count, loaded.TotalMilliseconds, (timer.Elapsed - loaded).TotalMilliseconds);
        }

        Task<T?> Section<T>(CompareSection section, Func<T> compute, bool possible = true) where T : class =>
            has.Contains(section) && possible ? Task.Run<T?>(() => compute(), cancellationToken) : Task.FromResult<T?>(null);

        return new CompareResponse(
            cohortId,
            reference,
            new CompareSettings(
                options.Sections, options.Criteria, options.Landmarks, options.CategoricalTest, options.MedianConvention,
                options.Quantiles == Analysis.Continuous.QuantileDefinition.SpssType6 ? "SPSS (type 6)" : "R (type 7)",
                options.Ties, options.PrimaryTest, options.Level, "months (days / 30.4375)"),
            names.Select((n, g) => new GroupSize(n, members[g].Count)).ToList(),
            new Consort(patients.Count, inNone, inSeveral, engine.Exclusions),
            baseline.Result, response.Result, pfs.Result, os.Result, safety.Result, subgroups.Result, derivation, adjustment.Result)
        {
            Data = new CohortDataState(contentVersion, lockedAt is not null, lockedAt),
        };
    }

    /// <summary>
    /// The cohort's analysis rows, from a cache keyed by the cohort's version (which every committed write moves), so
    /// that repeated comparisons of unchanged data skip the database read. A data cut-off other than the cohort's own
    /// derives the outcomes again at it (cached under the version and cut-off), since the stored rows hold the cohort's.
    /// </summary>
    private IMemoryCache Cache => rowCache.Cache;

    private async Task<(List<AnalysisPatient> Patients, DerivationUsed Derivation, string ContentVersion)> LoadAsync(
        Guid cohortId, DateOnly? cutoff, CancellationToken cancellationToken)
    {
        // A cohort the client is not granted is answered like one that does not exist.
        if (!actors.Current.MayAccess(cohortId))
        {
            throw new NotFoundException($"Cohort {cohortId} does not exist.");
        }

        var settings = await DerivationSettingsStore.CurrentAsync(db, cohortId, cancellationToken);
        if (cutoff is null || cutoff == settings.DataCutoffDate)
        {
            var (storedVersion, stored) = await LoadStoredAsync(cohortId, cancellationToken);
            return (stored, Used(settings, settings.DataCutoffDate is null ? "none" : "cohort"), storedVersion);
        }

        var version = await CohortVersion.ReadAsync(db, cohortId, cancellationToken) ?? throw new NotFoundException($"Cohort {cohortId} does not exist.");
        var key = (nameof(CompareService), cohortId, version, cutoff.Value);
        if (!Cache.TryGetValue(key, out List<AnalysisPatient>? patients) || patients is null)
        {
            patients = await CohortAnalysisQuery.DeriveAsync(db, cohortId, settings.WithCutoff(cutoff), tuning.Value, cancellationToken);
            Cache.Set(key, patients, new MemoryCacheEntryOptions { Size = Math.Max(1, patients.Count), SlidingExpiration = TimeSpan.FromMinutes(30) });
        }

        return (patients, Used(settings.WithCutoff(cutoff), "request"), version);

        static DerivationUsed Used(DerivationSettings s, string source) => new(s.Version, s.PfsRuleSet, s.DataCutoffDate, source);
    }

    private async Task<(string Version, List<AnalysisPatient> Patients)> LoadStoredAsync(Guid cohortId, CancellationToken cancellationToken)
    {
        List<AnalysisPatient>? cached = null;
        var loaded = await CohortAnalysisQuery.LoadAsync(
            db, cohortId, version => Cache.TryGetValue(Key(version), out cached) ? cached : null, cancellationToken)
            ?? throw new NotFoundException($"Cohort {cohortId} does not exist.");
        var (version, patients) = loaded;
        if (cached is null)
        {
            Cache.Set(Key(version), patients, new MemoryCacheEntryOptions { Size = Math.Max(1, patients.Count), SlidingExpiration = TimeSpan.FromMinutes(30) });
        }

        return (version, patients);

        (string, Guid, string) Key(string version) => (nameof(CompareService), cohortId, version);
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
