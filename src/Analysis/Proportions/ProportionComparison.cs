using HccOutcomes.Analysis.Contingency;

namespace HccOutcomes.Analysis.Proportions;

/// <summary>One group of a <see cref="ProportionComparison"/>: events out of a total.</summary>
/// <param name="Name">Group name (for reporting).</param>
/// <param name="Events">Number of events (0 ≤ events ≤ total).</param>
/// <param name="Total">Group size (&gt; 0).</param>
public sealed record ProportionGroup(string Name, int Events, int Total);

/// <summary>A group's rate with both intervals.</summary>
/// <param name="Name">Group name.</param>
/// <param name="Events">Events.</param>
/// <param name="Total">Group size.</param>
/// <param name="Rate">Events / total.</param>
/// <param name="ClopperPearson">Clopper–Pearson exact interval.</param>
/// <param name="Wilson">Wilson score interval (no continuity correction).</param>
public sealed record GroupProportion(string Name, int Events, int Total, double Rate, ProportionInterval ClopperPearson, ProportionInterval Wilson);

/// <summary>Result of <see cref="ProportionComparison.Compare"/>.</summary>
/// <param name="Groups">Each group's rate and intervals, in input order.</param>
/// <param name="Difference">Two groups only: first − second with the Newcombe interval; otherwise null.</param>
/// <param name="ConditionalOddsRatio">Two groups only: odds of an event in the first group over the second, conditional MLE
/// with exact CI as R's <c>fisher.test</c>; otherwise null.</param>
/// <param name="SampleOddsRatio">Two groups only: the same odds ratio as the sample estimate ad/(bc) with Wald CI
/// (0.5 added to each cell when one is zero); otherwise null.</param>
/// <param name="FisherExact">Fisher's exact test on the k×2 table of events and non-events; null only when the table is too
/// large for exact computation (see <paramref name="FisherExactUnavailableReason"/>).</param>
/// <param name="FisherExactUnavailableReason">Why <paramref name="FisherExact"/> is null, else null.</param>
/// <param name="PearsonChiSquare">Pearson's chi-square without correction (df = k − 1). NaN statistic and p when no
/// group has an event or every subject has one (an empty column), as in R.</param>
/// <param name="Yates">Two groups only: chi-square with Yates' correction; otherwise null.</param>
public sealed record ProportionComparisonResult(
    IReadOnlyList<GroupProportion> Groups,
    ProportionDifference? Difference,
    OddsRatioEstimate? ConditionalOddsRatio,
    OddsRatioEstimate? SampleOddsRatio,
    FisherExactResult? FisherExact,
    string? FisherExactUnavailableReason,
    ChiSquareTestResult PearsonChiSquare,
    ChiSquareTestResult? Yates);

/// <summary>
/// Compares event proportions between k ≥ 2 groups: each rate with Clopper–Pearson and Wilson intervals, and tests of
/// equal proportions on the k×2 table [events, total − events]; for two groups also the difference (Newcombe) and the
/// odds ratio. This is the library side of <c>POST /analyses/proportions</c>.
/// </summary>
/// <remarks>
/// <para>Methods: <see cref="ClopperPearsonInterval"/>, <see cref="WilsonScoreInterval"/>, <see cref="NewcombeDifferenceInterval"/>,
/// <see cref="Contingency.ConditionalOddsRatio"/>, <see cref="Contingency.SampleOddsRatio"/>, <see cref="FisherExactTest"/>,
/// <see cref="PearsonChiSquareTest"/>; each documents its formula and its R counterpart.</para>
/// <para>Edge behaviour: fewer than two groups, a total ≤ 0, negative events or events &gt; total throw
/// <see cref="ArgumentException"/> whose <see cref="ArgumentException.ParamName"/> is the field path, e.g. <c>groups[1].Events</c>.</para>
/// </remarks>
public static class ProportionComparison
{
    /// <summary>Runs the comparison.</summary>
    /// <param name="groups">Two or more groups.</param>
    /// <param name="confidenceLevel">Confidence level for every interval, in (0, 1); default 0.95.</param>
    /// <param name="fisherOptions">Options for Fisher's exact test (work limit for k &gt; 2).</param>
    /// <exception cref="ArgumentException">Invalid groups or level.</exception>
    public static ProportionComparisonResult Compare(
        IReadOnlyList<ProportionGroup> groups,
        double confidenceLevel = 0.95,
        FisherExactOptions? fisherOptions = null)
    {
        ArgumentNullException.ThrowIfNull(groups);
        if (groups.Count < 2)
        {
            throw new ArgumentException("At least two groups are needed.", nameof(groups));
        }

        if (double.IsNaN(confidenceLevel) || confidenceLevel <= 0 || confidenceLevel >= 1)
        {
            throw new ArgumentException($"The confidence level must be strictly between 0 and 1; got {confidenceLevel}.", nameof(confidenceLevel));
        }

        long grandTotal = 0;
        for (var i = 0; i < groups.Count; i++)
        {
            var g = groups[i];
            if (g is null)
            {
                throw new ArgumentException($"Group {i} is missing.", $"groups[{i}]");
            }

            ProportionArguments.Validate(g.Events, g.Total, $"groups[{i}].Events", $"groups[{i}].Total");
            grandTotal += g.Total;
        }

        if (grandTotal > int.MaxValue)
        {
            throw new ArgumentException("The total of all groups exceeds int.MaxValue.", nameof(groups));
        }

        var rates = groups
            .Select(g => new GroupProportion(
                g.Name, g.Events, g.Total, (double)g.Events / g.Total,
                ClopperPearsonInterval.Compute(g.Events, g.Total, confidenceLevel),
                WilsonScoreInterval.Compute(g.Events, g.Total, confidenceLevel)))
            .ToList();

        var counts = new int[groups.Count, 2];
        for (var i = 0; i < groups.Count; i++)
        {
            counts[i, 0] = groups[i].Events;
            counts[i, 1] = groups[i].Total - groups[i].Events;
        }

        var table = ContingencyTable.Create(counts);
        FisherExactResult? fisher = null;
        string? fisherReason = null;
        try
        {
            fisher = FisherExactTest.Compute(table, fisherOptions);
        }
        catch (ContingencyTableTooLargeException e)
        {
            fisherReason = e.Message;
        }

        var pearson = PearsonChiSquareTest.Compute(table, yatesCorrection: false);
        if (groups.Count != 2)
        {
            return new ProportionComparisonResult(rates, null, null, null, fisher, fisherReason, pearson, null);
        }

        ProportionGroup a = groups[0], b = groups[1];
        return new ProportionComparisonResult(
            rates,
            NewcombeDifferenceInterval.Compute(a.Events, a.Total, b.Events, b.Total, confidenceLevel),
            Contingency.ConditionalOddsRatio.Compute(table, confidenceLevel),
            Contingency.SampleOddsRatio.Compute(table, confidenceLevel),
            fisher,
            fisherReason,
            pearson,
            PearsonChiSquareTest.Compute(table, yatesCorrection: true));
    }
}
