using HccOutcomes.Api.Analyses;
using HccOutcomes.Api.Contracts.Analyses;
using HccOutcomes.Api.Errors;
using HccOutcomes.Api.Figures;
using HccOutcomes.Domain;
using Microsoft.AspNetCore.Mvc;

namespace HccOutcomes.Api.Controllers;

/// <summary>The figure a <c>/analyses/compare/figures/{figure}</c> call draws.</summary>
public enum FigureEndpoint
{
    /// <summary>Overall survival.</summary>
    Os,

    /// <summary>Progression-free survival.</summary>
    Pfs,
}

public sealed partial class AnalysesController
{
    /// <summary>The figures <c>compare/figures/{figure}</c> draws (its path parameter's allowed values).</summary>
    public static readonly IReadOnlyList<string> FigureNames = ["kaplan-meier", "forest", "waterfall", "love-plot"];

    /// <summary>
    /// Draws a figure of the comparison, ready for a manuscript.
    /// Draws a figure of the comparison as SVG, ready to paste into a paper: <c>kaplan-meier</c> (step curves with
    /// censor ticks, optional CI bands, number-at-risk table, median lines, HR and primary-test p), <c>forest</c>
    /// (subgroup HRs on a log axis with n per group and interaction p) or <c>waterfall</c> (best % change per patient,
    /// coloured by best overall response, with +20% and −30% lines) or <c>love-plot</c> (absolute SMD per covariate
    /// before and after adjustment, with the 0.1 line; needs <c>adjustment</c> with iptw or matching). Takes the same body
    /// as <c>/analyses/compare</c>; <c>adjusted=true</c> draws the Kaplan–Meier curves of the adjustment (weighted or
    /// matched) annotated with the adjusted HR.
    /// </summary>
    /// <param name="figure">kaplan-meier, forest or waterfall.</param>
    /// <param name="request">The comparison request.</param>
    /// <param name="compare">The comparison service.</param>
    /// <param name="endpoint">os or pfs (Kaplan–Meier and forest; default pfs).</param>
    /// <param name="criteria">recist11 or mrecist, for PFS and the waterfall (default: the request's first criteria).</param>
    /// <param name="bands">Kaplan–Meier: draw the pointwise confidence bands.</param>
    /// <param name="adjusted">Kaplan–Meier: the adjusted curves of <c>adjustment</c>.</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    [HttpPost("compare/figures/{figure}")]
    [Produces("image/svg+xml")]
    [ProducesResponseType<string>(StatusCodes.Status200OK, "image/svg+xml")]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<IActionResult> Figure(
        string figure, CompareRequest request, [FromServices] CompareService compare, [FromQuery] FigureEndpoint endpoint = FigureEndpoint.Pfs,
        [FromQuery] Criteria? criteria = null, [FromQuery] bool bands = false, [FromQuery] bool adjusted = false, CancellationToken cancellationToken = default)
    {
        var chosen = criteria ?? request.Criteria?.FirstOrDefault() ?? Criteria.Recist11;
        request.Criteria = [chosen];
        request.Sections = figure switch
        {
            "kaplan-meier" => [endpoint == FigureEndpoint.Os ? CompareSection.Os : CompareSection.Pfs],
            "forest" => [CompareSection.Subgroups],
            "waterfall" => [CompareSection.Response],
            "love-plot" => [CompareSection.Os],
            _ => throw RequestValidationException.For("figure", $"Unknown figure '{figure}': use kaplan-meier, forest, waterfall or love-plot."),
        };
        if ((figure == "love-plot" && request.Adjustment is not { Method: "iptw" or "matching" })
            || (figure == "kaplan-meier" && adjusted && request.Adjustment is not { Method: "iptw" or "matching" or "multivariable" }))
        {
            throw RequestValidationException.For("adjustment.method", figure == "love-plot"
                ? "The love plot needs an adjustment with method iptw or matching."
                : "adjusted=true needs an adjustment with method iptw, matching or multivariable.");
        }
        if (figure == "forest" && request.Subgroups is not { Count: > 0 })
        {
            throw RequestValidationException.For("subgroups", "The forest plot needs at least one subgroup.");
        }

        var result = await compare.CompareAsync(request, cancellationToken);
        var groups = result.Groups.Select(g => g.Name).ToList();
        if (figure == "love-plot" || (figure == "kaplan-meier" && adjusted))
        {
            var a = result.Adjustment
                ?? throw RequestValidationException.For("groups", "The adjusted comparison needs patients in both groups.");
            var name = endpoint == FigureEndpoint.Os ? "OS" : "PFS";
            return Content(
                figure == "love-plot"
                    ? LovePlotSvg.Render(CompareFigures.LovePlot(a))
                    : KaplanMeierSvg.Render(CompareFigures.AdjustedKaplanMeier(a, a.Endpoints.First(e => e.Endpoint == name && (name == "OS" || e.Criteria == chosen)), bands)),
                "image/svg+xml; charset=utf-8");
        }

        var svg = figure switch
        {
            "kaplan-meier" => KaplanMeierSvg.Render(CompareFigures.KaplanMeier(
                endpoint == FigureEndpoint.Os ? result.Os! : result.Pfs![0], result.Reference, result.Settings.PrimarySurvivalTest, bands)),
            "forest" => ForestPlotSvg.Render(CompareFigures.Forest(
                result.Subgroups!.Single(s => s.Endpoint == (endpoint == FigureEndpoint.Os ? "OS" : "PFS")), groups, result.Reference)),
            _ => WaterfallSvg.Render(CompareFigures.Waterfall(result.Response![0], groups)),
        };
        return Content(svg, "image/svg+xml; charset=utf-8");
    }
}
