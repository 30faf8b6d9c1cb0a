namespace HccOutcomes.Analysis.Continuous.Numerics;

/// <summary>Validation shared by every method that takes a confidence level.</summary>
internal static class ConfidenceLevels
{
    /// <summary>Throws unless 0 &lt; level &lt; 1.</summary>
    public static void Validate(double level, string parameterName)
    {
        if (double.IsNaN(level) || level <= 0 || level >= 1)
        {
            throw new ArgumentException($"The confidence level must be strictly between 0 and 1; got {level}.", parameterName);
        }
    }

    /// <summary>The two-sided normal critical value z_{1 − α/2}, <c>qnorm((1 + level) / 2)</c>.</summary>
    public static double NormalCritical(double level) => Probability.NormalQuantile((1 + level) / 2);
}
