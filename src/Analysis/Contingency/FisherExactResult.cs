namespace HccOutcomes.Analysis.Contingency;

/// <summary>Result of <see cref="FisherExactTest"/>.</summary>
/// <param name="PValue">Two-sided exact p-value: the summed probability of all tables with the observed margins that are no more probable than the observed table.</param>
/// <param name="Method">How it was computed (2×2 conditional hypergeometric, or r×c network enumeration).</param>
public sealed record FisherExactResult(double PValue, string Method);
