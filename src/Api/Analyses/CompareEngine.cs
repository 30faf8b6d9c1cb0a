using HccOutcomes.Infrastructure.Analysis;
using HccOutcomes.Analysis.Contingency;
using HccOutcomes.Analysis.Continuous;
using HccOutcomes.Analysis.Proportions;
using HccOutcomes.Analysis.Survival;
using HccOutcomes.Api.Contracts.Analyses;
using HccOutcomes.Domain;

namespace HccOutcomes.Api.Analyses;

/// <summary>The comparison options with defaults filled in.</summary>
internal sealed record CompareOptions(
    IReadOnlyList<CompareSection> Sections, IReadOnlyList<Criteria> Criteria, IReadOnlyList<double> Landmarks,
    CategoricalTestChoice CategoricalTest, MedianConvention MedianConvention, CoxTies Ties, SurvivalTestChoice PrimaryTest,
    IReadOnlyList<SubgroupVariable> Subgroups, double Level)
{
    public QuantileDefinition Quantiles => MedianConvention == MedianConvention.Spss ? QuantileDefinition.SpssType6 : QuantileDefinition.RType7;

    public static CompareOptions From(CompareRequest r) => new(
        r.Sections is { Count: > 0 } s ? s.Distinct().ToList() : Enum.GetValues<CompareSection>(),
        r.Criteria is { Count: > 0 } c ? c.Distinct().ToList() : [Domain.Criteria.Recist11, Domain.Criteria.MRecist],
        r.LandmarksMonths is { Count: > 0 } l ? l.Distinct().Order().ToList() : [3, 6, 9, 12],
        r.CategoricalTest ?? CategoricalTestChoice.Auto,
        r.MedianConvention ?? MedianConvention.R,
        r.Ties ?? CoxTies.Efron,
        r.PrimarySurvivalTest ?? SurvivalTestChoice.LogRank,
        (r.Subgroups ?? []).Select(t => SubgroupVariable.TryParse(t, out var v, out _) ? v! : throw new ArgumentException(t)).ToList(),
        r.ConfidenceLevel ?? 0.95);
}

/// <summary>
/// Computes the comparison sections from the cohort's analysis rows. Sorting happens once per survival sample;
/// every other pass is linear in the number of patients.
/// </summary>
internal sealed class CompareEngine(List<string> groupNames, IReadOnlyList<List<AnalysisPatient>> members, string reference, CompareOptions options)
{
    private const double DaysPerMonth = 30.4375;
    private readonly List<Exclusion> _exclusions = [];

    /// <summary>Exclusions in a stable order (sections may run concurrently).</summary>
    public IReadOnlyList<Exclusion> Exclusions
    {
        get
        {
            lock (_exclusions)
            {
                return _exclusions.OrderBy(e => e.Analysis, StringComparer.Ordinal).ThenBy(e => groupNames.IndexOf(e.Group)).ToList();
            }
        }
    }

    private void Exclude(Exclusion exclusion)
    {
        lock (_exclusions)
        {
            _exclusions.Add(exclusion);
        }
    }

    private int G => groupNames.Count;

    // ------------------------------------------------------------------ Table 1

    public BaselineSection Baseline() => new(BaselineVariables.All.Select(BaselineRow).ToList());

    private BaselineRow BaselineRow(BaselineVariable variable)
    {
        switch (variable)
        {
            case FlagVariable flag:
            {
                var yes = new int[G];
                var no = new int[G];
                for (var g = 0; g < G; g++)
                {
                    foreach (var p in members[g])
                    {
                        if (flag.Get(p) is { } v)
                        {
                            (v ? yes : no)[g]++;
                        }
                    }
                }

                return new BaselineRow(flag.Name, flag.Label, "categorical",
                    [new LevelCounts("Yes", Counts(yes, Add(yes, no))), new LevelCounts("No", Counts(no, Add(yes, no)))],
                    null, null, null, Missing(Add(yes, no)), Categorical([yes, no]));
            }

            case LevelVariable levels:
            {
                var counts = levels.Order.ToDictionary(l => l, _ => new int[G]);
                var known = new int[G];
                for (var g = 0; g < G; g++)
                {
                    foreach (var p in members[g])
                    {
                        if (levels.Get(p) is { } v && counts.TryGetValue(v, out var c))
                        {
                            c[g]++;
                            known[g]++;
                        }
                    }
                }

                var present = levels.Order.Where(l => counts[l].Sum() > 0).ToList();
                return new BaselineRow(levels.Name, levels.Label, "categorical",
                    present.Select(l => new LevelCounts(l, Counts(counts[l], known))).ToList(),
                    null, null, null, Missing(known), present.Count >= 2 ? Categorical(present.Select(l => counts[l]).ToArray()) : null);
            }

            case NumberVariable number:
                return Continuous(number);

            default:
                throw new InvalidOperationException(variable.GetType().Name);
        }
    }

