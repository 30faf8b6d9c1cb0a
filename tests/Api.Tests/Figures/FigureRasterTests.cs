using System.Globalization;
using System.Xml.Linq;
using HccOutcomes.Api.Errors;
using HccOutcomes.Api.Figures;
using Microsoft.Net.Http.Headers;

namespace HccOutcomes.Api.Tests.Figures;

/// <summary>The SVG figures drawn as PNG and PDF by Skia with the bundled fonts (no database, no host).</summary>
public sealed class FigureRasterTests
{
    public static TheoryData<string> Figures() => ["km", "forest", "waterfall", "love"];

    internal static string Svg(string figure, FigureLook? look = null) => figure switch
    {
        "km" => KaplanMeierSvg.Render(FigureSamples.Pfs(), look),
        "forest" => ForestPlotSvg.Render(FigureSamples.Forest(), look),
        "waterfall" => WaterfallSvg.Render(FigureSamples.Waterfall(), look),
        _ => LovePlotSvg.Render(new LovePlotFigureModel("Covariate balance", "Weighted (ATE)",
            [new("age", 0.31, 0.02), new("bclc:C", 0.22, 0.05), new("hbv", 0.08, 0.01)]), look),
    };

    [Theory]
    [MemberData(nameof(Figures))]
    public void Png_has_the_svg_size_times_dpi_and_the_dpi_in_its_pHYs_chunk(string figure)
    {
        var svg = Svg(figure);
        var (width, height) = FigureFiles.SvgSize(svg);
        foreach (var dpi in new[] { 96, 300, 600 })
        {
            var png = FigureFiles.Png(FigureRaster.Png(svg, dpi));
            Assert.Equal((int)Math.Round(width * dpi / 96), png.Width);
            Assert.Equal((int)Math.Round(height * dpi / 96), png.Height);
            Assert.Equal(dpi, png.Dpi!.Value, 0.05); // pixels per metre: 300 dpi is 11811, i.e. 299.9994 dpi
        }
    }

    [Theory]
    [MemberData(nameof(Figures))]
    public void Pdf_is_one_page_of_the_figure_size_in_points(string figure)
    {
        var svg = Svg(figure);
        var (width, height) = FigureFiles.SvgSize(svg);
        var pdf = FigureRaster.Pdf(svg, "A figure");
        var page = Assert.Single(FigureFiles.PdfPages(pdf));
        Assert.Equal(width * 0.75, page.Width, 0.01);
        Assert.Equal(height * 0.75, page.Height, 0.01);
        var text = System.Text.Encoding.Latin1.GetString(pdf);
        Assert.DoesNotContain("/CreationDate", text, StringComparison.Ordinal);
        Assert.DoesNotContain("/ModDate", text, StringComparison.Ordinal);
        Assert.Contains("/Title (A figure)", text, StringComparison.Ordinal);
        Assert.Contains("/FontFile2", text, StringComparison.Ordinal); // the font travels with the file
    }

    [Theory]
    [MemberData(nameof(Figures))]
    public void Png_and_pdf_are_byte_stable(string figure)
    {
        var svg = Svg(figure);
        Assert.Equal(FigureRaster.Png(svg, 300), FigureRaster.Png(svg, 300));
        Assert.Equal(FigureRaster.Pdf(svg, "t"), FigureRaster.Pdf(svg, "t"));
    }

    [Fact]
    public void Text_is_drawn_with_the_bundled_font_whatever_family_the_svg_names()
    {
        // The same text under a family no host has and under DejaVu Sans gives the same pixels: the renderer never
        // asks the host for a font.
        static byte[] Draw(string family) => FigureRaster.Png(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"200\" height=\"40\" viewBox=\"0 0 200 40\" font-family=\"" + family + "\">"
            + "<text x=\"4\" y=\"28\" font-size=\"20\">5.85 mo &#8805; &#8722;30%</text></svg>", 96);
        Assert.Equal(Draw("'DejaVu Sans'"), Draw("'No Such Font', serif"));
        Assert.Equal(Draw("'DejaVu Sans'"), Draw("Times New Roman"));
        Assert.NotEqual(Draw("'DejaVu Sans'"), FigureRaster.Png(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"200\" height=\"40\" viewBox=\"0 0 200 40\"><text x=\"4\" y=\"28\" font-size=\"20\" font-weight=\"bold\">5.85 mo &#8805; &#8722;30%</text></svg>", 96));
    }

    [Fact]
    public void Too_many_pixels_is_a_dpi_error()
    {
        var svg = KaplanMeierSvg.Render(FigureSamples.Pfs(), new FigureLook { Width = 1920, Height = 1920 });
        var error = Assert.Throws<RequestValidationException>(() => FigureRaster.Png(svg, 600));
        Assert.Contains("dpi", error.Errors.Keys);
    }

    [Fact]
    public void Crc_is_the_png_crc32()
        => Assert.Equal(0xCBF43926u, FigureRaster.Crc32("123456789"u8)); // the standard check value

    // ---- content negotiation ---------------------------------------------------------------------------------------

