using HccOutcomes.Api.Errors;
using Microsoft.Net.Http.Headers;

namespace HccOutcomes.Api.Figures;

/// <summary>The encodings a figure is delivered in.</summary>
public enum FigureFormat
{
    /// <summary>The SVG document as drawn (default).</summary>
    Svg,

    /// <summary>The SVG rasterised at a chosen resolution (300 dpi by default), dpi in the pHYs chunk.</summary>
    Png,

    /// <summary>The SVG drawn on one PDF page of the figure's size, fonts embedded.</summary>
    Pdf,
}

/// <summary>
/// Content negotiation of the figure endpoints, in one place: the <c>format</c> query parameter (for links) wins over
/// <c>Accept</c>; no preference gives SVG; anything else is a 406 listing the media types served.
/// </summary>
internal static class FigureFormats
{
    /// <summary>The media types served, the default first.</summary>
    public static readonly IReadOnlyList<string> MediaTypes = ["image/svg+xml", "image/png", "application/pdf"];

    private static readonly MediaTypeHeaderValue[] Parsed = [.. MediaTypes.Select(m => MediaTypeHeaderValue.Parse(m))];

    /// <summary>The media type of <paramref name="format"/> (for the Content-Type header).</summary>
    public static string MediaType(FigureFormat format) => MediaTypes[(int)format];

    /// <summary>The file extension of <paramref name="format"/>.</summary>
    public static string Extension(FigureFormat format) => format.ToString().ToLowerInvariant();

    /// <summary>Chooses the format from the <c>format</c> query value or the <c>Accept</c> header.</summary>
    /// <exception cref="NotAcceptableException">Neither names a served format.</exception>
    public static FigureFormat Negotiate(string? format, IList<MediaTypeHeaderValue> accept)
    {
        if (!string.IsNullOrEmpty(format))
        {
            return format.ToLowerInvariant() switch
            {
                "svg" => FigureFormat.Svg,
                "png" => FigureFormat.Png,
                "pdf" => FigureFormat.Pdf,
                _ => throw NotAcceptable($"format={format} is not served: use svg, png or pdf."),
            };
        }

        if (accept.Count == 0)
        {
            return FigureFormat.Svg;
        }

        // Highest quality first; at equal quality the more specific range, then the order of the served list.
        FigureFormat? best = null;
        double bestQuality = 0;
        var bestSpecificity = -1;
        foreach (var range in accept)
        {
            var quality = range.Quality ?? 1;
            if (quality <= 0)
            {
                continue;
            }

            var specificity = range.MatchesAllTypes ? 0 : range.MatchesAllSubTypes ? 1 : 2;
            for (var i = 0; i < Parsed.Length; i++)
            {
                if (!Parsed[i].IsSubsetOf(range))
                {
                    continue;
                }

                if (best is null || quality > bestQuality || (quality == bestQuality && specificity > bestSpecificity))
                {
                    (best, bestQuality, bestSpecificity) = ((FigureFormat)i, quality, specificity);
                }

                break;
            }
        }

        return best ?? throw NotAcceptable(
            $"Accept: {string.Join(", ", accept.Select(a => a.ToString()))} names no format this figure is served in.");
    }

    private static NotAcceptableException NotAcceptable(string detail)
        => new(detail + " Served: " + string.Join(", ", MediaTypes) + " (or ?format=svg|png|pdf).", MediaTypes);
}
