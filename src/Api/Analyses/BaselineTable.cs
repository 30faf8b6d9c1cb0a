using HccOutcomes.Analysis.Continuous;
using HccOutcomes.Api.Contracts.Analyses;

namespace HccOutcomes.Api.Analyses;

/// <summary>
/// Table 1, baseline characteristics: n (%) per level with Fisher's exact or chi-square for categorical variables;
/// mean ± SD with Student's t when every group passes the normality check, else median (IQR) with Mann–Whitney U.
/// </summary>
internal sealed class BaselineTable(ComparisonGroups groups, CategoricalTests tests, CompareOptions options)
{
    /// <summary>One row per variable of <see cref="BaselineVariables.All"/>.</summary>
    public BaselineSection Build() => new(BaselineVariables.All.Select(v =>
    {
        var row = Row(v);
        return groups.Count == 2 ? row with { Smd = Smd(row) } : row;
    }).ToList());

    // The SMD of a row from its group summaries (two groups): continuous from the means and SDs, categorical per level.
    private static double? Smd(BaselineRow row)
    {
        if (row.Summaries is [{ Mean: { } m1, Sd: { } s1 }, { Mean: { } m2, Sd: { } s2 }])
        {
            return HccOutcomes.Analysis.Adjusted.CovariateBalance.StandardizedDifference(m1, s1, m2, s2);
        }

        if (row.Levels is not { Count: > 0 } levels)
        {
            return null;
        }

        double? Level(LevelCounts l) => l.Counts is [{ Percent: { } p1 }, { Percent: { } p2 }]
            ? HccOutcomes.Analysis.Adjusted.CovariateBalance.StandardizedDifference(p1 / 100, p2 / 100)
            : null;
        var yes = levels.FirstOrDefault(l => l.Level == "Yes");
        if (yes is not null && levels.Count == 2)
        {
            return Level(yes);
        }

        var all = levels.Select(Level).ToList();
        return all.All(v => v is not null) ? all.MaxBy(v => Math.Abs(v!.Value)) : null;
    }

    private BaselineRow Row(BaselineVariable variable)
    {
        var count = groups.Count;
        switch (variable)
        {
            case FlagVariable flag:
                {
                    var yes = new int[count];
                    var no = new int[count];
                    for (var g = 0; g < count; g++)
                    {
                        foreach (var p in groups.Members[g])
                        {
                            if (flag.Get(p) is { } v)
                            {
                                (v ? yes : no)[g]++;
                            }
                        }
                    }

                    var known = CategoricalTests.Add(yes, no);
                    return new BaselineRow(flag.Name, flag.Label, "categorical",
                        [new LevelCounts("Yes", groups.Counts(yes, known)), new LevelCounts("No", groups.Counts(no, known))],
                        null, null, null, groups.Missing(known), tests.Independence([yes, no]));
                }

            case LevelVariable levels:
                {
                    var counts = levels.Order.ToDictionary(l => l, _ => new int[count]);
                    var known = new int[count];
                    for (var g = 0; g < count; g++)
                    {
                        foreach (var p in groups.Members[g])
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
                        present.Select(l => new LevelCounts(l, groups.Counts(counts[l], known))).ToList(),
                        null, null, null, groups.Missing(known), present.Count >= 2 ? tests.Independence(present.Select(l => counts[l]).ToArray()) : null);
                }

            case NumberVariable number:
                return Continuous(number);

            default:
                throw new InvalidOperationException(variable.GetType().Name);
        }
    }

    private BaselineRow Continuous(NumberVariable variable)
    {
        var count = groups.Count;
        var values = groups.Members.Select(m => m.Select(variable.Get).Where(v => v is not null).Select(v => v!.Value).ToArray()).ToArray();

        // Each group's values sorted once for the order statistics (normality test, quartiles); the means and the t-test
        // take them in patient order, so their sums are formed in that order.
        var sorted = values.Select(v =>
        {
            var copy = (double[])v.Clone();
            Array.Sort(copy);
            return copy;
        }).ToArray();
        var normality = new List<NormalityCheck>();
        var normal = true;
        for (var g = 0; g < count; g++)
        {
            var (normalityTest, p) = Normality(sorted[g]);
            normality.Add(new NormalityCheck(groups.Names[g], normalityTest, p));
            normal &= p is > 0.05;
        }

        var summaries = new List<ContinuousSummary>();
        for (var g = 0; g < count; g++)
        {
            var v = values[g];
            if (v.Length == 0)
            {
                summaries.Add(new ContinuousSummary(groups.Names[g], 0, null, null, null, null, null));
                continue;
            }

            var mean = MeanStandardDeviation.Compute(v);
            var q = MedianInterquartileRange.Compute(sorted[g], options.Quantiles);
            summaries.Add(new ContinuousSummary(groups.Names[g], v.Length, mean.Mean, v.Length > 1 ? mean.StandardDeviation : null, q.Median, q.LowerQuartile, q.UpperQuartile));
        }

        TestResult? test = null;
        if (count == 2 && values[0].Length >= 2 && values[1].Length >= 2)
        {
            test = TestResults.Try(() =>
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
            normality, groups.Missing(values.Select(v => v.Length).ToArray()), test ?? TestResults.NotComputed("Needs two groups with at least two values each."));
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
}
