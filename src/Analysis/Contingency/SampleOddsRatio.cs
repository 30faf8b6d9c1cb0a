using HccOutcomes.Analysis.Continuous.Numerics;

namespace HccOutcomes.Analysis.Contingency;

/// <summary>
/// The sample (unconditional, "Wald") odds ratio of a 2×2 table [[a, b], [c, d]] with the Woolf log-scale CI.
/// Differs from R's <c>fisher.test</c> estimate, which is the conditional MLE (<see cref="ConditionalOddsRatio"/>).
/// </summary>
/// <remarks>
/// <para>Formula: OR = (a·d)/(b·c); SE(log OR) = √(1/a + 1/b + 1/c + 1/d);
/// CI = exp(log OR ± z_{1−α/2}·SE).</para>
/// <para>Edge behaviour: when any cell is zero and <c>zeroCellCorrection</c> is true (the default), 0.5 is added to
/// every cell first (Haldane–Anscombe) and the result says so. Without the correction a zero cell gives an estimate of
/// 0 or +∞ (NaN when both b·c and a·d are 0) and the CI [0, +∞].</para>
/// <para>Reference: Woolf (1955); Agresti, Categorical Data Analysis, §3.1; equals the Wald interval of
/// R's <c>epitools::oddsratio.wald</c> and of <c>exp(confint.default(glm(..., binomial)))</c>.</para>
/// </remarks>
public static class SampleOddsRatio
{
    /// <summary>Computes the sample odds ratio and its Wald CI.</summary>
    /// <param name="table">A 2×2 table.</param>
    /// <param name="confidenceLevel">Confidence level in (0, 1); default 0.95.</param>
    /// <param name="zeroCellCorrection">Add 0.5 to every cell when one is zero.</param>
    /// <exception cref="ArgumentException">The table is not 2×2, or the level is outside (0, 1).</exception>
    public static OddsRatioEstimate Compute(ContingencyTable table, double confidenceLevel = 0.95, bool zeroCellCorrection = true)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (!table.IsTwoByTwo)
        {
            throw new ArgumentException("The odds ratio needs a 2×2 table.", nameof(table));
        }

        ConfidenceLevels.Validate(confidenceLevel, nameof(confidenceLevel));
        double a = table[0, 0], b = table[0, 1], c = table[1, 0], d = table[1, 1];
        var anyZero = a == 0 || b == 0 || c == 0 || d == 0;
        var corrected = anyZero && zeroCellCorrection;
        if (corrected)
        {
            a += 0.5; b += 0.5; c += 0.5; d += 0.5;
        }

        var estimate = a * d / (b * c);
        if (anyZero && !corrected)
        {
            return new OddsRatioEstimate(estimate, 0.0, double.PositiveInfinity, confidenceLevel, OddsRatioMethod.SampleWald);
        }

        var se = Math.Sqrt(1 / a + 1 / b + 1 / c + 1 / d);
        var z = ConfidenceLevels.NormalCritical(confidenceLevel);
        var log = Math.Log(estimate);
        return new OddsRatioEstimate(estimate, Math.Exp(log - z * se), Math.Exp(log + z * se), confidenceLevel,
            OddsRatioMethod.SampleWald, corrected);
    }
}
