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

        var chosen = Controllers.MediaTypes.Negotiate(accept, MediaTypes, "(or ?format=svg|png|pdf)");
        return (FigureFormat)MediaTypes.ToList().IndexOf(chosen);
    }

    private static NotAcceptableException NotAcceptable(string detail)
        => new(detail + " Served: " + string.Join(", ", MediaTypes) + " (or ?format=svg|png|pdf).", MediaTypes);
}
