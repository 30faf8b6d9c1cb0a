using System.Globalization;

namespace HccOutcomes.Domain;

/// <summary>Invariant-culture formatting for reasoning text, so messages never depend on the server locale.</summary>
internal static class Fmt
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>ISO date, e.g. 2021-03-04.</summary>
    public static string D(DateOnly date) => date.ToString("yyyy-MM-dd", Inv);

    /// <summary>Number with at most one decimal, e.g. 84 or 84.5.</summary>
    public static string N1(double value) => value.ToString("0.#", Inv);

    /// <summary>Number with at most two decimals.</summary>
    public static string N2(double value) => value.ToString("0.##", Inv);

    /// <summary>Signed percentage with one decimal, e.g. +23.5% or -44.0%.</summary>
    public static string Pct(double value) => value.ToString("+0.0;-0.0;0.0", Inv) + "%";

    /// <summary>Signed millimetres, e.g. +16 mm.</summary>
    public static string SignedMm(double value) => value.ToString("+0.#;-0.#;0", Inv) + " mm";

    /// <summary>"1 day" / "n days".</summary>
    public static string Days(int days) => days == 1 ? "1 day" : I(days) + " days";

    /// <summary>Integer.</summary>
    public static string I(int value) => value.ToString(Inv);
}
