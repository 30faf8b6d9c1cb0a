using System.Buffers.Binary;
using System.Globalization;
using System.Reflection;
using System.Xml;
using HccOutcomes.Api.Errors;
using SkiaSharp;
using Svg.Skia;
using Svg.Skia.TypefaceProviders;

namespace HccOutcomes.Api.Figures;

/// <summary>
/// Draws a figure's SVG document as PNG or PDF with Skia (Svg.Skia reads the SVG), so that the three formats are one
/// drawing. Text is set in the bundled DejaVu Sans (<c>Figures/Fonts</c>) whatever family the SVG asks for, and
/// nothing depends on the host's fonts or clock: the same SVG gives the same bytes everywhere.
/// </summary>
internal static class FigureRaster
{
    /// <summary>Default PNG resolution (journals ask for 300 dpi).</summary>
    public const int DefaultDpi = 300;

    /// <summary>Lowest accepted resolution.</summary>
    public const int MinDpi = 72;

    /// <summary>Highest accepted resolution.</summary>
    public const int MaxDpi = 600;

    /// <summary>Largest PNG drawn (pixels): 160 MB of bitmap at 4 bytes a pixel.</summary>
    public const long MaxPixels = 40_000_000;

    /// <summary>SVG user units are CSS pixels: 96 to the inch.</summary>
    private const double CssPixelsPerInch = 96;

    /// <summary>Renders the SVG at <paramref name="dpi"/>; the PNG's pHYs chunk carries the resolution.</summary>
    /// <exception cref="RequestValidationException">The image would exceed <see cref="MaxPixels"/> (field <c>dpi</c>).</exception>
    public static byte[] Png(string svg, int dpi)
    {
        using var document = Load(svg);
        var picture = document.Picture!;
        var size = Size(svg);
        var scale = dpi / CssPixelsPerInch;
        var width = (int)Math.Round(size.Width * scale);
        var height = (int)Math.Round(size.Height * scale);
        if ((long)width * height > MaxPixels)
        {
            throw RequestValidationException.For("dpi",
                $"At {dpi} dpi this figure would be {width} × {height} pixels, more than {MaxPixels:N0}: choose a lower dpi or a smaller width/height.");
        }

        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.White);
            canvas.Scale((float)scale);
            canvas.DrawPicture(picture);
        }

        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return WithResolution(data.ToArray(), dpi);
    }

    /// <summary>
    /// Renders the SVG on one PDF page of the figure's size (1 CSS pixel = 0.75 pt), vector and text kept, fonts
    /// embedded, with fixed metadata and no creation or modification date (byte-stable).
    /// </summary>
    public static byte[] Pdf(string svg, string title)
    {
        using var document = Load(svg);
        var picture = document.Picture!;
        var size = Size(svg);
        const float pointsPerPixel = 72f / 96f;
        using var stream = new MemoryStream();
        var metadata = new SKDocumentPdfMetadata
        {
            Title = title,
            Creator = "HCC Outcomes",
            Producer = "HCC Outcomes (Skia)",
            Creation = null,
            Modified = null,
            // Skia rounds the page to whole raster dots: at 96 dpi these are CSS pixels, so a page of whole pixels is
            // exactly width × 0.75 pt. The figures use no filter or mask that would be rasterised at this resolution.
            RasterDpi = (float)CssPixelsPerInch,
        };
        using (var pdf = SKDocument.CreatePdf(stream, metadata))
        {
            var canvas = pdf.BeginPage((float)size.Width * pointsPerPixel, (float)size.Height * pointsPerPixel);
            canvas.Scale(pointsPerPixel);
            canvas.DrawPicture(picture);
            pdf.EndPage();
            pdf.Close();
        }

        return stream.ToArray();
    }

    /// <summary>
    /// The width and height attributes of the root (CSS pixels, as the figure writers give them): the figure's size,
    /// where the picture's bounds may reach a little beyond it (stroke widths).
    /// </summary>
    private static (double Width, double Height) Size(string svg)
    {
        using var reader = XmlReader.Create(new StringReader(svg), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit });
        reader.MoveToContent();
        return (double.Parse(reader.GetAttribute("width") ?? "0", CultureInfo.InvariantCulture),
            double.Parse(reader.GetAttribute("height") ?? "0", CultureInfo.InvariantCulture));
    }

    private static SKSvg Load(string svg)
    {
        var document = new SKSvg();
        document.Settings.TypefaceProviders = [BundledFonts.Instance];
        if (document.FromSvg(svg) is null)
        {
            document.Dispose();
            throw new InvalidOperationException("The figure's SVG could not be read.");
        }

        return document;
    }

    /// <summary>Inserts a pHYs chunk (pixels per metre, both axes) right after IHDR.</summary>
    private static byte[] WithResolution(byte[] png, int dpi)
    {
        // Signature (8) + IHDR chunk (4 length + 4 type + 13 data + 4 CRC).
        const int afterHeader = 8 + 25;
        var pixelsPerMetre = (uint)Math.Round(dpi / 0.0254);
        var chunk = new byte[4 + 4 + 9 + 4];
        BinaryPrimitives.WriteUInt32BigEndian(chunk, 9);
        "pHYs"u8.CopyTo(chunk.AsSpan(4));
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8), pixelsPerMetre);
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(12), pixelsPerMetre);
        chunk[16] = 1; // unit: metre
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(17), Crc32(chunk.AsSpan(4, 13)));
        return [.. png.AsSpan(0, afterHeader), .. chunk, .. png.AsSpan(afterHeader)];
    }

    /// <summary>The PNG chunk CRC (ISO 3309, as zlib's crc32).</summary>
    internal static uint Crc32(ReadOnlySpan<byte> bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
            }
        }

        return ~crc;
    }

    /// <summary>
    /// Answers every family the SVG names with the bundled DejaVu Sans (regular, bold, oblique), so the host's font
    /// manager is never asked.
    /// </summary>
    private sealed class BundledFonts : ITypefaceProvider
    {
        public static readonly BundledFonts Instance = new();

        private readonly SKTypeface _regular = Read("DejaVuSans.ttf");
        private readonly SKTypeface _bold = Read("DejaVuSans-Bold.ttf");
        private readonly SKTypeface _oblique = Read("DejaVuSans-Oblique.ttf");

        public SKTypeface FromFamilyName(string fontFamily, SKFontStyleWeight fontWeight, SKFontStyleWidth fontWidth, SKFontStyleSlant fontStyle)
            => fontWeight >= SKFontStyleWeight.SemiBold ? _bold : fontStyle != SKFontStyleSlant.Upright ? _oblique : _regular;

        private static SKTypeface Read(string file)
        {
            using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("HccOutcomes.Api.Figures.Fonts." + file)
                ?? throw new InvalidOperationException($"The bundled font {file} is missing from the assembly.");
            using var bytes = new MemoryStream();
            stream.CopyTo(bytes);
            using var data = SKData.CreateCopy(bytes.ToArray());
            return SKTypeface.FromData(data) ?? throw new InvalidOperationException($"The bundled font {file} could not be read.");
        }
    }
}
