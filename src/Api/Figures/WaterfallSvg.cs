using System.Globalization;

namespace HccOutcomes.Api.Figures;

/// <summary>
/// Waterfall plot of the best percent change from baseline as a stand-alone SVG 1.1 document: one bar per patient
/// sorted from the largest increase to the largest decrease, coloured by best overall response, dashed reference
/// lines at +20% and −30%, one panel per treatment group (same bar width in every panel), and increases beyond the
/// axis clipped with a marker and their values given in a footnote.
/// </summary>
public static class WaterfallSvg
{
    private const double Width = 900;
    private const double Height = 560;
    private const double TickFont = 13;
    private const double LabelFont = 15;
    private const double TitleFont = 18;
    private const double LegendFont = 13;
    private const double PanelFont = 14;
    private const double Cap = 100;
    private const double PanelGap = 28;
    private const double MaxSlot = 48;

    private static readonly string[] Order = ["CR", "PR", "SD", "PD", "NE"];

    private static readonly Dictionary<string, string> Colours = new(StringComparer.Ordinal)
    {
        ["CR"] = "#0072B2",
        ["PR"] = "#56B4E9",
        ["SD"] = "#009E73",
        ["PD"] = "#D55E00",
        ["NE"] = "#999999",
    };

    /// <summary>Grey print: darkest for the best response; every bar outlined so the light ones stay visible.</summary>
    private static readonly Dictionary<string, string> GreyColours = new(StringComparer.Ordinal)
    {
        ["CR"] = "#000000",
        ["PR"] = "#5a5a5a",
        ["SD"] = "#a0a0a0",
        ["PD"] = "#e0e0e0",
        ["NE"] = "#ffffff",
    };

    private static readonly string[] ExtraColours = ["#CC79A7", "#009E73", "#000000", "#666666"];