    private BaselineRow Continuous(NumberVariable variable)
    {
        var values = members.Select(m => m.Select(variable.Get).Where(v => v is not null).Select(v => v!.Value).ToArray()).ToArray();

        // Each group's values sorted once for the order statistics (normality test, quartiles); the means and the t-test
        // take them in patient order, so their sums are formed as before.
        var sorted = values.Select(v =>
        {
            var copy = (double[])v.Clone();
            Array.Sort(copy);
            return copy;
        }).ToArray();
        var normality = new List<NormalityCheck>();
        var normal = true;
        for (var g = 0; g < G; g++)
        {
            var (normalityTest, p) = Normality(sorted[g]);
            normality.Add(new NormalityCheck(groupNames[g], normalityTest, p));
            normal &= p is > 0.05;
        }

        var summaries = new List<ContinuousSummary>();
        for (var g = 0; g < G; g++)
        {
            var v = values[g];
            if (v.Length == 0)
            {
                summaries.Add(new ContinuousSummary(groupNames[g], 0, null, null, null, null, null));
                continue;
            }

            var mean = MeanStandardDeviation.Compute(v);
            var q = MedianInterquartileRange.Compute(sorted[g], options.Quantiles);
            summaries.Add(new ContinuousSummary(groupNames[g], v.Length, mean.Mean, v.Length > 1 ? mean.StandardDeviation : null, q.Median, q.LowerQuartile, q.UpperQuartile));
        }

        TestResult? test = null;
        if (G == 2 && values[0].Length >= 2 && values[1].Length >= 2)
        {
            test = Try(() =>
            {
                if (normal)
                {
                    var t = StudentTTest.Compute(values[0], values[1], options.Level);
                    return new TestResult("Student t (pooled variance)", t.T, t.DegreesOfFreedom, t.PValue);
                }

                var u = MannWhitneyUTest.Compute(values[0], values[1]);
                return new TestResult("Mann–Whitney U (normal approximation, continuity correction)", u.W, null, u.PValue);
            });
        }

        return new BaselineRow(variable.Name, variable.Label, "continuous", null, summaries, normal ? "mean ± SD" : "median (IQR)",
            normality, Missing(values.Select(v => v.Length).ToArray()), test ?? NotComputed("Needs two groups with at least two values each."));
    }

    private static (string Test, double? P) Normality(double[] values)
    {
        if (values.Length < 3)
        {
            return ("Shapiro–Wilk", null);
        }

        try
        {
            return values.Length <= 5000
                ? ("Shapiro–Wilk", ShapiroWilkTest.Compute(values).PValue)
                : ("Kolmogorov–Smirnov (Lilliefors)", LillieforsTest.Compute(values).PValue);
        }
        catch (ArgumentException)
        {
            return ("Shapiro–Wilk", null); // e.g. all values equal
        }
    }

    // ------------------------------------------------------------------ Table 2

