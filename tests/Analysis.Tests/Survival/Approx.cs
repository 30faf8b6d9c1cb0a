using System.Globalization;

namespace HccOutcomes.Analysis.Tests.Survival;

/// <summary>
/// Relative-tolerance comparison that understands R's NA (null) and exact zeros.
/// </summary>
internal static class Approx
{
    /// <summary>Absolute tolerance used when the expected value is exactly 0.</summary>
    private const double ZeroTolerance = 1e-12;

    /// <summary>
    /// Asserts |actual − expected| ≤ relTol·|expected| (≤ 1e−12 when expected is 0); null (NA) must match null.
    /// </summary>
    public static void Equal(double? expected, double? actual, double relTol, string what)
    {
        if (expected is null)
        {
            Assert.True(actual is null, $"{what}: expected NA (null) but got {Format(actual)}");
            return;
        }

        Assert.True(actual is not null, $"{what}: expected {Format(expected)} but got null");
        double e = expected.Value, a = actual!.Value;
        if (e == 0)
        {
            Assert.True(Math.Abs(a) <= ZeroTolerance, $"{what}: expected 0 but got {Format(a)}");
            return;
        }

        var rel = Math.Abs(a - e) / Math.Abs(e);
        Assert.True(rel <= relTol, $"{what}: expected {Format(e)} but got {Format(a)} (relative error {rel:E2} > {relTol:E0})");
    }

    private static string Format(double? x) => x is null ? "null" : x.Value.ToString("R", CultureInfo.InvariantCulture);
}
