namespace HccOutcomes.Analysis.Survival;

/// <summary>Options of <see cref="SurvivalAnalysis.Run"/>; defaults are R's.</summary>
public sealed record SurvivalAnalysisOptions
{
    /// <summary>Confidence level of every interval (default 0.95).</summary>
    public double ConfidenceLevel { get; init; } = 0.95;

    /// <summary>Kaplan–Meier CI transform (default log, as R).</summary>
    public ConfidenceTransform Transform { get; init; } = ConfidenceTransform.Log;

    /// <summary>Median convention (default R).</summary>
    public MedianConvention MedianConvention { get; init; } = MedianConvention.R;

    /// <summary>Cox tie handling (default Efron, as R).</summary>
    public CoxTies Ties { get; init; } = CoxTies.Efron;

    /// <summary>Landmark times for survival estimates (and, with two groups, Klein fixed-time tests).</summary>
    public IReadOnlyList<double> Landmarks { get; init; } = [];

    /// <summary>Names of the sample's covariates to add to the Cox model, in order.</summary>
    public IReadOnlyList<string> Covariates { get; init; } = [];

    /// <summary>Prefix of group indicator terms; "group:" gives <c>group:B</c>, "group" gives R's <c>groupB</c>.</summary>
    public string GroupTermPrefix { get; init; } = "group:";
}

/// <summary>Per-group part of a <see cref="SurvivalAnalysisResult"/>.</summary>
/// <param name="Name">Group name.</param>
/// <param name="Count">Number of subjects.</param>
/// <param name="Events">Number of events.</param>
/// <param name="Median">Median survival in the requested convention (null members when not reached).</param>
/// <param name="MedianFollowUp">Median follow-up by reverse Kaplan–Meier (same convention and CI settings).</param>
/// <param name="Landmarks">Survival at the requested landmark times.</param>
/// <param name="Curve">The Kaplan–Meier curve (one row per distinct time).</param>
public sealed record SurvivalGroupSummary(
    string Name, int Count, int Events, SurvivalQuantile Median, SurvivalQuantile MedianFollowUp,
    IReadOnlyList<LandmarkEstimate> Landmarks, KaplanMeierCurve Curve);

/// <summary>Everything <see cref="SurvivalAnalysis.Run"/> computes.</summary>
/// <param name="Options">The options used.</param>
/// <param name="Groups">Per-group estimates, in group order (first = reference).</param>
/// <param name="Tests">The weighted log-rank family; null with a single group.</param>
/// <param name="Cox">The Cox model (group indicators + covariates); null with a single group.</param>
/// <param name="FixedTimeTests">With exactly two groups, the Klein (2007) cloglog test at each landmark; else empty.</param>
/// <param name="FollowUpTest">Log-rank test of the reverse Kaplan–Meier curves (difference in follow-up); null with a single group.</param>
public sealed record SurvivalAnalysisResult(
    SurvivalAnalysisOptions Options, IReadOnlyList<SurvivalGroupSummary> Groups, LogRankFamily? Tests, CoxResult? Cox,
    IReadOnlyList<FixedTimeComparison> FixedTimeTests, LogRankTestResult? FollowUpTest = null);

/// <summary>
/// One-call survival analysis for a prepared sample: Kaplan–Meier curves, medians, reverse-KM median follow-up,
/// landmark survival, the four weighted log-rank tests, a Cox model and (two groups) Klein fixed-time tests.
/// Each part is documented on its own class (<see cref="KaplanMeier"/>, <see cref="SurvivalQuantiles"/>,
/// <see cref="SpssMedian"/>, <see cref="MedianFollowUp"/>, <see cref="WeightedLogRankTest"/>,
/// <see cref="CoxRegression"/>, <see cref="FixedTimeSurvivalTest"/>).
/// </summary>
public static class SurvivalAnalysis
{
    /// <summary>Runs the whole analysis.</summary>
    /// <param name="sample">The prepared sample.</param>
    /// <param name="options">Options (null: R defaults).</param>
    /// <param name="cancellationToken">Stops the work between steps and inside the long loops (the caller has gone away).</param>
    /// <returns>The result.</returns>
    /// <exception cref="ArgumentException">Invalid options (level, landmark, unknown covariate); the parameter name says which.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired.</exception>
    public static SurvivalAnalysisResult Run(SurvivalSample sample, SurvivalAnalysisOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sample);
        options ??= new SurvivalAnalysisOptions();
        SurvivalMath.CheckLevel(options.ConfidenceLevel, nameof(options.ConfidenceLevel));
        var landmarks = options.Landmarks ?? [];
        foreach (var t in landmarks)
        {
            if (!double.IsFinite(t) || t < 0)
            {
                throw new ArgumentException("Landmark times must be finite and non-negative.", nameof(options.Landmarks));
            }
        }

        var covariates = options.Covariates ?? [];
        foreach (var c in covariates)
        {
            if (sample.IndexOfCovariate(c) < 0)
            {
                throw new ArgumentException($"Unknown covariate '{c}'.", nameof(options.Covariates));
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        var km = KaplanMeier.Fit(sample, options.Transform, options.ConfidenceLevel);
        cancellationToken.ThrowIfCancellationRequested();
        var followUp = MedianFollowUp.Estimate(
            sample, options.Transform, options.ConfidenceLevel, options.MedianConvention);
        var groups = new SurvivalGroupSummary[sample.GroupCount];
        for (var g = 0; g < groups.Length; g++)
        {
            var c = km.Curves[g];
            groups[g] = new SurvivalGroupSummary(
                c.Group, c.Count, c.Events, c.Median(options.MedianConvention), followUp[g], c.SurvivalAt(landmarks), c);
        }

        LogRankFamily? tests = null;
        CoxResult? cox = null;
        LogRankTestResult? followUpTest = null;
        var fixedTime = new List<FixedTimeComparison>();
        if (sample.GroupCount >= 2)
        {
            cancellationToken.ThrowIfCancellationRequested();
            tests = WeightedLogRankTest.ComputeAll(sample, cancellationToken);
            followUpTest = MedianFollowUp.Compare(sample);
            cox = CoxRegression.FitGroups(
                sample, covariates, options.Ties, options.ConfidenceLevel, options.GroupTermPrefix, new CoxControl { CancellationToken = cancellationToken });
            if (sample.GroupCount == 2)
            {
                foreach (var t in landmarks)
                {
                    fixedTime.Add(FixedTimeSurvivalTest.Compare(km.Curves[0], km.Curves[1], t));
                }
            }
        }

        return new SurvivalAnalysisResult(options, groups, tests, cox, fixedTime, followUpTest);
    }
}
