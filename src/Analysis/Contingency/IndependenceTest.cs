namespace HccOutcomes.Analysis.Contingency;

/// <summary>How <see cref="IndependenceTest"/> chooses its test.</summary>
public enum TestSelectionPolicy
{
    /// <summary>Fisher's exact test when any expected count is below 5 (the threshold is configurable), else Pearson's chi-square.</summary>
    FisherWhenAnyExpectedBelowFive,

    /// <summary>Always Fisher's exact test; what the reference paper's p-values turn out to be (Li et al. 2022).</summary>
    AlwaysFisher,

    /// <summary>Always Pearson's chi-square (with Yates for 2×2 only when asked).</summary>
    AlwaysChiSquare,
}

/// <summary>The test that <see cref="IndependenceTest"/> ran.</summary>
public enum IndependenceTestKind
{
    /// <summary>Fisher's exact test (two-sided).</summary>
    FisherExact,

    /// <summary>Pearson's chi-square without continuity correction.</summary>
    PearsonChiSquare,

    /// <summary>Pearson's chi-square with Yates' continuity correction (2×2 only).</summary>
    PearsonChiSquareYates,
}

/// <summary>Result of <see cref="IndependenceTest.Run"/>.</summary>
/// <param name="TestUsed">The test that produced <paramref name="PValue"/>.</param>
/// <param name="PValue">Two-sided p-value (NaN when chi-square was forced on a table with an empty row or column).</param>
/// <param name="ChiSquare">The chi-square statistic when a chi-square test was used, else null.</param>
/// <param name="DegreesOfFreedom">(r − 1)(c − 1) when a chi-square test was used, else null.</param>
/// <param name="MinimumExpectedCount">Smallest expected count R_i·C_j/N, the quantity the automatic rule looks at.</param>
/// <param name="Reason">Why this test was chosen, in words.</param>
public sealed record IndependenceTestResult(
    IndependenceTestKind TestUsed,
    double PValue,
    double? ChiSquare,
    int? DegreesOfFreedom,
    double MinimumExpectedCount,
    string Reason);

/// <summary>
/// Test of independence for a contingency table with the test chosen by a policy: "Fisher when any expected count
/// is &lt; 5, else Pearson" (a common textbook rule, Cochran 1954), "always Fisher" (what reproduces the reference
/// paper), or "always chi-square". The result names the test used.
/// </summary>
/// <remarks>
/// <para>Expected counts are E_ij = R_i·C_j/N. An empty row or column makes some E_ij = 0 &lt; threshold, so the
/// automatic rule picks Fisher; an all-zero table (N = 0) also goes to Fisher, which returns p = 1.</para>
/// <para>Reference: <see cref="FisherExactTest"/> and <see cref="PearsonChiSquareTest"/> (R <c>fisher.test</c>,
/// <c>chisq.test</c>).</para>
/// </remarks>
public static class IndependenceTest
{
    /// <summary>The default expected-count threshold of the automatic rule.</summary>
    public const double DefaultExpectedThreshold = 5.0;

    /// <summary>Chooses and runs the test.</summary>
    /// <param name="table">The table.</param>
    /// <param name="policy">The selection policy.</param>
    /// <param name="yatesForTwoByTwo">When a chi-square test is used on a 2×2 table, apply Yates' correction
    /// (R's <c>chisq.test</c> default is TRUE; SPSS reports both). Default false (plain Pearson).</param>
    /// <param name="expectedThreshold">Threshold of the automatic rule (default 5).</param>
    /// <param name="fisherOptions">Options for the exact test.</param>
    /// <exception cref="ArgumentException">Unknown policy or a threshold that is NaN or negative.</exception>
    /// <exception cref="ContingencyTableTooLargeException">Fisher was chosen and the table is too large.</exception>
    public static IndependenceTestResult Run(
        ContingencyTable table,
        TestSelectionPolicy policy,
        bool yatesForTwoByTwo = false,
        double expectedThreshold = DefaultExpectedThreshold,
        FisherExactOptions? fisherOptions = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (double.IsNaN(expectedThreshold) || expectedThreshold < 0)
        {
            throw new ArgumentException("The expected-count threshold must be a non-negative number.", nameof(expectedThreshold));
        }

        var minimumExpected = table.MinimumExpectedCount();
        bool fisher;
        string reason;
        switch (policy)
        {
            case TestSelectionPolicy.AlwaysFisher:
                fisher = true;
                reason = "Policy: always Fisher's exact test.";
                break;
            case TestSelectionPolicy.AlwaysChiSquare:
                fisher = false;
                reason = "Policy: always Pearson's chi-square.";
                break;
            case TestSelectionPolicy.FisherWhenAnyExpectedBelowFive:
                fisher = double.IsNaN(minimumExpected) || minimumExpected < expectedThreshold;
                reason = fisher
                    ? $"Smallest expected count {minimumExpected:G4} < {expectedThreshold:G4}: Fisher's exact test."
                    : $"All expected counts ≥ {expectedThreshold:G4} (smallest {minimumExpected:G4}): Pearson's chi-square.";
                break;
            default:
                throw new ArgumentException($"Unknown policy {policy}.", nameof(policy));
        }

        if (fisher)
        {
            var exact = FisherExactTest.Compute(table, fisherOptions);
            return new IndependenceTestResult(IndependenceTestKind.FisherExact, exact.PValue, null, null, minimumExpected, reason);
        }

        var chi = PearsonChiSquareTest.Compute(table, yatesForTwoByTwo);
        var kind = chi.YatesCorrectionApplied ? IndependenceTestKind.PearsonChiSquareYates : IndependenceTestKind.PearsonChiSquare;
        return new IndependenceTestResult(kind, chi.PValue, chi.ChiSquare, chi.DegreesOfFreedom, minimumExpected, reason);
    }
}