    public ResponseSection Response(Criteria criteria)
    {
        string[] categories = ["CR", "PR", "SD", "PD", "NE"];
        var counts = categories.ToDictionary(c => c, _ => new int[G]);
        var n = members.Select(m => m.Count).ToArray();
        var waterfall = new List<WaterfallPoint>();
        var ttr = new List<double>[G];
        for (var g = 0; g < G; g++)
        {
            ttr[g] = [];
            var missing = 0;
            var noBaseline = 0;
            foreach (var p in members[g])
            {
                var r = p.Response(criteria);
                if (r is null)
                {
                    missing++;
                    counts["NE"][g]++;
                    continue;
                }

                if (r.Source == "None")
                {
                    noBaseline++;
                }

                counts[r.BestOverallResponse][g]++;
                if (r.BestPercentChange is { } change)
                {
                    waterfall.Add(new WaterfallPoint(groupNames[g], p.ExternalId, change, r.BestOverallResponse));
                }

                if (r.BestOverallResponse is "CR" or "PR" && r.TimeToResponseDays is { } days)
                {
                    ttr[g].Add(days / DaysPerMonth);
                }
            }

            var label = $"response ({criteria.DisplayName()})";
            if (missing > 0)
            {
                Exclude(new Exclusion(groupNames[g], label, "No derived response (counted as NE)", missing));
            }

            if (noBaseline > 0)
            {
                Exclude(new Exclusion(groupNames[g], label, "No evaluable baseline assessment or investigator response (counted as NE)", noBaseline));
            }
        }

        var rows = categories.Select(c => new CategoryRow(c, Counts(counts[c], n), Categorical([counts[c], Subtract(n, counts[c])]))).ToList();
        var orr = Add(counts["CR"], counts["PR"]);
        var dcr = Add(orr, counts["SD"]);
        // Largest increase first; ties (common: -100 % for every complete response) in the request's group order, then
        // by patient ID, so that the same data gives the same list whatever order the rows were stored in.
        waterfall.Sort((a, b) => b.BestPercentChange.CompareTo(a.BestPercentChange) is var byChange and not 0 ? byChange
            : a.Group == b.Group ? string.CompareOrdinal(a.ExternalId, b.ExternalId)
            : groupNames.IndexOf(a.Group).CompareTo(groupNames.IndexOf(b.Group)));
        return new ResponseSection(criteria, rows, Rate(orr, n), Rate(dcr, n), TimeToResponse(ttr), waterfall);
    }

    private TimeToResponseRow TimeToResponse(List<double>[] values)
    {
        var summaries = new List<ContinuousSummary>();
        for (var g = 0; g < G; g++)
        {
            if (values[g].Count == 0)
            {
                summaries.Add(new ContinuousSummary(groupNames[g], 0, null, null, null, null, null));
                continue;
            }

            var q = MedianInterquartileRange.Compute(values[g], options.Quantiles);
            summaries.Add(new ContinuousSummary(groupNames[g], values[g].Count, values[g].Average(), null, q.Median, q.LowerQuartile, q.UpperQuartile));
        }

        TestResult? test = G == 2 && values[0].Count > 0 && values[1].Count > 0
            ? Try(() =>
            {
                var u = MannWhitneyUTest.Compute(values[0], values[1]);
                return new TestResult("Mann–Whitney U (normal approximation, continuity correction)", u.W, null, u.PValue);
            })
            : NotComputed("Needs two groups with responders.");
        return new TimeToResponseRow(summaries, test);
    }

    // ------------------------------------------------------------------ Survival

