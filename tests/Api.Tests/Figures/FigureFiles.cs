using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace HccOutcomes.Api.Tests.Figures;

/// <summary>Reads what a test needs from PNG, PDF and SVG files: sizes, resolution, pages.</summary>
internal static partial class FigureFiles
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Width and height from IHDR, and the pHYs resolution in dots per inch (null when absent).</summary>
    public static (int Width, int Height, double? Dpi) Png(byte[] png)
    {
        Assert.True(png.AsSpan(0, 8).SequenceEqual(PngSignature), "not a PNG");
        int width = 0, height = 0;
        double? dpi = null;
        var chunks = new List<string>();
        for (var i = 8; i + 12 <= png.Length;)
        {
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(i));
            var type = Encoding.ASCII.GetString(png, i + 4, 4);
            var data = png.AsSpan(i + 8, length);
            chunks.Add(type);
            // Every chunk's CRC holds: the encoder's chunks check the CRC function, which then checks the pHYs chunk.
            var crc = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(i + 8 + length));
            Assert.Equal(crc, HccOutcomes.Api.Figures.FigureRaster.Crc32(png.AsSpan(i + 4, 4 + length)));
            switch (type)
            {
                case "IHDR":
                    width = (int)BinaryPrimitives.ReadUInt32BigEndian(data);
                    height = (int)BinaryPrimitives.ReadUInt32BigEndian(data[4..]);
                    break;
                case "pHYs":
                    var x = BinaryPrimitives.ReadUInt32BigEndian(data);
                    var y = BinaryPrimitives.ReadUInt32BigEndian(data[4..]);
                    Assert.Equal(x, y);
                    Assert.Equal(1, data[8]); // metres
                    dpi = x * 0.0254;
                    break;
            }

            i += 12 + length;
        }

        Assert.Equal("IHDR", chunks[0]);
        Assert.Equal("IEND", chunks[^1]);
        Assert.True(chunks.IndexOf("pHYs") < chunks.IndexOf("IDAT"), "pHYs must come before the image data");
        return (width, height, dpi);
    }

    /// <summary>The pages' MediaBoxes (width, height in points) of a PDF.</summary>
    public static List<(double Width, double Height)> PdfPages(byte[] pdf)
    {
        var text = Encoding.Latin1.GetString(pdf);
        Assert.StartsWith("%PDF-", text, StringComparison.Ordinal);
        Assert.Contains("%%EOF", text[^16..], StringComparison.Ordinal);
        var pages = PageObject().Matches(text).Count;
        var boxes = MediaBox().Matches(text).Select(m => (
            double.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture) - double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture),
            double.Parse(m.Groups[4].Value, CultureInfo.InvariantCulture) - double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture))).ToList();
        Assert.Equal(pages, boxes.Count);
        return boxes;
    }

    /// <summary>The width and height attributes of an SVG document's root.</summary>
    public static (double Width, double Height) SvgSize(string svg)
    {
        var root = XDocument.Parse(svg).Root!;
        return (double.Parse(root.Attribute("width")!.Value, CultureInfo.InvariantCulture),
            double.Parse(root.Attribute("height")!.Value, CultureInfo.InvariantCulture));
    }

    [GeneratedRegex(@"/Type\s*/Page(?![a-zA-Z])")]
    private static partial Regex PageObject();

    [GeneratedRegex(@"/MediaBox\s*\[\s*([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s*\]")]
    private static partial Regex MediaBox();
}
