namespace HccOutcomes.Analysis.Adjusted;

/// <summary>
/// The E-value of a hazard ratio: the minimum strength of association (risk-ratio scale) that an unmeasured confounder
/// would need with both treatment and outcome to explain the estimate away.
/// </summary>
/// <remarks>
/// <para>
/// The HR is first converted to a risk ratio for a common outcome, RR = (1 − 0.5^√HR)/(1 − 0.5^√(1/HR)); then with
/// RR* = RR when RR ≥ 1 and 1/RR otherwise, E = RR* + √(RR*(RR* − 1)). For the confidence interval, the limit nearest 1
/// is converted the same way, and the E-value is 1 when the interval contains 1.
/// </para>
/// <para>Edge behaviour: HR = 1 gives 1; a non-positive or non-finite HR is rejected.
/// Reference: VanderWeele &amp; Ding (2017), <i>Ann Intern Med</i> 167:268; R EValue <c>evalues.HR(rare = FALSE)</c>.</para>
/// </remarks>
public static class EValue
{
    /// <summary>E-value of a hazard ratio (common outcome).</summary>
    /// <exception cref="ArgumentOutOfRangeException">HR ≤ 0 or not finite.</exception>
    public static double OfHazardRatio(double hazardRatio)
    {
        if (!(hazardRatio > 0 && double.IsFinite(hazardRatio)))
        {
            throw new ArgumentOutOfRangeException(nameof(hazardRatio), "The hazard ratio must be finite and > 0.");
        }

        var rr = (1 - Math.Pow(0.5, Math.Sqrt(hazardRatio))) / (1 - Math.Pow(0.5, Math.Sqrt(1 / hazardRatio)));
        if (rr < 1)
        {
            rr = 1 / rr;
        }

        return rr + Math.Sqrt(rr * (rr - 1));
    }

    /// <summary>E-value of the CI limit nearest 1 (1 when the interval contains 1).</summary>
    public static double OfConfidenceLimit(double lower, double upper)
    {
        if (lower <= 1 && upper >= 1)
        {
            return 1;
        }

        return OfHazardRatio(upper < 1 ? upper : lower);
    }
}
