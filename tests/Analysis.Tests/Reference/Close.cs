namespace HccOutcomes.Analysis.Tests.Reference;

/// <summary>Assertions of numerical agreement with a reference value.</summary>
public static class Close
{
    /// <summary>The precision the issue asks for: 1e-6 relative.</summary>
    public const double Relative = 1e-6;

    /// <summary>
    /// Asserts |actual − expected| ≤ tolerance·|expected|. NaN must match NaN and ±∞ must match exactly; an expected 0
    /// must be matched within <paramref name="absoluteAtZero"/>.
    /// </summary>
    public static void Equal(double expected, double actual, double tolerance = Relative, double absoluteAtZero = 1e-15, string? what = null)
    {
        var label = what is null ? string.Empty : what + ": ";
        if (double.IsNaN(expected))
        {
            Assert.True(double.IsNaN(actual), $"{label}expected NaN, got {actual:R}");
            return;
        }

        if (double.IsInfinity(expected))
        {
            Assert.True(expected == actual, $"{label}expected {expected}, got {actual:R}");
            return;
        }

        var error = Math.Abs(actual - expected);
        var allowed = expected == 0 ? absoluteAtZero : tolerance * Math.Abs(expected);
        Assert.True(error <= allowed,
            $"{label}expected {expected:R}, got {actual:R} (relative error {error / Math.Abs(expected):E3}, allowed {tolerance:E1})");
    }
}
