using HccOutcomes.Api.Contracts.Analyses;

namespace HccOutcomes.Api.Analyses;

/// <summary>
/// Table 3, treatment-related adverse events by CTCAE v5.0 term: patients with any grade and with grade ≥ 3 per group,
/// each with its test; patients with any grade ≥ 3 event, and treatment-related deaths.
/// </summary>
internal sealed class SafetyTable(ComparisonGroups groups, CategoricalTests tests)
{
    /// <summary>Terms by number of patients, then alphabetically.</summary>
    public SafetySection Build()
    {
        var count = groups.Count;
        var n = groups.Sizes();
        // Hashed, not sorted: the rows are ordered below (by count, then term).
        var any = new Dictionary<string, int[]>(StringComparer.Ordinal);
        var severe = new Dictionary<string, int[]>(StringComparer.Ordinal);
        var grade3 = new int[count];
        var deaths = new int[count];
        for (var g = 0; g < count; g++)
        {
            foreach (var p in groups.Members[g])
            {
                foreach (var (term, grade) in p.RelatedTerms)
                {
                    (any.TryGetValue(term, out var a) ? a : any[term] = new int[count])[g]++;
                    if (grade >= 3)
                    {
                        (severe.TryGetValue(term, out var s) ? s : severe[term] = new int[count])[g]++;
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
                var s = severe.TryGetValue(kv.Key, out var v) ? v : new int[count];
                return new SafetyRow(
                    kv.Key, groups.Counts(kv.Value, n), tests.Independence([kv.Value, CategoricalTests.Subtract(n, kv.Value)]),
                    groups.Counts(s, n), tests.Independence([s, CategoricalTests.Subtract(n, s)]));
            })
            .ToList();
        return new SafetySection(rows, tests.Rate(grade3, n), groups.Counts(deaths, n));
    }
}
