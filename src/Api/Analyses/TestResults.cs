using HccOutcomes.Analysis.Contingency;
using HccOutcomes.Api.Contracts.Analyses;

namespace HccOutcomes.Api.Analyses;

/// <summary>A between-group test that the data cannot support is reported as "not computed" with the reason, not as an error.</summary>
internal static class TestResults
{
    /// <summary>The test of a hazard ratio's <c>p</c> (the JSON names none).</summary>
    public const string HazardRatioTest = "Wald (Cox)";

    /// <summary>The test of a subgroup row's <c>interactionP</c> (the JSON names none).</summary>
    public const string InteractionTest = "Likelihood-ratio (group × subgroup interaction)";

    /// <summary>The test's result, or "not computed" with the statistics engine's reason when it rejects the data.</summary>
    public static TestResult? Try(Func<TestResult> compute)
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

    /// <summary>A test left out, with why.</summary>
    public static TestResult NotComputed(string why) => new("not computed", null, null, null, why);
}