    /// <summary>Renders the waterfall plot.</summary>
    /// <param name="model">Title and one bar per patient.</param>
    /// <param name="look">Size, fonts and colours (default: the standard look).</param>
    /// <returns>The SVG document (ASCII, numeric character references for non-ASCII text).</returns>
    public static string Render(WaterfallFigureModel model, FigureLook? look = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        look ??= FigureLook.Default;
        double width = look.Width ?? Width, height = look.Height ?? Height, tickFont = look.Font(TickFont), labelFont = look.Font(LabelFont),
            titleFont = look.Font(TitleFont), legendFont = look.Font(LegendFont), panelFont = look.Font(PanelFont), k = look.FontScale;
        var palette = look.Grey ? GreyColours : Colours;
        var outline = look.Grey ? SvgWriter.Ink : null;
        var bars = (model.Bars ?? [])
            .Select((b, i) => (Bar: b, Index: i))
            .Where(p => p.Bar is not null && double.IsFinite(p.Bar.BestPercentChange))
            .Select(p => new Item(FigureText.Clean(p.Bar.Group), p.Bar.BestPercentChange, Category(p.Bar.BestOverallResponse), p.Index))
            .ToList();

        // ---- categories and colours -----------------------------------------------------------------------------
        var categories = Order.Where(c => bars.Any(b => b.Bor == c))
            .Concat(bars.Select(b => b.Bor).Where(c => !Colours.ContainsKey(c)).Distinct(StringComparer.Ordinal))
            .ToList();
        var colour = new Dictionary<string, string>(StringComparer.Ordinal);
        var extra = 0;
        foreach (var c in categories)
        {
            colour[c] = look.Colours.TryGetValue(c, out var asked) ? asked.ToLowerInvariant()
                : palette.TryGetValue(c, out var known) ? known : ExtraColours[extra++ % ExtraColours.Length];
        }

        int Rank(string c) => categories.IndexOf(c);

        // ---- groups (order of first appearance), bars sorted within each ------------------------------------------
        var groups = bars.Select(b => b.Group).Distinct(StringComparer.Ordinal)
            .Select(g => bars.Where(b => b.Group == g)
                .OrderByDescending(b => b.Value).ThenByDescending(b => Rank(b.Bor)).ThenBy(b => b.Index).ToList())
            .ToList();

        // ---- y range --------------------------------------------------------------------------------------------
        var maxV = bars.Count > 0 ? bars.Max(b => b.Value) : 0;
        var minV = bars.Count > 0 ? bars.Min(b => b.Value) : 0;
        var yMax = Math.Min(Cap, Math.Max(40, Math.Ceiling((maxV / 20) - 1e-9) * 20));
        var yMin = Math.Min(-100, Math.Floor((minV / 20) + 1e-9) * 20);
        var yStep = (yMax - yMin) > 300 ? FigureText.NiceStep(yMax - yMin, 8) : 20;
        var clipped = bars.Where(b => b.Value > yMax).OrderByDescending(b => b.Value).ThenBy(b => b.Index).ToList();

        // ---- layout ---------------------------------------------------------------------------------------------
        var title = FigureText.Clean(model.Title);
        var panelTitles = groups.Count > 1 || (groups.Count == 1 && groups[0][0].Group.Length > 0);
        var top = title.Length > 0 ? 30 + titleFont : 12;
        var legendY = top + (12 * k);
        var plotTop = legendY + ((panelTitles ? 52 : 30) * k);
        var plotBottom = height - (clipped.Count > 0 ? 80 : 62);
        double left = 84 * k, right = width - (64 * k);
        var plotH = plotBottom - plotTop;
        double Y(double v) => plotBottom - ((Math.Clamp(v, yMin, yMax) - yMin) / (yMax - yMin) * plotH);

        var panelTitleTexts = groups.Select(g => g.Count == 0 ? string.Empty
            : FigureText.Truncate(g[0].Group, 250, panelFont, bold: true) + " (n = " + g.Count.ToString(CultureInfo.InvariantCulture) + ")").ToList();
        var (panelX, panelW, slot) = Panels(groups.Select(g => g.Count).ToList(),
            panelTitles ? panelTitleTexts.Select(t => FigureText.Width(t, panelFont, bold: true) + 12).ToList() : groups.Select(_ => 0.0).ToList(),
            left + 8, right);

        var svg = new SvgWriter(width, height, title.Length > 0 ? title : "Waterfall plot",
            "Best percent change from baseline per patient, coloured by best overall response");

        if (title.Length > 0)
        {
            svg.Text(width / 2, 16 + titleFont, FigureText.Truncate(title, width - 40, titleFont, bold: true), titleFont, "middle", bold: true, cls: "title");
        }

        // ---- legend (one row above the panels) ------------------------------------------------------------------
        if (categories.Count > 0)
        {
            svg.OpenGroup("legend");
            var entries = categories.Select(c => (c, Text: FigureText.Truncate(c, 120, legendFont)
                + " (n = " + bars.Count(b => b.Bor == c).ToString(CultureInfo.InvariantCulture) + ")")).ToList();
            var total = entries.Sum(e => 14 + 6 + FigureText.Width(e.Text, legendFont) + 22) - 22;
            var x = Math.Max(left, ((left + right) / 2) - (total / 2));
            foreach (var (c, text) in entries)
            {
                svg.Rect(x, legendY - 7, 14, 14, colour[c], outline, 0.6, cls: "legend-swatch");
                svg.TextMiddle(x + 20, legendY, text, legendFont, cls: "legend-entry");
                x += 14 + 6 + FigureText.Width(text, legendFont) + 22;
            }

            svg.CloseGroup();
        }

        // ---- y axis ---------------------------------------------------------------------------------------------
        svg.OpenGroup("axes");
        svg.Line(left, Y(yMax), left, Y(yMin), SvgWriter.AxisInk, 1.2);
        for (var v = yMin; v <= yMax + 1e-9; v += yStep)
        {
            var y = Y(v);
            svg.Line(left - 5, y, left, y, SvgWriter.AxisInk, 1.2);
            svg.TextMiddle(left - 8, y, FigureText.Tick(v), tickFont, "end", cls: "y-tick");
        }

        svg.CloseGroup();
        svg.Text(left - (37 + labelFont), plotTop + (plotH / 2), "Best change from baseline (%)", labelFont, "middle", cls: "y-label", rotate: -90);
        var panelsLeft = panelX.Count > 0 ? panelX[0] : left + 8;
        var panelsRight = panelX.Count > 0 ? panelX[^1] + panelW[^1] : right;
        svg.Text((panelsLeft + panelsRight) / 2, plotBottom + 28, "Patients", labelFont, "middle", cls: "x-label");

        if (bars.Count == 0)
        {
            svg.Line(left, Y(20), right, Y(20), "#444444", 1.2, "6 4", "ref-line");
            svg.Line(left, Y(-30), right, Y(-30), "#444444", 1.2, "6 4", "ref-line");
            svg.Line(left, Y(0), right, Y(0), SvgWriter.AxisInk, 1.2, cls: "zero-line");
            svg.Text((left + right) / 2, Y(-65) + 5, "No data", labelFont, "middle", fill: "#777777", cls: "no-data");
        }

        // ---- panels ---------------------------------------------------------------------------------------------
        for (var g = 0; g < groups.Count; g++)
        {
            var items = groups[g];
            double px = panelX[g], pw = panelW[g];
            svg.OpenGroup("panel");
            if (panelTitles)
            {
                svg.Text(px + (pw / 2), plotTop - 16, panelTitleTexts[g], panelFont, "middle", bold: true, cls: "panel-title");
            }

            // Reference lines behind the bars.
            var lineRight = g == groups.Count - 1 ? right : px + pw + 4;
            svg.Line(px - 4, Y(20), lineRight, Y(20), "#444444", 1.2, "6 4", "ref-line");
            svg.Line(px - 4, Y(-30), lineRight, Y(-30), "#444444", 1.2, "6 4", "ref-line");

            var offset = px + ((pw - (items.Count * slot)) / 2);
            var barW = slot >= 4 ? slot * 0.78 : slot;
            for (var i = 0; i < items.Count; i++)
            {
                var b = items[i];
                var x = offset + (slot * i) + ((slot - barW) / 2);
                double y0 = Y(0), y1 = Y(b.Value);
                double yTop = Math.Min(y0, y1), h = Math.Abs(y1 - y0);
                if (h < 1.5)
                {
                    yTop = y0 - 0.75;
                    h = 1.5;
                }

                svg.Rect(x, yTop, barW, h, colour[b.Bor], outline, 0.6, cls: "bar");
                if (b.Value > yMax)
                {
                    // Axis break across the bar and a marker above it.
                    var yb = Y(yMax) + 10;
                    svg.Path("M" + SvgWriter.Num(x - 1.5) + " " + SvgWriter.Num(yb + 3) + " L" + SvgWriter.Num(x + barW + 1.5) + " " + SvgWriter.Num(yb - 3),
                        "#ffffff", 2.5, cls: "clip-break");
                    var xc = x + (barW / 2);
                    svg.Path("M" + SvgWriter.Num(xc) + " " + SvgWriter.Num(plotTop - 9) + " L" + SvgWriter.Num(xc - 4) + " " + SvgWriter.Num(plotTop - 2)
                        + " L" + SvgWriter.Num(xc + 4) + " " + SvgWriter.Num(plotTop - 2) + " Z", "none", 0, SvgWriter.Ink, cls: "clip-marker");
                }
            }

            svg.Line(px - 4, Y(0), px + pw + 4, Y(0), SvgWriter.AxisInk, 1.2, cls: "zero-line");
            svg.CloseGroup();
        }

        // ---- reference line labels (right margin, never on the bars) ----------------------------------------------
        svg.Text(right + 6, Y(20) + 4.5, "+20%", tickFont, cls: "ref-label");
        svg.Text(right + 6, Y(-30) + 4.5, FigureText.Minus + "30%", tickFont, cls: "ref-label");

        if (clipped.Count > 0)
        {
            var values = string.Join(", ", clipped.Select(b => "+" + b.Value.ToString("0", CultureInfo.InvariantCulture) + "%"));
            var note = "\u25B2 Bar truncated at +" + yMax.ToString("0", CultureInfo.InvariantCulture) + "%; actual value"
                + (clipped.Count > 1 ? "s " : " ") + values;
            svg.Text(left, height - 16, FigureText.Truncate(note, width - left - 20, 12), 12, fill: "#444444", cls: "clip-note");
        }

        return svg.Finish();
    }

