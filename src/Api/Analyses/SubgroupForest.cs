using HccOutcomes.Analysis.Survival;
using HccOutcomes.Api.Contracts.Analyses;
using HccOutcomes.Domain;
using HccOutcomes.Infrastructure.Analysis;

namespace HccOutcomes.Api.Analyses;

/// <summary>
/// The forest plot: for one endpoint, the hazard ratio of each group against the reference overall and within each
/// level of each subgroup variable, with each group's n, events and median, and the likelihood-ratio test of the
/// group × subgroup interaction.
/// </summary>
internal sealed class SubgroupForest(ComparisonGroups groups, CompareOptions options)
{
    /// <summary>The <see cref="SubgroupRow.Variable"/> of the first row, all patients.</summary>
    public const string OverallVariable = "overall";

    // One endpoint's subjects as columns, in SurvivalColumns order: time, event, and the group's position in
    // OrderWithReferenceFirst. Built once; every level and interaction model selects from it by index.
    private sealed record SubgroupSubjects(double[] Time, bool[] Event, int[] Group, List<string> Order);

    /// <summary>The overall row, then each subgroup variable's levels, for one endpoint read from each patient by <paramref name="get"/>.</summary>
    public SubgroupSection Build(string endpoint, Criteria? criteria, Func<AnalysisPatient, TimeToEventRow?> get)
    {
        var data = SurvivalColumns.Collect(groups, get);
        var order = groups.OrderWithReferenceFirst();
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
                perItem[0] = [Level(OverallVariable, "Overall", "All patients", subjects, Enumerable.Range(0, n).ToArray(), null)];
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
            return new SubgroupRow(variable, label, level, groups.Names.Select(n => new SubgroupGroup(n, 0, 0, null)).ToList(), groups.HazardRatios(null), interaction);
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
        var groupOf = new int[indices.Length];
        for (var j = 0; j < indices.Length; j++)
        {
            var i = indices[j];
            time[j] = subjects.Time[i];
            events[j] = subjects.Event[i];
            groupOf[j] = renumbered[subjects.Group[i]];
        }

        var sample = SurvivalSample.Create(time, events, groupOf, names);
        var km = KaplanMeier.Fit(sample, ConfidenceTransform.Log, options.Level);
        var summaries = new List<SubgroupGroup>();
        foreach (var name in groups.Names)
        {
            var curve = km.Curves.FirstOrDefault(c => c.Group == name);
            summaries.Add(curve is null
                ? new SubgroupGroup(name, 0, 0, null)
                : new SubgroupGroup(name, curve.Count, curve.Events, curve.Median(options.MedianConvention).Estimate));
        }

        var hazardRatios = names.Count >= 2 && names[0] == groups.Reference
            ? groups.HazardRatios(CoxRegression.FitGroups(sample, null, options.Ties, options.Level, "group:") is { Converged: true } cox ? cox : null)
            : groups.HazardRatios(null);
        return new SubgroupRow(variable, label, level, summaries, hazardRatios, interaction);
    }

    /// <summary>
    /// Likelihood-ratio test of the group × subgroup interaction: Cox with group, subgroup and their products
    /// against Cox without the products; df = (groups − 1)(levels − 1). Subjects with a missing level are left out.
    /// Both designs are categorical (one covariate row per group × level cell), so they are fitted per cell.
    /// </summary>
    private double? InteractionP(SubgroupSubjects subjects, int[] levelOf, int levels)
    {
        var groupCount = subjects.Order.Count;

        // Each included subject's cell (group × level); the cells that have subjects, numbered in (group, level) order.
        int CellOf(int i) => (subjects.Group[i] * levels) + levelOf[i];
        var present = new bool[groupCount * levels];
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
        names.AddRange(Enumerable.Range(1, groupCount - 1).Select(g => $"group{g}"));
        names.AddRange(Enumerable.Range(1, levels - 1).Select(l => $"level{l}"));
        var main = names.Count;
        names.AddRange(Enumerable.Range(1, groupCount - 1).SelectMany(g => Enumerable.Range(1, levels - 1).Select(l => $"group{g}xlevel{l}")));
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
                design[c, groupCount - 1 + l - 1] = 1.0;
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
}
