namespace HccOutcomes.Domain.Clinical;

/// <summary>ALBI score and grade with the reasoning behind them.</summary>
/// <param name="Score">0.66·log10(bilirubin µmol/L) − 0.085·albumin g/L.</param>
/// <param name="Grade">1 (score ≤ −2.60), 2 (−2.60 &lt; score ≤ −1.39) or 3 (score &gt; −1.39).</param>
/// <param name="Reasoning">Human-readable derivation.</param>
public sealed record AlbiResult(double Score, int Grade, string Reasoning);

/// <summary>Albumin–bilirubin (ALBI) grade of liver function (Johnson et al., J Clin Oncol 2015).</summary>
public static class Albi
{
    /// <summary>Upper bound (inclusive) of ALBI grade 1.</summary>
    public const double Grade1UpperBound = -2.60;

    /// <summary>Upper bound (inclusive) of ALBI grade 2.</summary>
    public const double Grade2UpperBound = -1.39;

    /// <summary>ALBI score = 0.66·log10(bilirubin µmol/L) − 0.085·albumin g/L.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Bilirubin is not positive (log undefined) or albumin is negative.</exception>
    public static double Score(double bilirubinUmolPerL, double albuminGPerL)
    {
        if (!(bilirubinUmolPerL > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(bilirubinUmolPerL), bilirubinUmolPerL, "Bilirubin must be positive (µmol/L).");
        }

        if (!(albuminGPerL >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(albuminGPerL), albuminGPerL, "Albumin must not be negative (g/L).");
        }

        return (0.66 * Math.Log10(bilirubinUmolPerL)) - (0.085 * albuminGPerL);
    }

    /// <summary>ALBI grade of an (unrounded) score.</summary>
    public static int Grade(double score) =>
        score <= Grade1UpperBound ? 1 : score <= Grade2UpperBound ? 2 : 3;

    /// <summary>Score, grade and reasoning.</summary>
    public static AlbiResult Evaluate(double bilirubinUmolPerL, double albuminGPerL)
    {
        var score = Score(bilirubinUmolPerL, albuminGPerL);
        var grade = Grade(score);
        var band = grade switch
        {
            1 => "≤ -2.60",
            2 => "> -2.60 and ≤ -1.39",
            _ => "> -1.39",
        };
        var reasoning =
            $"ALBI = 0.66·log10({Fmt.N2(bilirubinUmolPerL)} µmol/L) - 0.085·{Fmt.N2(albuminGPerL)} g/L = {score.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)}: grade {Fmt.I(grade)} ({band})";
        return new AlbiResult(score, grade, reasoning);
    }
}
