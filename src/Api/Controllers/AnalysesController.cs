using HccOutcomes.Analysis.Proportions;
using HccOutcomes.Analysis.Survival;
using HccOutcomes.Api.Access;
using HccOutcomes.Api.Analyses;
using HccOutcomes.Api.Contracts.Analyses;
using HccOutcomes.Api.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace HccOutcomes.Api.Controllers;

/// <summary>
/// Inline analyses on numbers the analyst already has (no registry data): the same engine that
/// <c>/analyses/compare</c> uses, checked against R.
/// </summary>
[ApiController]
[Route("api/v1/analyses")]
[Authorize(Policy = Policies.Analyse)]
[Microsoft.AspNetCore.RateLimiting.EnableRateLimiting(AccessExtensions.AnalysesRateLimit)]
[Produces("application/json")]
[Consumes("application/json")]
public sealed partial class AnalysesController : ControllerBase
{
    /// <summary>
    /// Survival analysis of subjects you send: Kaplan–Meier, log-rank tests and Cox model.
    /// Kaplan–Meier per group (R <c>survfit</c>: Greenwood SE, log / log-log / plain CIs), median in the R or SPSS
    /// convention, landmark survival, median follow-up (reverse KM), the four weighted log-rank tests (log-rank,
    /// Gehan–Breslow, Tarone–Ware, Peto–Peto) and a Cox model on group plus numeric covariates (Efron or Breslow ties),
    /// all checked against R 4.2.2 / survival 3.5.3. The body is streamed into columns.
    /// </summary>
    /// <remarks>
    /// At most 1,000,000 subjects and 50 groups per request (400 naming <c>subjects</c> beyond either). The work stops
    /// when the client goes away.
    /// </remarks>
    /// <response code="400">The errors name each offending field, e.g. <c>subjects[41].time</c>.</response>
    [HttpPost("survival")]
    [StreamedRequestBody(typeof(SurvivalRequest))]
    [BodyLimit(1L << 30)]
    [ProducesResponseType<SurvivalResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status413PayloadTooLarge)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status415UnsupportedMediaType)]
    public async Task<SurvivalResponse> Survival(CancellationToken cancellationToken)
    {
        if (Request.ContentType is not { } type || !type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            throw new Errors.UnsupportedMediaTypeException("The body must be application/json.");
        }

        var parsed = await SurvivalRequestReader.ReadAsync(Request.BodyReader, cancellationToken);
        var result = SurvivalAnalysis.Run(parsed.Sample, parsed.Options, cancellationToken);
        var response = new SurvivalResponse(
            result.Groups.Select(g => new SurvivalGroupView(
                g.Name, g.Count, g.Events, EstimateView.From(g.Median), EstimateView.From(g.MedianFollowUp), g.Landmarks, g.Curve.Rows)).ToList(),
            result.Tests is { } t ? new SurvivalTestsView(t.LogRank.Test, t.GehanBreslow.Test, t.TaroneWare.Test, t.PetoPeto.Test) : null,
            result.Cox is { } cox ? CoxView.From(cox) : null,
            result.FixedTimeTests.Select(f => new FixedTimeView(f.Time, f.Group1, f.Group2, f.Survival1, f.Survival2, f.Test)).ToList(),
            parsed.Options.MedianConvention,
            parsed.Options.Transform,
            parsed.Options.ConfidenceLevel);
        var adjustment = parsed.Adjustment;
        return adjustment.NeedsAdjustedCox || adjustment.RmstTau is not null
            ? AdjustedSurvival.Apply(response, parsed.Sample, parsed.Options, adjustment)
            : response;
    }

    /// <summary>
    /// Proportions per group with confidence intervals and tests.
    /// Proportions per group (e.g. ORR, DCR) with Clopper–Pearson (R <c>binom.test</c>) and Wilson
    /// (R <c>prop.test(correct = FALSE)</c>) intervals; for two groups the difference (Newcombe hybrid score) and
    /// odds ratios; Fisher exact (R <c>fisher.test</c>), Pearson and Yates chi-square (R <c>chisq.test</c>).
    /// </summary>
    /// <param name="request">Groups with events and totals.</param>
    /// <response code="400">A group is missing or invalid (e.g. events &gt; total); the error names the field.</response>
    [HttpPost("proportions")]
    [ProducesResponseType<ProportionsResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    public ProportionsResponse Proportions(ProportionsRequest request)
    {
        var result = ProportionComparison.Compare(
            request.Groups.ConvertAll(g => new ProportionGroup(g.Name, g.Events!.Value, g.Total!.Value)),
            request.ConfidenceLevel ?? 0.95);
        return new ProportionsResponse(
            result.Groups,
            result.Difference,
            result.ConditionalOddsRatio is null && result.SampleOddsRatio is null ? null : new OddsRatios(result.ConditionalOddsRatio, result.SampleOddsRatio),
            new ProportionTests(
                ChiSquareView.From(result.PearsonChiSquare),
                result.FisherExact is null ? null : new FisherView(result.FisherExact.PValue, result.FisherExact.Method),
                result.FisherExactUnavailableReason,
                ChiSquareView.From(result.Yates)));
    }

    /// <summary>
    /// Propensity scores, weights, balance and matching for two groups of subjects you send.
    /// Propensity scores for two groups (R <c>glm(treated ~ covariates, family = binomial)</c>), ATE / ATT / ATO
    /// (overlap) weights with optional stabilization, Kish's effective sample size, the balance table (SMD with the
    /// unadjusted pooled SD, variance ratios; unadjusted, weighted and matched) and optionally greedy 1:k
    /// nearest-neighbour caliper matching on the logit of the score (MatchIt <c>method = "nearest"</c>,
    /// <c>m.order = "largest"</c>, without replacement; tied scores are taken in request order).
    /// </summary>
    /// <param name="request">Subjects with group and covariates, the treated group, the model's covariates.</param>
    /// <response code="400">The errors name each offending field, e.g. <c>subjects[3].covariates.age</c>.</response>
    [HttpPost("propensity")]
    [ProducesResponseType<PropensityResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    public PropensityResponse Propensity(PropensityRequest request) => PropensityAnalysis.Run(request);
}
