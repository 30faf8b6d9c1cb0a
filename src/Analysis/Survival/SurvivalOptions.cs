namespace HccOutcomes.Analysis.Survival;

/// <summary>
/// Transform used for pointwise confidence intervals of a survival curve, as R's
/// <c>survfit(conf.type = ...)</c>.
/// </summary>
public enum ConfidenceTransform
{
    /// <summary>
    /// R's default <c>conf.type = "log"</c>: exp(log S ± z·se(log S)); the upper limit is clipped at 1;
    /// undefined (null) when S = 0.
    /// </summary>
    Log,

    /// <summary>
    /// R's <c>conf.type = "log-log"</c>: exp(−exp(log(−log S) ∓ z·se(log S)/log S)); undefined (null) when
    /// S = 0 or S = 1.
    /// </summary>
    LogLog,

    /// <summary>
    /// R's <c>conf.type = "plain"</c>: S ± z·se(S), clipped to [0, 1]; null when se(S) is undefined.
    /// </summary>
    Plain,
}

/// <summary>Convention used to report the median (and other quantiles) of a survival curve.</summary>
public enum MedianConvention
{
    /// <summary>R's <c>quantile.survfit</c> rules; see <see cref="SurvivalQuantiles"/>.</summary>
    R,

    /// <summary>SPSS / Collett rules: first time with S ≤ 0.5 and a symmetric CI; see <see cref="SpssMedian"/>.</summary>
    Spss,
}

/// <summary>Method for tied event times in the Cox partial likelihood.</summary>
public enum CoxTies
{
    /// <summary>Efron's approximation (R's <c>coxph</c> default).</summary>
    Efron,

    /// <summary>Breslow's approximation (SPSS default).</summary>
    Breslow,
}

/// <summary>Weight function of the weighted log-rank family; see <see cref="WeightedLogRankTest"/>.</summary>
public enum LogRankWeighting
{
    /// <summary>w(t) = 1: the log-rank (Mantel–Cox) test, R's <c>survdiff(rho = 0)</c>.</summary>
    LogRank,

    /// <summary>w(t) = n(t), the number at risk: Gehan–Breslow generalised Wilcoxon (SPSS "Breslow").</summary>
    GehanBreslow,

    /// <summary>w(t) = √n(t): Tarone–Ware.</summary>
    TaroneWare,

    /// <summary>w(t) = Ŝ(t−), the pooled left-continuous Kaplan–Meier: Peto–Peto, R's <c>survdiff(rho = 1)</c>.</summary>
    PetoPeto,
}

/// <summary>A chi-square test result. Members are null when the statistic is not computable.</summary>
/// <param name="ChiSquare">The chi-square statistic, or null when not computable.</param>
/// <param name="Df">Degrees of freedom.</param>
/// <param name="P">Upper-tail p-value P(χ²(df) ≥ statistic), or null when not computable.</param>
public sealed record ChiSquareStatistic(double? ChiSquare, int Df, double? P);

/// <summary>A named numeric covariate column, in the subjects' original order.</summary>
/// <param name="Name">Name of the covariate (used as the Cox term name).</param>
/// <param name="Values">One finite value per subject, in the same order as the times.</param>
public sealed record Covariate(string Name, IReadOnlyList<double> Values);
