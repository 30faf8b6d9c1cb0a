using HccOutcomes.Analysis.Proportions;
using HccOutcomes.Api.Contracts.Analyses;
using Microsoft.AspNetCore.Mvc;

namespace HccOutcomes.Api.Controllers;

/// <summary>
/// Inline analyses on numbers the analyst already has (no registry data): the same engine that
/// <c>/analyses/compare</c> uses, checked against R.
/// </summary>
[ApiController]
[Route("api/v1/analyses")]
[Produces("application/json")]
[Consumes("application/json")]
public sealed partial class AnalysesController : ControllerBase
{
    /// <summary>
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
}
