using System.Globalization;
using System.Text;

namespace HccOutcomes.Api.Figures;

/// <summary>
/// Minimal hand-written SVG 1.1 writer shared by the figure renderers: presentation attributes only (no CSS, no
/// <c>dominant-baseline</c>, no <c>paint-order</c>) so that the output imports cleanly into office software, numbers
/// in the invariant culture, every text XML-escaped and every non-ASCII character written as a numeric character
/// reference (the output is plain ASCII, independent of how it is later encoded).
/// </summary>
internal sealed class SvgWriter
{
    /// <summary>
    /// Font stack: DejaVu Sans first, the font the PNG/PDF renderer bundles (Figures/Fonts) and the text-width estimate
    /// is measured on; Helvetica/Arial (narrower) where a viewer lacks it.
    /// </summary>
    public const string FontFamily = "'DejaVu Sans', Helvetica, Arial, sans-serif";

    /// <summary>Default text colour.</summary>
    public const string Ink = "#1a1a1a";

    /// <summary>Axis and tick colour.</summary>
    public const string AxisInk = "#333333";

    /// <summary>Gridline colour.</summary>
    public const string GridInk = "#e3e3e3";

    private readonly StringBuilder _sb = new();
    private int _depth = 1;

    /// <summary>Starts a document of the given size with a white background.</summary>
    public SvgWriter(double width, double height, string title, string description)
        : this(width, height, width, height, title, description)
    {
    }

