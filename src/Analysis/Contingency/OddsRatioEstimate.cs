namespace HccOutcomes.Analysis.Contingency;

/// <summary>Which odds ratio an <see cref="OddsRatioEstimate"/> is.</summary>
public enum OddsRatioMethod
{
    /// <summary>Conditional maximum-likelihood estimate with exact (Cornfield) CI, as R's <c>fisher.test</c>.</summary>
    ConditionalMaximumLikelihood,

    /// <summary>Sample odds ratio ad/(bc) with the Wald (Woolf) CI on the log scale.</summary>
    SampleWald,
}

/// <summary>An odds ratio of a 2×2 table [[a, b], [c, d]]: the odds of column 1 in row 1 over those in row 2.</summary>
/// <param name="Estimate">Point estimate (0 or +∞ possible for the conditional MLE).</param>
/// <param name="Lower">Lower confidence limit.</param>
/// <param name="Upper">Upper confidence limit (+∞ possible).</param>
/// <param name="ConfidenceLevel">Confidence level, for example 0.95.</param>
/// <param name="Method">Which estimator this is.</param>
/// <param name="ZeroCellCorrectionApplied">True when 0.5 was added to every cell because one was zero (Wald only).</param>
public sealed record OddsRatioEstimate(
    double Estimate,
    double Lower,
    double Upper,
    double ConfidenceLevel,
    OddsRatioMethod Method,
    bool ZeroCellCorrectionApplied = false);
