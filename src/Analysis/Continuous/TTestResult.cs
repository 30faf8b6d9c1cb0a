namespace HccOutcomes.Analysis.Continuous;

/// <summary>Result of a two-sample t-test (<see cref="StudentTTest"/> or <see cref="WelchTTest"/>), two-sided, H0: μx = μy.</summary>
/// <param name="T">t = (x̄ − ȳ) / SE.</param>
/// <param name="DegreesOfFreedom">Degrees of freedom (non-integer for Welch).</param>
/// <param name="PValue">Two-sided p-value, <c>2 * pt(-|t|, df)</c>.</param>
/// <param name="MeanDifference">x̄ − ȳ.</param>
/// <param name="StandardError">Standard error of the difference.</param>
/// <param name="Lower">Lower confidence limit of μx − μy.</param>
/// <param name="Upper">Upper confidence limit of μx − μy.</param>
/// <param name="ConfidenceLevel">Confidence level.</param>
/// <param name="Method">"Two Sample t-test" (pooled) or "Welch Two Sample t-test", R's names.</param>
public sealed record TTestResult(
    double T,
    double DegreesOfFreedom,
    double PValue,
    double MeanDifference,
    double StandardError,
    double Lower,
    double Upper,
    double ConfidenceLevel,
    string Method);
