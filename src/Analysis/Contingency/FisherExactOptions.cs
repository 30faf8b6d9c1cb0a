namespace HccOutcomes.Analysis.Contingency;

/// <summary>Options for <see cref="FisherExactTest"/>.</summary>
public sealed record FisherExactOptions
{
    /// <summary>The default <see cref="WorkLimit"/>: 100 million elementary steps.</summary>
    public const long DefaultWorkLimit = 100_000_000;

    /// <summary>Default options.</summary>
    public static FisherExactOptions Default { get; } = new();

    /// <summary>
    /// Upper bound on the elementary steps (partial tables generated and bounds computed) of the exact r×c
    /// enumeration. Exceeding it throws <see cref="ContingencyTableTooLargeException"/>. 2×2 tables are always
    /// computed directly and never hit the limit.
    /// </summary>
    public long WorkLimit { get; init; } = DefaultWorkLimit;

    /// <summary>
    /// Wall-clock limit of the exact r×c enumeration (default 10 s); exceeding it throws
    /// <see cref="ContingencyTableTooLargeException"/>. Unlike <see cref="WorkLimit"/> this depends on the machine, so use
    /// it as a guard for interactive callers; tables up to about 6×6 with N ≈ 50, 4×4 with N ≈ 80, 3×3 with N ≈ 250 or
    /// 2×8 with N ≈ 300 take well under a second.
    /// </summary>
    public TimeSpan MaxDuration { get; init; } = TimeSpan.FromSeconds(10);
}
