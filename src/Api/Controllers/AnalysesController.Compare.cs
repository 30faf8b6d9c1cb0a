using HccOutcomes.Api.Analyses;
using HccOutcomes.Api.Contracts.Analyses;
using HccOutcomes.Api.Manuscript;
using Microsoft.AspNetCore.Mvc;

namespace HccOutcomes.Api.Controllers;

public sealed partial class AnalysesController
{
    /// <summary>The representations of <c>POST /analyses/compare</c>, the default first.</summary>
    public static readonly IReadOnlyList<string> CompareMediaTypes = ["application/json", "text/csv", "text/html", MediaTypes.Docx];

    /// <summary>
    /// Compares groups of a stored cohort: Tables 1–3, PFS/OS and subgroups.
    /// Compares groups of a stored cohort and returns what a comparative-effectiveness paper reports: baseline
    /// table (Table 1), response by RECIST 1.1 and mRECIST with ORR/DCR (Table 2), PFS and OS (Kaplan–Meier medians
    /// with CI, landmark rates, median follow-up with the reverse Kaplan–Meier log-rank test, the four weighted
    /// log-rank tests with the primary flagged, Cox HR), treatment-related adverse events (Table 3) and subgroup
    /// hazard ratios with interaction p.
    /// </summary>
    /// <remarks>
    /// The <c>Accept</c> header chooses the representation of the one result:
    /// - <c>application/json</c> (default): everything, as numbers.
    /// - <c>text/csv</c>: every number of the JSON, one per row, with the columns section, analysis, variable, level,
    ///   group, patient, time, statistic, value and test (p-values under <c>statistic = p</c> with their test in
    ///   <c>test</c>; Kaplan–Meier curves in section <c>kmCurve</c>); a download named <c>compare-{cohortId}-{date}.csv</c>.
    /// - <c>text/html</c>: Tables 1–3 and the survival summary formatted for a manuscript, one self-contained page styled
    ///   for print; each p carries a footnote naming its test.
    /// - <c>application/vnd.openxmlformats-officedocument.wordprocessingml.document</c>: the same tables as a Word
    ///   document, a download named <c>compare-{cohortId}-{date}.docx</c>.
    ///
    /// The query parameters set how the HTML and Word tables print numbers: decimals of percentages, of continuous
    /// values and hazard ratios, of survival medians and of p-values (a p that rounds to 0 prints as "&lt;0.001").
    /// Any other <c>Accept</c> is answered 406, with the supported media types in <c>supported</c>.
    /// </remarks>
    /// <param name="request">Cohort, groups and options.</param>
    /// <param name="format">How the HTML and Word tables print numbers.</param>
    /// <param name="compare">The comparison service.</param>
    /// <param name="clock">Dates the download's file name.</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    /// <response code="200">The comparison in the negotiated representation.</response>
    /// <response code="400">A field or query parameter is invalid; the errors name it.</response>
    /// <response code="404">The cohort does not exist.</response>
    /// <response code="406">The Accept header allows none of JSON, CSV, HTML and DOCX.</response>
    /// <response code="422">A group matches no patient.</response>
    [HttpPost("compare")]
    [Produces("application/json", "text/csv", "text/html", MediaTypes.Docx)]
    [ProducesResponseType<CompareResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status406NotAcceptable, "application/problem+json")]
    public async Task<IActionResult> Compare(
        CompareRequest request, [FromQuery] TableFormatQuery format, [FromServices] CompareService compare, [FromServices] TimeProvider clock,
        CancellationToken cancellationToken)
    {
        // Negotiated before the work, so a 406 costs nothing.
        var mediaType = MediaTypes.Negotiate(Request, CompareMediaTypes);
        var result = await compare.CompareAsync(request, cancellationToken);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        switch (mediaType)
        {
            case "text/csv":
                Response.Headers.ContentDisposition = Attachment(FileName(result, today, "csv"));
                return Content(CompareCsv.Write(result), "text/csv; charset=utf-8");
            case "text/html":
                return Content(ManuscriptHtml.Write(ManuscriptTables.Build(result, format.ToFormat()), "Comparison tables"), "text/html; charset=utf-8");
            case MediaTypes.Docx:
                Response.Headers.ContentDisposition = Attachment(FileName(result, today, "docx"));
                return File(ManuscriptDocx.Write(ManuscriptTables.Build(result, format.ToFormat())), MediaTypes.Docx);
            default:
                return Ok(result);
        }
    }

    private static string FileName(CompareResponse result, DateOnly date, string extension) =>
        $"compare-{result.CohortId}-{date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)}.{extension}";

    // The names are a GUID, a date and letters: nothing to escape.
    private static string Attachment(string fileName) => $"attachment; filename=\"{fileName}\"";

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
