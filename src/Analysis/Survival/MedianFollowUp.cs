namespace HccOutcomes.Analysis.Survival;

/// <summary>
/// Median follow-up by the reverse Kaplan–Meier method (Schemper &amp; Smith, <i>Control Clin Trials</i> 1996):
/// the Kaplan–Meier estimator with the event indicator flipped (censoring is the "event", events censor), then
/// its median. Equivalent to R's <c>quantile(survfit(Surv(time, 1 - event) ~ group, conf.type = ...), 0.5)</c>.
/// </summary>
/// <remarks>
/// The median and its CI follow the chosen convention (<see cref="SurvivalQuantiles"/> for R,
/// <see cref="SpssMedian"/> for SPSS). Null members when the reverse curve does not reach 0.5 (e.g. few
/// censorings).
/// </remarks>
public static class MedianFollowUp
{
    /// <summary>Median follow-up per group.</summary>
    /// <param name="sample">The prepared sample.</param>
    /// <param name="transform">CI transform of the reverse curve (R default log).</param>
    /// <param name="confidenceLevel">Confidence level, default 0.95.</param>
    /// <param name="convention">Median convention, default R.</param>
    /// <returns>One median per group, in group order.</returns>
    public static IReadOnlyList<SurvivalQuantile> Estimate(
        SurvivalSample sample,
        ConfidenceTransform transform = ConfidenceTransform.Log,
        double confidenceLevel = 0.95,
        MedianConvention convention = MedianConvention.R)
    {
        var reverse = KaplanMeier.FitReverse(sample, transform, confidenceLevel);
        var result = new SurvivalQuantile[reverse.Curves.Count];
        for (var g = 0; g < result.Length; g++)
        {
            result[g] = reverse.Curves[g].Median(convention);
        }

        return result;
    }

    /// <summary>
    /// Whether follow-up differs between groups: the log-rank test of the reverse Kaplan–Meier curves, as R's
    /// <c>survdiff(Surv(time, 1 - event) ~ group)</c>.
    /// </summary>
    /// <param name="sample">The prepared sample (≥ 2 groups).</param>
    /// <returns>The log-rank test of the reversed sample.</returns>
    /// <exception cref="ArgumentException">Fewer than two groups.</exception>
    public static LogRankTestResult Compare(SurvivalSample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        return WeightedLogRankTest.Compute(sample.Reversed(), LogRankWeighting.LogRank);
    }
}
