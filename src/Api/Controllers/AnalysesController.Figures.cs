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
    /// Draws a figure of the comparison as SVG, PNG or PDF, ready to paste into a paper: <c>kaplan-meier</c> (step
    /// curves with censor ticks, optional CI bands, number-at-risk table, median lines, HR and primary-test p),
    /// <c>forest</c> (subgroup HRs on a log axis with n per group and interaction p), <c>waterfall</c> (best % change
    /// per patient, coloured by best overall response, with +20% and −30% lines) or <c>love-plot</c> (absolute SMD per
    /// covariate before and after adjustment, with the 0.1 line).
    /// </summary>
    /// <remarks>
    /// Takes the body of <c>/analyses/compare</c> plus an optional <c>style</c> (title, size, font size, palette or
    /// colours, and for Kaplan–Meier the time unit, axis end and breaks, and which elements to draw). The love plot
    /// needs <c>adjustment</c> with iptw or matching; <c>adjusted=true</c> draws the Kaplan–Meier curves of the
    /// adjustment (weighted or matched) annotated with the adjusted HR.
    ///
    /// The format follows <c>Accept</c> (<c>image/svg+xml</c>, the default; <c>image/png</c>; <c>application/pdf</c>)
    /// or, for links, <c>?format=svg|png|pdf</c>, which wins. PNG and PDF are the SVG drawn by Skia with the bundled
    /// DejaVu Sans fonts, so every host gives the same bytes. A PNG is <c>width × dpi / 96</c> pixels wide (sizes are
    /// CSS pixels) with its dpi in the pHYs chunk; a PDF is one page of <c>width × 0.75</c> points. Any other
    /// requested type answers 406 with the supported list.
    /// </remarks>
    /// <param name="figure">kaplan-meier, forest, waterfall or love-plot.</param>
    /// <param name="request">The comparison request and the figure's style.</param>
    /// <param name="compare">The comparison service.</param>
    /// <param name="endpoint">os or pfs (Kaplan–Meier and forest; default pfs).</param>
    /// <param name="criteria">recist11 or mrecist, for PFS and the waterfall (default: the request's first criteria).</param>
    /// <param name="bands">Kaplan–Meier: draw the pointwise confidence bands (<c>style.showCi</c> overrides it).</param>
    /// <param name="adjusted">Kaplan–Meier: the adjusted curves of <c>adjustment</c>.</param>
    /// <param name="format">svg, png or pdf: overrides <c>Accept</c> (for links).</param>
    /// <param name="dpi">PNG resolution, 72–600 (default 300).</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    /// <response code="200">The figure in the negotiated format.</response>
    /// <response code="400">A field or option is invalid; the errors name it (e.g. <c>style.width</c>, <c>dpi</c>).</response>
    /// <response code="404">The cohort does not exist.</response>
    /// <response code="406">Neither <c>Accept</c> nor <c>format</c> names a served format; <c>supported</c> lists them.</response>
    /// <response code="422">A group matches no patient.</response>
    [HttpPost("compare/figures/{figure}")]
    [Produces("image/svg+xml", "image/png", "application/pdf")]
    [ProducesResponseType<string>(StatusCodes.Status200OK, "image/svg+xml", "image/png", "application/pdf")]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status406NotAcceptable, "application/problem+json")]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    public async Task<IActionResult> Figure(
        string figure, FigureRequest request, [FromServices] CompareService compare, [FromQuery] FigureEndpoint endpoint = FigureEndpoint.Pfs,
        [FromQuery] Criteria? criteria = null, [FromQuery] bool bands = false, [FromQuery] bool adjusted = false,
        [FromQuery] string? format = null, [FromQuery] int? dpi = null, CancellationToken cancellationToken = default)
    {
        Response.Headers.Vary = "Accept";
        var output = FigureFormats.Negotiate(format, Request.GetTypedHeaders().Accept);
        if (dpi is < FigureRaster.MinDpi or > FigureRaster.MaxDpi)
        {
            throw RequestValidationException.For("dpi", $"dpi must be {FigureRaster.MinDpi} to {FigureRaster.MaxDpi}.");
        }

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
        var style = request.Style;
        var look = FigureLook.From(style);
        var groups = result.Groups.Select(g => g.Name).ToList();
        string svg, title;
        if (figure == "love-plot" || (figure == "kaplan-meier" && adjusted))
        {
            var a = result.Adjustment
                ?? throw RequestValidationException.For("groups", "The adjusted comparison needs patients in both groups.");
            var name = endpoint == FigureEndpoint.Os ? "OS" : "PFS";
            if (figure == "love-plot")
            {
                var love = CompareFigures.LovePlot(a, style);
                (svg, title) = (LovePlotSvg.Render(love, look), love.Title);
            }
            else
            {
                var km = CompareFigures.AdjustedKaplanMeier(a, a.Endpoints.First(e => e.Endpoint == name && (name == "OS" || e.Criteria == chosen)), bands, style);
                (svg, title) = (KaplanMeierSvg.Render(km, look), km.Title);
            }
        }
        else if (figure == "kaplan-meier")
        {
            var km = CompareFigures.KaplanMeier(
                endpoint == FigureEndpoint.Os ? result.Os! : result.Pfs![0], result.Reference, result.Settings.PrimarySurvivalTest, bands, style);
            (svg, title) = (KaplanMeierSvg.Render(km, look), km.Title);
        }
        else if (figure == "forest")
        {
            var forest = CompareFigures.Forest(
                result.Subgroups!.Single(s => s.Endpoint == (endpoint == FigureEndpoint.Os ? "OS" : "PFS")), groups, result.Reference, style);
            (svg, title) = (ForestPlotSvg.Render(forest, look), forest.Title);
        }
        else
        {
            var waterfall = CompareFigures.Waterfall(result.Response![0], groups, style);
            (svg, title) = (WaterfallSvg.Render(waterfall, look), waterfall.Title);
        }

        return output switch
        {
            FigureFormat.Png => File(FigureRaster.Png(svg, dpi ?? FigureRaster.DefaultDpi), FigureFormats.MediaType(output)),
            FigureFormat.Pdf => File(FigureRaster.Pdf(svg, title), FigureFormats.MediaType(output)),
            _ => Content(svg, "image/svg+xml; charset=utf-8"),
        };
    }
}
