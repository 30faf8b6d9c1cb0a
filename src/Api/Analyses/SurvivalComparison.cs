using HccOutcomes.Analysis.Survival;
using HccOutcomes.Api.Contracts.Analyses;
using HccOutcomes.Domain;
using HccOutcomes.Infrastructure.Analysis;

namespace HccOutcomes.Api.Analyses;

/// <summary>
/// Progression-free or overall survival compared across groups: Kaplan–Meier per group (median with CI, landmark
/// rates, median follow-up with the reverse-KM log-rank test between groups, the curve), the four weighted log-rank tests with the primary one flagged, and Cox hazard
/// ratios of each group against the reference.
/// </summary>
internal sealed class SurvivalComparison(ComparisonGroups groups, ExclusionLog exclusions, CompareOptions options)
{
    /// <summary>The test of <see cref="SurvivalSection.MedianFollowUpTest"/>.</summary>
    public const string FollowUpTestName = "Log-rank (reverse Kaplan–Meier)";

    /// <summary>One endpoint (<c>OS</c>, or <c>PFS</c> under <paramref name="criteria"/>) read from each patient by <paramref name="get"/>.</summary>
    public SurvivalSection Build(string endpoint, Criteria? criteria, Func<AnalysisPatient, TimeToEventRow?> get)
    {
        var reference = groups.Reference;
        var data = SurvivalColumns.Collect(groups, get, exclusions, endpoint == "OS" ? "os" : $"pfs ({criteria?.DisplayName()})");
        // A group with no patient for this endpoint (its filter matched nobody, or none has the endpoint) has no curve;
        // the other groups are still estimated and tested against each other.
        var order = groups.PresentWithReferenceFirst(data.Group);
        if (order.Count == 0)
        {
            return new SurvivalSection(endpoint, criteria, groups.Names.Select(EmptyGroup).ToList(), groups.HazardRatios(null), [], null,
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

        var perGroup = groups.Names.Select(name => result.Groups.FirstOrDefault(x => x.Name == name) is { } g
            ? new SurvivalGroupSection(name, g.Count, g.Events, EstimateView.From(g.Median), g.Landmarks, EstimateView.From(g.MedianFollowUp), g.Curve.Rows)
            : EmptyGroup(name)).ToList();

        // Without the reference group the fitted contrasts would be against another group: no hazard ratios then.
        var referencePresent = order[0] == reference;
        var hazardRatios = groups.HazardRatios(referencePresent ? result.Cox : null);
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

        var followUpTest = result.FollowUpTest is { } f
            ? new TestResult(FollowUpTestName, f.Test.ChiSquare, f.Test.Df, f.Test.P)
            : null;
        return (referencePresent, order.Count) switch
        {
            (false, _) => new SurvivalSection(endpoint, criteria, perGroup, hazardRatios, tests, null,
                $"The reference group '{reference}' has no patient with this endpoint, so hazard ratios against it are not estimable.", followUpTest),
            (true, 1) => new SurvivalSection(endpoint, criteria, perGroup, hazardRatios, tests, null,
                $"Only '{reference}' has patients with this endpoint, so there is nothing to compare it with.", followUpTest),
            _ => new SurvivalSection(endpoint, criteria, perGroup, hazardRatios, tests, result.Cox?.Status, result.Cox?.Message, followUpTest),
        };
    }

    private static SurvivalGroupSection EmptyGroup(string name) =>
        new(name, 0, 0, new EstimateView(null, null, null), [], new EstimateView(null, null, null), []);
}