    /// <summary>
    /// Panel positions: widths proportional to the bar counts (one bar slot width for all panels), but at least as
    /// wide as the panel title.
    /// </summary>
    private static (List<double> X, List<double> W, double Slot) Panels(List<int> counts, List<double> minWidths, double left, double right)
    {
        var n = counts.Count;
        var xs = new List<double>();
        var ws = new List<double>();
        if (n == 0)
        {
            return (xs, ws, 1);
        }

        var available = right - left - (PanelGap * (n - 1));
        var isFixed = new bool[n];
        double slot = 1;
        for (var iteration = 0; iteration <= n; iteration++)
        {
            double fixedWidth = 0;
            var flexibleBars = 0;
            for (var g = 0; g < n; g++)
            {
                if (isFixed[g])
                {
                    fixedWidth += minWidths[g];
                }
                else
                {
                    flexibleBars += counts[g];
                }
            }

            slot = flexibleBars > 0 ? Math.Max(0.5, (available - fixedWidth) / flexibleBars) : MaxSlot;
            var changed = false;
            for (var g = 0; g < n; g++)
            {
                if (!isFixed[g] && counts[g] * slot < minWidths[g])
                {
                    isFixed[g] = true;
                    changed = true;
                }
            }

            if (!changed)
            {
                break;
            }
        }

        var widths = Enumerable.Range(0, n).Select(g => isFixed[g] ? minWidths[g] : counts[g] * slot).ToList();
        var x = left;
        foreach (var w in widths)
        {
            xs.Add(x);
            ws.Add(w);
            x += w + PanelGap;
        }

        return (xs, ws, Math.Min(slot, MaxSlot));
    }

    private static string Category(string? bor)
    {
        var c = FigureText.Clean(bor).ToUpperInvariant();
        return c.Length == 0 || c is "NA" or "N/A" or "UNK" ? "NE" : c;
    }

    private sealed record Item(string Group, double Value, string Bor, int Index);
}