    [Theory]
    [InlineData(null, null, FigureFormat.Svg)]
    [InlineData(null, "image/png", FigureFormat.Png)]
    [InlineData(null, "application/pdf", FigureFormat.Pdf)]
    [InlineData(null, "image/svg+xml", FigureFormat.Svg)]
    [InlineData(null, "*/*", FigureFormat.Svg)]
    [InlineData(null, "image/*", FigureFormat.Svg)]
    [InlineData(null, "image/*;q=0.5, application/pdf", FigureFormat.Pdf)]
    [InlineData(null, "image/png;q=0.9, image/svg+xml;q=0.4", FigureFormat.Png)]
    [InlineData(null, "application/problem+json, image/png", FigureFormat.Png)]
    [InlineData(null, "image/*, image/png", FigureFormat.Png)]
    [InlineData("pdf", "image/png", FigureFormat.Pdf)]
    [InlineData("PNG", null, FigureFormat.Png)]
    [InlineData("svg", "application/pdf", FigureFormat.Svg)]
    public void The_format_parameter_wins_over_accept_and_no_preference_is_svg(string? format, string? accept, FigureFormat expected)
    {
        var ranges = accept is null ? [] : MediaTypeHeaderValue.ParseList([accept]);
        Assert.Equal(expected, FigureFormats.Negotiate(format, ranges));
    }

    [Theory]
    [InlineData(null, "image/tiff")]
    [InlineData(null, "application/json")]
    [InlineData(null, "image/png;q=0")]
    [InlineData("tiff", null)]
    [InlineData("eps", "image/png")]
    public void Anything_else_is_not_acceptable_with_the_supported_list(string? format, string? accept)
    {
        var ranges = accept is null ? [] : MediaTypeHeaderValue.ParseList([accept]);
        var error = Assert.Throws<NotAcceptableException>(() => FigureFormats.Negotiate(format, ranges));
        Assert.Equal(["image/svg+xml", "image/png", "application/pdf"], error.Supported);
        Assert.Equal(406, error.StatusCode);
    }

    // ---- styling ---------------------------------------------------------------------------------------------------

    private static readonly string[] OkabeIto = ["#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#f0e442"];

    [Theory]
    [MemberData(nameof(Figures))]
    public void Grey_palette_uses_no_okabe_ito_colour(string figure)
    {
        var colour = Svg(figure).ToLowerInvariant();
        var grey = Svg(figure, new FigureLook { Grey = true }).ToLowerInvariant();
        if (figure != "forest")
        {
            Assert.Contains(OkabeIto, c => colour.Contains(c, StringComparison.Ordinal));
        }

        Assert.DoesNotContain(OkabeIto, c => grey.Contains(c, StringComparison.Ordinal));
    }

    [Fact]
    public void Explicit_colours_replace_the_palette_by_series_name()
    {
        var doc = XDocument.Parse(KaplanMeierSvg.Render(FigureSamples.Pfs(), new FigureLook
        {
            Colours = new Dictionary<string, string> { [FigureSamples.Compared] = "#123ABC" },
        }));
        var curves = doc.Descendants().Where(e => (string?)e.Attribute("class") == "km-curve").Select(e => (string?)e.Attribute("stroke")).ToList();
        Assert.Equal(["#0072B2", "#123abc"], curves);
    }

    [Fact]
    public void Width_height_and_font_size_change_the_document()
    {
        var doc = XDocument.Parse(KaplanMeierSvg.Render(FigureSamples.Pfs(), new FigureLook { Width = 672, Height = 500, FontScale = 10 / 13.0 }));
        Assert.Equal("672", doc.Root!.Attribute("width")!.Value);
        Assert.Equal("500", doc.Root.Attribute("height")!.Value);
        Assert.All(doc.Descendants().Where(e => (string?)e.Attribute("class") == "x-tick"), t => Assert.Equal("10", t.Attribute("font-size")!.Value));

        // The forest plot widens its plot column and spreads its rows; the love plot scales its rows.
        var forest = XDocument.Parse(ForestPlotSvg.Render(FigureSamples.Forest(), new FigureLook { Width = 1400, Height = 1200 })).Root!;
        Assert.Equal(("1400", "1200"), (forest.Attribute("width")!.Value, forest.Attribute("height")!.Value));
        Assert.StartsWith("0 0 1400 ", forest.Attribute("viewBox")!.Value, StringComparison.Ordinal);
        var love = XDocument.Parse(Svg("love", new FigureLook { Width = 800, Height = 600 })).Root!;
        Assert.Equal(("800", "600"), (love.Attribute("width")!.Value, love.Attribute("height")!.Value));
    }

    [Fact]
    public void Waterfall_stable_and_progressive_disease_have_clearly_different_colours()
    {
        var doc = XDocument.Parse(Svg("waterfall"));
        var swatches = doc.Descendants().Where(e => (string?)e.Attribute("class") == "legend-swatch").Select(e => (string)e.Attribute("fill")!).ToList();
        var entries = doc.Descendants().Where(e => (string?)e.Attribute("class") == "legend-entry").Select(e => e.Value.Split(' ')[0]).ToList();
        var sd = Rgb(swatches[entries.IndexOf("SD")]);
        var pd = Rgb(swatches[entries.IndexOf("PD")]);
        // Different hues (green against vermillion), not two oranges: a large distance in RGB.
        Assert.True(Distance(sd, pd) > 200, $"SD {swatches[entries.IndexOf("SD")]} and PD {swatches[entries.IndexOf("PD")]} are too alike");
    }

    private static (int R, int G, int B) Rgb(string hex) => (
        int.Parse(hex.AsSpan(1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture),
        int.Parse(hex.AsSpan(3, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture),
        int.Parse(hex.AsSpan(5, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));

    private static double Distance((int R, int G, int B) a, (int R, int G, int B) b)
        => Math.Sqrt(Math.Pow(a.R - b.R, 2) + Math.Pow(a.G - b.G, 2) + Math.Pow(a.B - b.B, 2));
}
