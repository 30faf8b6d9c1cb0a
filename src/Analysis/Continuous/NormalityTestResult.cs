namespace HccOutcomes.Analysis.Continuous;

/// <summary>Result of a normality test (<see cref="ShapiroWilkTest"/> or <see cref="LillieforsTest"/>).</summary>
/// <param name="Statistic">W for Shapiro–Wilk, D for Lilliefors.</param>
/// <param name="PValue">p-value for H0: the sample comes from a normal distribution.</param>
/// <param name="Count">Sample size.</param>
/// <param name="Method">The test's name.</param>
public sealed record NormalityTestResult(double Statistic, double PValue, int Count, string Method);
