namespace HccOutcomes.Analysis.Proportions;

/// <summary>A binomial proportion with a confidence interval.</summary>
/// <param name="Events">Number of events x.</param>
/// <param name="Total">Number of trials n.</param>
/// <param name="Estimate">x / n.</param>
/// <param name="Lower">Lower confidence limit (within [0, 1]).</param>
/// <param name="Upper">Upper confidence limit (within [0, 1]).</param>
/// <param name="ConfidenceLevel">Confidence level, for example 0.95.</param>
/// <param name="Method">The interval's name.</param>
public sealed record ProportionInterval(
    int Events,
    int Total,
    double Estimate,
    double Lower,
    double Upper,
    double ConfidenceLevel,
    string Method);
