using HccOutcomes.Api.Analyses;
using HccOutcomes.Api.Contracts.Analyses;
using Microsoft.AspNetCore.Mvc;

namespace HccOutcomes.Api.Controllers;

public sealed partial class AnalysesController
{
    /// <summary>
    /// Compares groups of a stored cohort: Tables 1–3, PFS/OS and subgroups.
    /// Compares groups of a stored cohort and returns what a comparative-effectiveness paper reports: baseline
    /// table (Table 1), response by RECIST 1.1 and mRECIST with ORR/DCR (Table 2), PFS and OS (Kaplan–Meier medians
    /// with CI, landmark rates, the four weighted log-rank tests with the primary flagged, Cox HR), treatment-related
    /// adverse events (Table 3) and subgroup hazard ratios with interaction p. <c>Accept: text/csv</c> returns the same
    /// tables as tidy CSV with a <c>section</c> column.
    /// </summary>
    /// <param name="request">Cohort, groups and options.</param>
    /// <param name="compare">The comparison service.</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    /// <response code="400">A field is invalid; the errors name it.</response>
    /// <response code="404">The cohort does not exist.</response>
    [HttpPost("compare")]
    [Produces("application/json", "text/csv")]
    [ProducesResponseType<CompareResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status422UnprocessableEntity)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<IActionResult> Compare(CompareRequest request, [FromServices] CompareService compare, CancellationToken cancellationToken)
    {
        var result = await compare.CompareAsync(request, cancellationToken);
        if (Request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase)))
        {
            return Content(CompareCsv.Write(result), "text/csv; charset=utf-8");
        }

        return Ok(result);
    }

    /// <summary>
    /// The covariates an adjusted comparison can use.
    /// The covariates an adjusted comparison (<c>adjustment.covariates</c> of POST /analyses/compare) can use, named as
    /// the subgroup variables: continuous ones enter the models as numbers, the others as categorical.
    /// </summary>
    [HttpGet("compare/covariates")]
    [ProducesResponseType<IReadOnlyList<AdjustmentCovariateView>>(StatusCodes.Status200OK)]
    public IReadOnlyList<AdjustmentCovariateView> CompareCovariates() =>
        [.. AdjustmentCovariates.All.Select(d => new AdjustmentCovariateView(d.Name, d.Label, d.Continuous ? "continuous" : "categorical"))];
}
