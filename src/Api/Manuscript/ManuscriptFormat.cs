using System.Globalization;

namespace HccOutcomes.Api.Manuscript;

/// <summary>
/// How numbers are printed in the manuscript tables: counts as "n (%)", continuous values as "mean ± SD" or
/// "median (IQR)", estimates with their CI as "17.4 (8.7–26.1)", p-values as "&lt;0.001" below the smallest printable
/// value and with <see cref="PDecimals"/> decimals otherwise. Halves round away from zero, as manuscripts and SPSS do.
/// </summary>
/// <param name="PercentDecimals">Decimals of percentages (0–3).</param>
/// <param name="ValueDecimals">Decimals of means, SDs, medians, quartiles and hazard ratios (0–4).</param>
/// <param name="SurvivalDecimals">Decimals of survival medians, follow-up and landmark rates (0–4).</param>
/// <param name="PDecimals">Decimals of p-values (2–4); a p that rounds to 0 prints as "&lt;0.001" (3 decimals), as SPSS
/// output is reported (0.00097 prints "0.001", 0.00049 "&lt;0.001").</param>
internal sealed record ManuscriptFormat(int PercentDecimals = 1, int ValueDecimals = 2, int SurvivalDecimals = 1, int PDecimals = 3)
{
    /// <summary>The placeholder of a value that does not exist (e.g. a median not reached).</summary>
    public const string Missing = "–";

    /// <summary>"35 (94.6)"; without a percentage "35".</summary>
    public string Count(int n, double? percent) =>
        percent is { } p && double.IsFinite(p) ? $"{n} ({Number(p, PercentDecimals)})" : n.ToString(CultureInfo.InvariantCulture);

    /// <summary>"54.16 ± 10.68".</summary>
    public string MeanSd(double? mean, double? sd) =>
        mean is null ? Missing : sd is null ? Number(mean, ValueDecimals) : $"{Number(mean, ValueDecimals)} ± {Number(sd, ValueDecimals)}";

    /// <summary>"7.30 (4.75–8.65)".</summary>
    public string MedianIqr(double? median, double? q1, double? q3) => Interval(median, q1, q3, ValueDecimals);

    /// <summary>
    /// An estimate with its interval, "17.4 (8.7–26.1)"; a missing estimate or limit prints as <paramref name="open"/>
    /// ("NR", not reached, for medians), an interval without limits not at all.
    /// </summary>
    public string Interval(double? estimate, double? lower, double? upper, int decimals, string open = "NR") =>
        estimate is null || !double.IsFinite(estimate.Value)
            ? open
            : lower is null && upper is null
                ? Number(estimate, decimals)
                : $"{Number(estimate, decimals)} ({Limit(lower, decimals, open)}–{Limit(upper, decimals, open)})";

    /// <summary>"&lt;0.001" when p rounds to 0, else "0.034", "1.000"; a missing p prints as "–".</summary>
    public string P(double? p)
    {
        if (p is not { } value || !double.IsFinite(value))
        {
            return Missing;
        }

        var smallest = Math.Pow(10, -PDecimals);
        return Math.Round(value, PDecimals, MidpointRounding.AwayFromZero) < smallest
            ? "<" + smallest.ToString("F" + PDecimals, CultureInfo.InvariantCulture)
            : Number(value, PDecimals);
    }

    /// <summary>The value rounded half away from zero to <paramref name="decimals"/> decimals.</summary>
    public static string Number(double? value, int decimals) =>
        value is { } v && double.IsFinite(v)
            ? Math.Round(v, decimals, MidpointRounding.AwayFromZero).ToString("F" + decimals, CultureInfo.InvariantCulture)
            : Missing;

    private static string Limit(double? value, int decimals, string open) => value is null ? open : Number(value, decimals);
}