    /// <summary>
    /// Starts a document drawn in a <paramref name="width"/> × <paramref name="height"/> coordinate system and shown
    /// at <paramref name="outputWidth"/> × <paramref name="outputHeight"/> (scaled to fit, centred), with a white background.
    /// </summary>
    public SvgWriter(double width, double height, double outputWidth, double outputHeight, string title, string description)
    {
        _sb.Append("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n");
        _sb.Append("<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"").Append(Num(outputWidth))
          .Append("\" height=\"").Append(Num(outputHeight)).Append("\" viewBox=\"0 0 ").Append(Num(width)).Append(' ')
          .Append(Num(height)).Append("\" font-family=\"").Append(FontFamily).Append("\">\n");
        _sb.Append("  <title>").Append(Escape(title)).Append("</title>\n");
        _sb.Append("  <desc>").Append(Escape(description)).Append("</desc>\n");
        Rect(0, 0, width, height, "#ffffff", cls: "background");
    }

    /// <summary>Opens a group with an optional class and extra raw attributes.</summary>
    public void OpenGroup(string? cls = null, string? attributes = null)
    {
        Indent();
        _sb.Append("<g");
        if (cls is not null)
        {
            _sb.Append(" class=\"").Append(Escape(cls)).Append('"');
        }

        if (attributes is not null)
        {
            _sb.Append(' ').Append(attributes);
        }

        _sb.Append(">\n");
        _depth++;
    }

    /// <summary>Closes the innermost group.</summary>
    public void CloseGroup()
    {
        _depth--;
        Indent();
        _sb.Append("</g>\n");
    }

    /// <summary>Straight line.</summary>
    public void Line(double x1, double y1, double x2, double y2, string stroke, double width = 1,
        string? dash = null, string? cls = null, double? opacity = null)
    {
        Indent();
        _sb.Append("<line");
        Class(cls);
        Attr("x1", x1).Attr("y1", y1).Attr("x2", x2).Attr("y2", y2);
        _sb.Append(" stroke=\"").Append(stroke).Append('"');
        Attr("stroke-width", width);
        if (dash is not null)
        {
            _sb.Append(" stroke-dasharray=\"").Append(dash).Append('"');
        }

        if (opacity is { } o)
        {
            Attr("stroke-opacity", o);
        }

        _sb.Append("/>\n");
    }

    /// <summary>Rectangle.</summary>
    public void Rect(double x, double y, double w, double h, string fill, string? stroke = null, double strokeWidth = 1,
        double? fillOpacity = null, string? cls = null)
    {
        Indent();
        _sb.Append("<rect");
        Class(cls);
        Attr("x", x).Attr("y", y).Attr("width", Math.Max(0, w)).Attr("height", Math.Max(0, h));
        _sb.Append(" fill=\"").Append(fill).Append('"');
        if (fillOpacity is { } o)
        {
            Attr("fill-opacity", o);
        }

        if (stroke is not null)
        {
            _sb.Append(" stroke=\"").Append(stroke).Append('"');
            Attr("stroke-width", strokeWidth);
        }

        _sb.Append("/>\n");
    }

    /// <summary>Path (<paramref name="d"/> already formatted).</summary>
    public void Path(string d, string stroke, double width, string fill = "none", string? dash = null, string? cls = null,
        double? fillOpacity = null, string? extra = null)
    {
        Indent();
        _sb.Append("<path");
        Class(cls);
        _sb.Append(" d=\"").Append(d).Append('"');
        _sb.Append(" fill=\"").Append(fill).Append('"');
        if (fillOpacity is { } o)
        {
            Attr("fill-opacity", o);
        }

        _sb.Append(" stroke=\"").Append(stroke).Append('"');
        if (stroke != "none")
        {
            Attr("stroke-width", width);
        }

        if (dash is not null)
        {
            _sb.Append(" stroke-dasharray=\"").Append(dash).Append('"');
        }

        if (extra is not null)
        {
            _sb.Append(' ').Append(extra);
        }

        _sb.Append("/>\n");
    }

    /// <summary>Single-line text; <paramref name="y"/> is the baseline.</summary>
    public void Text(double x, double y, string text, double size, string anchor = "start", bool bold = false,
        string fill = Ink, string? cls = null, double? rotate = null, bool italic = false)
    {
        Indent();
        _sb.Append("<text");
        Class(cls);
        Attr("x", x).Attr("y", y);
        Attr("font-size", size);
        if (bold)
        {
            _sb.Append(" font-weight=\"bold\"");
        }

        if (italic)
        {
            _sb.Append(" font-style=\"italic\"");
        }

        if (anchor != "start")
        {
            _sb.Append(" text-anchor=\"").Append(anchor).Append('"');
        }

        _sb.Append(" fill=\"").Append(fill).Append('"');
        if (rotate is { } r)
        {
            _sb.Append(" transform=\"rotate(").Append(Num(r)).Append(' ').Append(Num(x)).Append(' ').Append(Num(y)).Append(")\"");
        }

        _sb.Append('>').Append(Escape(text)).Append("</text>\n");
    }

    /// <summary>Text vertically centred on <paramref name="yCentre"/> (baseline computed, no dominant-baseline).</summary>
    public void TextMiddle(double x, double yCentre, string text, double size, string anchor = "start", bool bold = false,
        string fill = Ink, string? cls = null)
        => Text(x, yCentre + (0.35 * size), text, size, anchor, bold, fill, cls);

    /// <summary>Closes the document and returns it.</summary>
    public string Finish()
    {
        _sb.Append("</svg>\n");
        return _sb.ToString();
    }

    private void Indent() => _sb.Append(' ', 2 * _depth);

    private void Class(string? cls)
    {
        if (cls is not null)
        {
            _sb.Append(" class=\"").Append(Escape(cls)).Append('"');
        }
    }

    private SvgWriter Attr(string name, double value)
    {
        _sb.Append(' ').Append(name).Append("=\"").Append(Num(value)).Append('"');
        return this;
    }

    /// <summary>A coordinate or length: at most two decimals, invariant culture, never "-0".</summary>
    public static string Num(double v)
    {
        if (!double.IsFinite(v))
        {
            v = 0;
        }

        var r = Math.Round(v, 2, MidpointRounding.AwayFromZero);
        if (r == 0)
        {
            r = 0; // no negative zero
        }

        return r.ToString("0.##", CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// XML-escapes text for element content and attribute values; characters not allowed in XML 1.0 are dropped and
    /// non-ASCII characters become numeric character references.
    /// </summary>
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var sb = new StringBuilder(text.Length + 8);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '&': sb.Append("&amp;"); continue;
                case '<': sb.Append("&lt;"); continue;
                case '>': sb.Append("&gt;"); continue;
                case '"': sb.Append("&quot;"); continue;
                case '\'': sb.Append("&#39;"); continue;
                case '\t' or '\n' or '\r': sb.Append(' '); continue;
            }

            if (c < 0x20 || c == '\uFFFE' || c == '\uFFFF')
            {
                continue;
            }

            if (char.IsHighSurrogate(c))
            {
                if (i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    sb.Append("&#").Append(char.ConvertToUtf32(c, text[i + 1]).ToString(CultureInfo.InvariantCulture)).Append(';');
                    i++;
                }

                continue;
            }

            if (char.IsLowSurrogate(c))
            {
                continue;
            }

            if (c > 0x7E)
            {
                sb.Append("&#").Append(((int)c).ToString(CultureInfo.InvariantCulture)).Append(';');
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }
}

/// <summary>Text measurement, truncation, number formats, ticks and colours shared by the figures.</summary>
internal static class FigureText
{
    /// <summary>En dash (ranges, CIs).</summary>
    public const string EnDash = "\u2013";

    /// <summary>Typographic minus sign.</summary>
    public const string Minus = "\u2212";

    /// <summary>Horizontal ellipsis.</summary>
    public const string Ellipsis = "\u2026";

    /// <summary>
    /// Rough width of a single line of text in a sans-serif font: about 0.6 × font size per character, refined for
    /// narrow (i, l, 1, punctuation, space) and wide (m, w, capitals) glyphs; deliberately on the generous side
    /// (DejaVu Sans metrics) so that narrower fonts (Helvetica, Arial) never overlap.
    /// </summary>
    public static double Width(string? text, double size, bool bold = false)
    {
        if (string.IsNullOrEmpty(text))
        {
            return 0;
        }

        double em = 0;
        foreach (var c in text)
        {
            em += c switch
            {
                ' ' => 0.33,
                'i' or 'j' or 'l' or '.' or ',' or ':' or ';' or '\'' or '|' or '!' or 'I' => 0.3,
                'f' or 't' or 'r' or '(' or ')' or '[' or ']' or '-' or '/' => 0.42,
                'm' or 'w' or 'M' or 'W' or '%' or '@' or '\u2014' => 0.92,
                >= 'A' and <= 'Z' => 0.72,
                >= '0' and <= '9' => 0.64,
                '\u2013' or '\u2212' or '+' or '=' or '<' or '>' or '\u2265' or '\u2264' or '\u00b1' => 0.84,
                _ => 0.62,
            };
        }

        return em * size * (bold ? 1.12 : 1.0);
    }

    /// <summary>The text, cut and ended with an ellipsis when wider than <paramref name="maxWidth"/>.</summary>
    public static string Truncate(string? text, double maxWidth, double size, bool bold = false)
    {
        var t = Clean(text);
        if (Width(t, size, bold) <= maxWidth)
        {
            return t;
        }

        var ell = Width(Ellipsis, size, bold);
        var len = t.Length;
        while (len > 0 && Width(t[..len], size, bold) + ell > maxWidth)
        {
            len--;
        }

        if (len > 0 && char.IsHighSurrogate(t[len - 1]))
        {
            len--;
        }

        return t[..len].TrimEnd() + Ellipsis;
    }

    /// <summary>Trims and collapses line breaks; null becomes empty.</summary>
    public static string Clean(string? text)
        => string.IsNullOrWhiteSpace(text) ? string.Empty : text.Replace("\r\n", " ").Replace('\n', ' ').Replace('\r', ' ').Trim();

    /// <summary>
    /// Word-wraps text into lines no wider than <paramref name="maxWidth"/>. Parts separated by "; " start new lines;
    /// consecutive parts that each fit on one line are joined again where the joined line fits.
    /// </summary>
    public static List<string> Wrap(string text, double maxWidth, double size)
    {
        var parts = new List<List<string>>();
        foreach (var part in Clean(text).Split("; ", StringSplitOptions.RemoveEmptyEntries))
        {
            var lines = new List<string>();
            var current = string.Empty;
            foreach (var word in part.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var candidate = current.Length == 0 ? word : current + " " + word;
                if (current.Length > 0 && Width(candidate, size) > maxWidth)
                {
                    lines.Add(Truncate(current, maxWidth, size));
                    current = word;
                }
                else
                {
                    current = candidate;
                }
            }

            if (current.Length > 0)
            {
                lines.Add(Truncate(current, maxWidth, size));
            }

            if (lines.Count > 0)
            {
                parts.Add(lines);
            }
        }

        var result = new List<string>();
        var previousSingle = false;
        foreach (var lines in parts)
        {
            var single = lines.Count == 1;
            if (single && previousSingle && Width(result[^1] + "; " + lines[0], size) <= maxWidth)
            {
                result[^1] += "; " + lines[0];
                continue;
            }

            if (result.Count > 0 && !result[^1].EndsWith(';'))
            {
                result[^1] += ";";
            }

            result.AddRange(lines);
            previousSingle = single;
        }

        return result;
    }

    /// <summary>A number with a fixed count of decimals, typographic minus for negatives.</summary>
    public static string Fixed(double v, int decimals)
    {
        var s = Math.Abs(v).ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        var negative = v < 0 && s.Any(ch => ch is >= '1' and <= '9');
        return negative ? Minus + s : s;
    }

    /// <summary>
    /// A median time with two decimals, as Table 2 of the reference paper prints medians (5.85, 3.71), typographic minus.
    /// </summary>
    public static string Median(double v) => Fixed(v, 2);

    /// <summary>A tick value: shortest invariant representation, typographic minus.</summary>
    public static string Tick(double v)
    {
        var r = Math.Round(v, 6);
        if (r == 0)
        {
            return "0";
        }

        var s = Math.Abs(r).ToString("0.######", CultureInfo.InvariantCulture);
        return r < 0 ? Minus + s : s;
    }

    /// <summary>A hazard ratio or CI limit: two decimals (three below 0.01, none from 100; "NE" when not finite).</summary>
    public static string Ratio(double? v)
    {
        if (v is not { } x || !double.IsFinite(x) || x < 0)
        {
            return "NE";
        }

        if (x >= 100)
        {
            return x.ToString("F0", CultureInfo.InvariantCulture);
        }

        if (x >= 0.01 || x == 0)
        {
            return x.ToString("F2", CultureInfo.InvariantCulture);
        }

        return x >= 0.001 ? x.ToString("0.###", CultureInfo.InvariantCulture) : "<0.001";
    }

    /// <summary>A p value in journal style: "&lt;0.001", three decimals below 0.1, else two (">0.99").</summary>
    public static string PValue(double p)
    {
        if (!double.IsFinite(p))
        {
            return "NE";
        }

        if (p < 0.001)
        {
            return "<0.001";
        }

        if (p > 0.99)
        {
            return ">0.99";
        }

        return p < 0.1 ? p.ToString("F3", CultureInfo.InvariantCulture) : p.ToString("F2", CultureInfo.InvariantCulture);
    }

    /// <summary>A "nice" tick step (1, 2, 2.5, 5 × 10^k) giving about <paramref name="target"/> intervals.</summary>
    public static double NiceStep(double range, int target)
    {
        if (!(range > 0) || !double.IsFinite(range))
        {
            return 1;
        }

        var raw = range / Math.Max(1, target);
        var mag = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var f = raw / mag;
        var nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10;
        return nice * mag;
    }
}

/// <summary>Okabe–Ito colour-blind-safe palette.</summary>
internal static class FigurePalette
{
    /// <summary>Series colours in order (yellow left out: too light on white).</summary>
    public static readonly string[] Series = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"];

    /// <summary>The colour of series <paramref name="i"/> (cycling).</summary>
    public static string Of(int i) => Series[i % Series.Length];
}

/// <summary>An axis-aligned box used for collision tests.</summary>
internal readonly record struct Box(double X, double Y, double W, double H)
{
    public double Right => X + W;

    public double Bottom => Y + H;

    public bool Intersects(Box o, double pad = 0)
        => X - pad < o.Right && o.X < Right + pad && Y - pad < o.Bottom && o.Y < Bottom + pad;

    public static Box FromPoints(double x1, double y1, double x2, double y2)
        => new(Math.Min(x1, x2), Math.Min(y1, y2), Math.Abs(x2 - x1), Math.Abs(y2 - y1));
}