    public SurvivalSection Survival(string endpoint, Criteria? criteria, Func<AnalysisPatient, TimeToEventRow?> get)
    {
        var data = Collect(get, endpoint == "OS" ? "os" : $"pfs ({criteria?.DisplayName()})");
        // A group with no patient for this endpoint (its filter matched nobody, or none has the endpoint) has no curve;
        // the other groups are still estimated and tested against each other.
        var order = PresentWithReferenceFirst(data.Group);
        if (order.Count == 0)
        {
            return new SurvivalSection(endpoint, criteria, groupNames.Select(EmptySurvivalGroup).ToList(), HazardRatios(null), [], null,
                "No group has a patient with this endpoint.");
        }

        var sample = SurvivalSample.FromLabels(data.Time, data.Event, data.Group, order);
        var result = SurvivalAnalysis.Run(sample, new SurvivalAnalysisOptions
        {
            ConfidenceLevel = options.Level,
            Transform = ConfidenceTransform.Log,
            MedianConvention = options.MedianConvention,
            Ties = options.Ties,
            Landmarks = options.Landmarks,
        });

        var groups = groupNames.Select(name => result.Groups.FirstOrDefault(x => x.Name == name) is { } g
            ? new SurvivalGroupSection(name, g.Count, g.Events, EstimateView.From(g.Median), g.Landmarks, EstimateView.From(g.MedianFollowUp), g.Curve.Rows)
            : EmptySurvivalGroup(name)).ToList();

        // Without the reference group the fitted contrasts would be against another group: no hazard ratios then.
        var referencePresent = order[0] == reference;
        var hazardRatios = HazardRatios(referencePresent ? result.Cox : null);
        var tests = new List<SurvivalTestRow>();
        if (result.Tests is { } t)
        {
            foreach (var (choice, test) in new[]
                     {
                         (SurvivalTestChoice.LogRank, t.LogRank), (SurvivalTestChoice.GehanBreslow, t.GehanBreslow),
                         (SurvivalTestChoice.TaroneWare, t.TaroneWare), (SurvivalTestChoice.PetoPeto, t.PetoPeto),
                     })
            {
                tests.Add(new SurvivalTestRow(choice, test.Test.ChiSquare, test.Test.Df, test.Test.P, choice == options.PrimaryTest));
            }
        }

        return (referencePresent, order.Count) switch
        {
            (false, _) => new SurvivalSection(endpoint, criteria, groups, hazardRatios, tests, null,
                $"The reference group '{reference}' has no patient with this endpoint, so hazard ratios against it are not estimable."),
            (true, 1) => new SurvivalSection(endpoint, criteria, groups, hazardRatios, tests, null,
                $"Only '{reference}' has patients with this endpoint, so there is nothing to compare it with."),
            _ => new SurvivalSection(endpoint, criteria, groups, hazardRatios, tests, result.Cox?.Status, result.Cox?.Message),
        };
    }

    private static SurvivalGroupSection EmptySurvivalGroup(string name) =>
        new(name, 0, 0, new EstimateView(null, null, null), [], new EstimateView(null, null, null), []);

    private List<HazardRatioRow> HazardRatios(CoxResult? cox) => groupNames
        .Where(n => n != reference)
        .Select(n =>
        {
            var term = cox?.Terms.FirstOrDefault(t => t.Term == "group:" + n);
            return new HazardRatioRow(n, reference, term?.HazardRatio, term?.Lower, term?.Upper, term?.P);
        })
        .ToList();

    private List<string> OrderWithReferenceFirst() => [reference, .. groupNames.Where(n => n != reference)];

    // The groups that have at least one of these subjects, in OrderWithReferenceFirst order.
    private List<string> PresentWithReferenceFirst(IEnumerable<string> subjectGroups)
    {
        var present = new HashSet<string>(subjectGroups, StringComparer.Ordinal);
        return OrderWithReferenceFirst().Where(present.Contains).ToList();
    }

    private sealed record SurvivalColumns(List<double> Time, List<bool> Event, List<string> Group, List<AnalysisPatient> Patients);

    private SurvivalColumns Collect(Func<AnalysisPatient, TimeToEventRow?> get, string analysis)
    {
        var columns = new SurvivalColumns([], [], [], []);
        for (var g = 0; g < G; g++)
        {
            var missing = 0;
            foreach (var p in members[g])
            {
                if (get(p) is not { } row)
                {
                    missing++;
                    continue;
                }

                columns.Time.Add(row.Months);
                columns.Event.Add(!row.Censored);
                columns.Group.Add(groupNames[g]);
                columns.Patients.Add(p);
            }

            if (missing > 0 && analysis.Length > 0)
            {
                Exclude(new Exclusion(groupNames[g], analysis, "No derived time-to-event row", missing));
            }
        }

        return columns;
    }

    // ------------------------------------------------------------------ Subgroups

    // One endpoint's subjects as columns, in Collect order: time, event, and the group's position in
    // OrderWithReferenceFirst. Built once; every level and interaction model selects from it by index.
    private sealed record SubgroupSubjects(double[] Time, bool[] Event, int[] Group, List<string> Order);

