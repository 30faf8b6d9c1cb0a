namespace HccOutcomes.Analysis.Contingency;

/// <summary>Options for <see cref="FisherExactTest"/>.</summary>
public sealed record FisherExactOptions
{
    /// <summary>The default <see cref="WorkLimit"/>: 50 million elementary steps (a few seconds on one core).</summary>
    public const long DefaultWorkLimit = 50_000_000;

    /// <summary>Default options.</summary>
    public static FisherExactOptions Default { get; } = new();

    /// <summary>
    /// Upper bound on the elementary steps (partial tables generated and bounds computed) of the exact r×c
    /// enumeration. Exceeding it throws <see cref="ContingencyTableTooLargeException"/>. 2×2 tables are always
    /// computed directly and never hit the limit.
    /// </summary>
    public long WorkLimit { get; init; } = DefaultWorkLimit;
}
