namespace HccOutcomes.Analysis.Continuous;

/// <summary>Median with lower and upper quartiles, and the quantile definition they were computed with.</summary>
/// <param name="Count">Number of observations.</param>
/// <param name="Median">The 0.5 quantile.</param>
/// <param name="LowerQuartile">The 0.25 quantile (Q1).</param>
/// <param name="UpperQuartile">The 0.75 quantile (Q3).</param>
/// <param name="Definition">The quantile definition used.</param>
public sealed record MedianIqrSummary(int Count, double Median, double LowerQuartile, double UpperQuartile, QuantileDefinition Definition)
{
    /// <summary>Q3 − Q1.</summary>
    public double InterquartileRange => UpperQuartile - LowerQuartile;

    /// <summary>A readable name of the definition, e.g. "Hyndman-Fan type 6 (SPSS)".</summary>
    public string DefinitionName => Definition switch
    {
        QuantileDefinition.SpssType6 => "Hyndman-Fan type 6 (SPSS)",
        QuantileDefinition.RType7 => "Hyndman-Fan type 7 (R default)",
        _ => Definition.ToString(),
    };
}

/// <summary>
/// Median and interquartile range of a sample, with the quantile definition named: R's <c>quantile(x, c(.25, .5, .75), type = 7)</c>
/// or SPSS's (<c>type = 6</c>). See <see cref="SampleQuantile"/> for the formulas and edge behaviour.
/// </summary>
/// <remarks>The median is the same under both definitions; the quartiles usually differ for small samples.
/// Reference: Hyndman &amp; Fan (1996).</remarks>
public static class MedianInterquartileRange
{
    /// <summary>Summarises the sample.</summary>
    /// <param name="values">The observations.</param>
    /// <param name="definition">Quantile definition (R type 7 or SPSS type 6).</param>
    /// <exception cref="ArgumentException">Empty sample, a non-finite value, or an unknown definition.</exception>
    public static MedianIqrSummary Compute(IReadOnlyList<double> values, QuantileDefinition definition)
    {
        var sorted = SampleArguments.Validate(values, nameof(values));
        SampleArguments.SortAscending(sorted);
        return new MedianIqrSummary(
            sorted.Length,
            SampleQuantile.FromSorted(sorted, 0.5, definition, "probability"),
            SampleQuantile.FromSorted(sorted, 0.25, definition, "probability"),
            SampleQuantile.FromSorted(sorted, 0.75, definition, "probability"),
            definition);
    }
}