    public SubgroupSection Subgroups(string endpoint, Criteria? criteria, Func<AnalysisPatient, TimeToEventRow?> get)
    {
        var data = Collect(get, string.Empty);
        var order = OrderWithReferenceFirst();
        var n = data.Time.Count;
        var group = new int[n];
        for (var i = 0; i < n; i++)
        {
            group[i] = order.IndexOf(data.Group[i]);
        }

        var subjects = new SubgroupSubjects([.. data.Time], [.. data.Event], group, order);

        // Item 0 is the overall row, item v + 1 the levels of subgroup variable v.
        var perItem = new List<SubgroupRow>[options.Subgroups.Count + 1];
        Parallel.For(0, perItem.Length, item =>
        {
            if (item == 0)
            {
                perItem[0] = [Level("overall", "Overall", "All patients", subjects, Enumerable.Range(0, n).ToArray(), null)];
                return;
            }

            var variable = options.Subgroups[item - 1];
            var (levelOf, labels, members) = Levels(variable, data.Patients);
            var interaction = labels.Count >= 2 ? InteractionP(subjects, levelOf, labels.Count) : null;
            perItem[item] = labels.Select((label, l) => Level(variable.Key, variable.Label, label, subjects, members[l], interaction)).ToList();
        });

        return new SubgroupSection(endpoint, criteria, perItem.SelectMany(rows => rows).ToList());
    }

    // Each subject's level of the variable (−1 when missing), the level labels in ordinal order, and each level's
    // subjects in ascending index order.
    private static (int[] LevelOf, List<string> Labels, int[][] Members) Levels(SubgroupVariable variable, List<AnalysisPatient> patients)
    {
        var levelOf = new int[patients.Count];
        var labels = new List<string>();
        var indexOf = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < patients.Count; i++)
        {
            if (variable.LevelOf(patients[i]) is not { } label)
            {
                levelOf[i] = -1;
                continue;
            }

            // Level labels are mostly the same few string instances ("Yes", an enum's name): compare references first.
            var l = labels.Count - 1;
            while (l >= 0 && !ReferenceEquals(labels[l], label))
            {
                l--;
            }

            if (l < 0 && !indexOf.TryGetValue(label, out l))
            {
                l = labels.Count;
                indexOf.Add(label, l);
                labels.Add(label);
            }

            levelOf[i] = l;
        }

        var sorted = Enumerable.Range(0, labels.Count).OrderBy(l => labels[l], StringComparer.Ordinal).ToArray();
        var rank = new int[labels.Count];
        for (var r = 0; r < sorted.Length; r++)
        {
            rank[sorted[r]] = r;
        }

        var counts = new int[labels.Count];
        for (var i = 0; i < levelOf.Length; i++)
        {
            if (levelOf[i] >= 0)
            {
                levelOf[i] = rank[levelOf[i]];
                counts[levelOf[i]]++;
            }
        }

        var members = counts.Select(c => new int[c]).ToArray();
        var filled = new int[labels.Count];
        for (var i = 0; i < levelOf.Length; i++)
        {
            if (levelOf[i] >= 0)
            {
                members[levelOf[i]][filled[levelOf[i]]++] = i;
            }
        }

        return (levelOf, sorted.Select(l => labels[l]).ToList(), members);
    }

    private SubgroupRow Level(string variable, string label, string level, SubgroupSubjects subjects, int[] indices, double? interaction)
    {
        if (indices.Length == 0)
        {
            return new SubgroupRow(variable, label, level, groupNames.Select(n => new SubgroupGroup(n, 0, 0, null)).ToList(), HazardRatios(null), interaction);
        }

        // The groups present in this level, reference first; group indices renumbered over them.
        var present = new int[subjects.Order.Count];
        foreach (var i in indices)
        {
            present[subjects.Group[i]]++;
        }

        var renumbered = new int[present.Length];
        var names = new List<string>();
        for (var g = 0; g < present.Length; g++)
        {
            renumbered[g] = names.Count;
            if (present[g] > 0)
            {
                names.Add(subjects.Order[g]);
            }
        }

        var time = new double[indices.Length];
        var events = new bool[indices.Length];
        var groups = new int[indices.Length];
        for (var j = 0; j < indices.Length; j++)
        {
            var i = indices[j];
            time[j] = subjects.Time[i];
            events[j] = subjects.Event[i];
            groups[j] = renumbered[subjects.Group[i]];
        }

        var sample = SurvivalSample.Create(time, events, groups, names);
        var km = KaplanMeier.Fit(sample, ConfidenceTransform.Log, options.Level);
        var summaries = new List<SubgroupGroup>();
        foreach (var name in groupNames)
        {
            var curve = km.Curves.FirstOrDefault(c => c.Group == name);
            summaries.Add(curve is null
                ? new SubgroupGroup(name, 0, 0, null)
                : new SubgroupGroup(name, curve.Count, curve.Events, curve.Median(options.MedianConvention).Estimate));
        }

        var hazardRatios = names.Count >= 2 && names[0] == reference
            ? HazardRatios(CoxRegression.FitGroups(sample, null, options.Ties, options.Level, "group:") is { Converged: true } cox ? cox : null)
            : HazardRatios(null);
        return new SubgroupRow(variable, label, level, summaries, hazardRatios, interaction);
    }

    /// <summary>
    /// Likelihood-ratio test of the group × subgroup interaction: Cox with group, subgroup and their products
    /// against Cox without the products; df = (groups − 1)(levels − 1). Subjects with a missing level are left out.
    /// Both designs are categorical (one covariate row per group × level cell), so they are fitted per cell.
    /// </summary>
    private double? InteractionP(SubgroupSubjects subjects, int[] levelOf, int levels)
    {
        var groups = subjects.Order.Count;

        // Each included subject's cell (group × level); the cells that have subjects, numbered in (group, level) order.
        int CellOf(int i) => (subjects.Group[i] * levels) + levelOf[i];
        var present = new bool[groups * levels];
        var included = 0;
        for (var i = 0; i < levelOf.Length; i++)
        {
            if (levelOf[i] >= 0)
            {
                present[CellOf(i)] = true;
                included++;
            }
        }

        var number = new int[present.Length];
        var cells = new List<(int Group, int Level)>();
        for (var c = 0; c < present.Length; c++)
        {
            if (present[c])
            {
                number[c] = cells.Count;
                cells.Add((c / levels, c % levels));
            }
        }

        var time = new double[included];
        var events = new bool[included];
        var cell = new int[included];
        for (int i = 0, j = 0; i < levelOf.Length; i++)
        {
            if (levelOf[i] >= 0)
            {
                time[j] = subjects.Time[i];
                events[j] = subjects.Event[i];
                cell[j++] = number[CellOf(i)];
            }
        }

        // Columns: group indicators (reference left out), level indicators (first level left out), their products;
        // the model without interaction has the first two sets only.
        var names = new List<string>();
        names.AddRange(Enumerable.Range(1, groups - 1).Select(g => $"group{g}"));
        names.AddRange(Enumerable.Range(1, levels - 1).Select(l => $"level{l}"));
        var main = names.Count;
        names.AddRange(Enumerable.Range(1, groups - 1).SelectMany(g => Enumerable.Range(1, levels - 1).Select(l => $"group{g}xlevel{l}")));
        var design = new double[cells.Count, names.Count];
        var reducedDesign = new double[cells.Count, main];
        for (var c = 0; c < cells.Count; c++)
        {
            var (g, l) = cells[c];
            if (g > 0)
            {
                design[c, g - 1] = 1.0;
            }

            if (l > 0)
            {
                design[c, groups - 1 + l - 1] = 1.0;
            }

            if (g > 0 && l > 0)
            {
                design[c, main + ((g - 1) * (levels - 1)) + l - 1] = 1.0;
            }

            for (var j = 0; j < main; j++)
            {
                reducedDesign[c, j] = design[c, j];
            }
        }

        var sample = SurvivalSample.Create(time, events, cell, cells.Select(x => $"{x.Group}:{x.Level}").ToList());
        var reduced = CoxRegression.FitCategorical(sample, names[..main], reducedDesign, options.Ties, options.Level);
        var full = CoxRegression.FitCategorical(sample, names, design, options.Ties, options.Level);
        if (full.LogLikelihood is not { } llFull || reduced.LogLikelihood is not { } llReduced || !full.Converged || !reduced.Converged)
        {
            return null;
        }

        var statistic = Math.Max(0, 2 * (llFull - llReduced));
        return 1 - MathNet.Numerics.Distributions.ChiSquared.CDF(names.Count - main, statistic);
    }

    // ------------------------------------------------------------------ Table 3

    public SafetySection Safety()
    {
        var n = members.Select(m => m.Count).ToArray();
        // Hashed, not sorted: the rows are ordered below (by count, then term).
        var any = new Dictionary<string, int[]>(StringComparer.Ordinal);
        var severe = new Dictionary<string, int[]>(StringComparer.Ordinal);
        var grade3 = new int[G];
        var deaths = new int[G];
        for (var g = 0; g < G; g++)
        {
            foreach (var p in members[g])
            {
                foreach (var (term, grade) in p.RelatedTerms)
                {
                    (any.TryGetValue(term, out var a) ? a : any[term] = new int[G])[g]++;
                    if (grade >= 3)
                    {
                        (severe.TryGetValue(term, out var s) ? s : severe[term] = new int[G])[g]++;
                    }
                }

                if (p.AnyGrade3PlusTrae == true)
                {
                    grade3[g]++;
                }

                if (p.TreatmentRelatedDeath == true)
                {
                    deaths[g]++;
                }
            }
        }

        var rows = any
            .OrderByDescending(kv => kv.Value.Sum())
            .ThenBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv =>
            {
                var s = severe.TryGetValue(kv.Key, out var v) ? v : new int[G];
                return new SafetyRow(kv.Key, Counts(kv.Value, n), Categorical([kv.Value, Subtract(n, kv.Value)]), Counts(s, n), Categorical([s, Subtract(n, s)]));
            })
            .ToList();
        return new SafetySection(rows, Rate(grade3, n), Counts(deaths, n));
    }

    // ------------------------------------------------------------------ helpers

    private RateRow Rate(int[] events, int[] n)
    {
        var groups = new List<GroupRate>();
        for (var g = 0; g < G; g++)
        {
            if (n[g] == 0)
            {
                groups.Add(new GroupRate(groupNames[g], 0, 0, null, null, null));
                continue;
            }

            var ci = ClopperPearsonInterval.Compute(events[g], n[g], options.Level);
            groups.Add(new GroupRate(groupNames[g], events[g], n[g], ci.Estimate, ci.Lower, ci.Upper));
        }

        return new RateRow(groups, Categorical([events, Subtract(n, events)]));
    }

    /// <summary>Test of independence of group (rows) and level (columns); <paramref name="columns"/>[level][group].</summary>
    private TestResult? Categorical(int[][] columns)
    {
        var table = new int[G, columns.Length];
        for (var g = 0; g < G; g++)
        {
            for (var c = 0; c < columns.Length; c++)
            {
                table[g, c] = columns[c][g];
            }
        }

        return Try(() =>
        {
            var policy = options.CategoricalTest switch
            {
                CategoricalTestChoice.Fisher => TestSelectionPolicy.AlwaysFisher,
                CategoricalTestChoice.ChiSquare => TestSelectionPolicy.AlwaysChiSquare,
                _ => TestSelectionPolicy.FisherWhenAnyExpectedBelowFive,
            };
            var r = IndependenceTest.Run(ContingencyTable.Create(table), policy);
            var name = r.TestUsed == IndependenceTestKind.FisherExact ? "Fisher's exact" : "Pearson chi-square";
            return new TestResult(name, r.ChiSquare, r.DegreesOfFreedom, double.IsFinite(r.PValue) ? r.PValue : null, r.Reason);
        });
    }

    private static TestResult? Try(Func<TestResult> compute)
    {
        try
        {
            return compute();
        }
        catch (Exception e) when (e is ArgumentException or ContingencyTableTooLargeException)
        {
            return NotComputed(e.Message);
        }
    }

    private static TestResult NotComputed(string why) => new("not computed", null, null, null, why);

    private List<GroupCount> Counts(int[] counts, int[] of) =>
        Enumerable.Range(0, G).Select(g => new GroupCount(groupNames[g], counts[g], of[g] > 0 ? 100.0 * counts[g] / of[g] : null)).ToList();

    private List<GroupCount> Missing(int[] known) =>
        Enumerable.Range(0, G).Select(g => new GroupCount(groupNames[g], members[g].Count - known[g], null)).ToList();

    private static int[] Add(int[] a, int[] b) => a.Zip(b, (x, y) => x + y).ToArray();

    private static int[] Subtract(int[] a, int[] b) => a.Zip(b, (x, y) => x - y).ToArray();
}
