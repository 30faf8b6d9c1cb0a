using System.Globalization;

namespace HccOutcomes.Api.Figures;

/// <summary>
/// Forest plot of subgroup hazard ratios as a stand-alone SVG 1.1 document, laid out as a table: subgroup labels
/// (variable headings bold, levels indented), patients per arm, the estimate on a log-scale hazard-ratio axis
/// (squares sized by the number of patients, 95% CI whiskers, arrows where a CI runs off the axis), the
/// "HR (95% CI)" text and the interaction p of each variable. The height grows with the number of rows.
/// </summary>
public static class ForestPlotSvg
{
    private const double Font = 13;
    private const double HeaderFont = 13;
    private const double TitleFont = 18;
    private const double TickFont = 12;
    private const double RowHeight = 26;
    private const double MinPlotWidth = 330;
    private const double HeaderLine = 17;
    private const double Pad = 20;
    private const double Indent = 16;
    private const string MarkInk = "#1a1a1a";

    private static readonly double[] LowerLimits = [0.1, 0.05, 0.02, 0.01];
    private static readonly double[] UpperLimits = [10, 20, 50, 100];

    /// <summary>Tick candidates in order of priority (kept when their labels do not collide).</summary>
    private static readonly double[] TickPriority = [1, 0.1, 10, 0.5, 2, 0.25, 4, 0.01, 100, 0.05, 20, 0.02, 50];

    /// <summary>Renders the forest plot.</summary>
    /// <param name="model">Rows in display order and the two group names.</param>
    /// <param name="look">
    /// Size and fonts (default: the standard look). A larger width widens the plot column; a height sets the row
    /// height where the rows fit, else the drawing is scaled into it.
    /// </param>
    /// <returns>The SVG document (ASCII, numeric character references for non-ASCII text).</returns>
    public static string Render(ForestFigureModel model, FigureLook? look = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        look ??= FigureLook.Default;
        double font = look.Font(Font), headerFont = look.Font(HeaderFont), titleFont = look.Font(TitleFont), tickFont = look.Font(TickFont),
            rowHeight = look.Font(RowHeight), headerLine = look.Font(HeaderLine), k = look.FontScale;
        var rows = (model.Rows ?? []).Where(r => r is not null).ToList();
        var compared = FigureText.Clean(model.ComparedGroup);
        var reference = FigureText.Clean(model.ReferenceGroup);
        if (compared.Length == 0)
        {
            compared = "compared";
        }

        if (reference.Length == 0)
        {
            reference = "reference";
        }

        // ---- rows: indentation, texts ---------------------------------------------------------------------------
        var indent = new bool[rows.Count];
        var block = new int[rows.Count];
        var seenHeader = false;
        var blockIndex = 0;
        for (var i = 0; i < rows.Count; i++)
        {
            if (rows[i].IsHeader)
            {
                seenHeader = true;
                blockIndex++;
            }
            else
            {
                indent[i] = seenHeader;
            }

            block[i] = blockIndex;
        }

        var hrTexts = rows.Select(HrText).ToList();
        var pTexts = rows.Select(r => r.InteractionP is { } p ? FigureText.PValue(p) : string.Empty).ToList();

        // ---- scale ----------------------------------------------------------------------------------------------
        double lo = LowerLimits[0], hi = UpperLimits[0];
        foreach (var r in rows)
        {
            foreach (var v in new[] { r.Lower, r.HazardRatio, r.Upper })
            {
                if (v is not { } x || !double.IsFinite(x) || x <= 0)
                {
                    continue;
                }

                foreach (var l in LowerLimits)
                {
                    if (lo <= x)
                    {
                        break;
                    }

                    lo = l;
                }

                foreach (var u in UpperLimits)
                {
                    if (hi >= x)
                    {
                        break;
                    }

                    hi = u;
                }
            }
        }

        // ---- columns --------------------------------------------------------------------------------------------
        // Variable headings without counts may run on over the count columns; levels set the column width.
        static bool Spans(ForestRow r) => r.IsHeader && r.NCompared is null && r.NReference is null;
        double labelW = 150;
        for (var i = 0; i < rows.Count; i++)
        {
            if (Spans(rows[i]))
            {
                continue;
            }

            labelW = Math.Max(labelW, FigureText.Width(FigureText.Clean(rows[i].Label), font, rows[i].IsHeader) + (indent[i] ? Indent : 0));
        }

        labelW = Math.Min(labelW, 300) + 14;
        var comparedHead = HeaderLines(compared, headerFont);
        var referenceHead = HeaderLines(reference, headerFont);
        var headLines = Math.Max(comparedHead.Count, referenceHead.Count);
        var nCompW = Math.Max(56, comparedHead.Max(l => FigureText.Width(l, headerFont, bold: true))) + 18;
        var nRefW = Math.Max(56, referenceHead.Max(l => FigureText.Width(l, headerFont, bold: true))) + 18;
        var decades = Math.Log10(hi / lo);
        var plotWidth = Math.Max(MinPlotWidth, 115 * decades);
        var plotColW = plotWidth + 36;
        const string hrHead = "HR (95% CI)";
        var hrW = Math.Max(FigureText.Width(hrHead, headerFont, bold: true), hrTexts.Select(t => FigureText.Width(t, font)).DefaultIfEmpty(0).Max()) + 30;
        var pW = Math.Max(FigureText.Width("interaction", headerFont, bold: true), pTexts.Select(t => FigureText.Width(t, font)).DefaultIfEmpty(0).Max()) + 8;
        var naturalWidth = Math.Ceiling(Pad + labelW + nCompW + nRefW + plotWidth + 36 + hrW + pW + Pad);
        if (look.Width is { } askedWidth && askedWidth > naturalWidth)
        {
            plotWidth += askedWidth - naturalWidth;
        }

        plotColW = plotWidth + 36;

        var xLabel = Pad;
        var xNComp = xLabel + labelW;
        var xNRef = xNComp + nCompW;
        var xPlot = xNRef + nRefW;
        var xHr = xPlot + plotColW;
        var xP = xHr + hrW;
        var width = Math.Ceiling(xP + pW + Pad);
        var plotLeft = xPlot + 18;
        var plotRight = plotLeft + plotWidth;

        var title = FigureText.Clean(model.Title);
        var headerTop = title.Length > 0 ? 38 + titleFont : 16;
        var hLast = headerTop + 14 + (headerLine * headLines);
        var rowsTop = hLast + 14;
        var shownRows = Math.Max(1, rows.Count);
        if (look.Height is { } askedHeight)
        {
            // Rows share the height asked for, as long as they stay between 1.5 and 4 lines of text high.
            rowHeight = Math.Clamp((askedHeight - rowsTop - 70) / shownRows, 1.5 * font, 4 * font);
        }

        var rowsBottom = rowsTop + (rowHeight * shownRows);
        var axisY = rowsBottom + 8;
        var height = Math.Ceiling(axisY + 62);

        double logLo = Math.Log(lo), logHi = Math.Log(hi);
        double X(double hr) => plotLeft + ((Math.Log(hr) - logLo) / (logHi - logLo) * plotWidth);

        var svg = new SvgWriter(width, height, look.Width ?? width, look.Height ?? height, title.Length > 0 ? title : "Forest plot",
            "Hazard ratios of " + compared + " versus " + reference + " by subgroup, log scale");

        // ---- zebra blocks ---------------------------------------------------------------------------------------
        svg.OpenGroup("shading");
        for (var i = 0; i < rows.Count; i++)
        {
            if (block[i] % 2 == 1)
            {
                svg.Rect(Pad - 6, rowsTop + (rowHeight * i), width - (2 * Pad) + 12, rowHeight, "#f2f2f2");
            }
        }

        svg.CloseGroup();

        // ---- header ---------------------------------------------------------------------------------------------
        if (title.Length > 0)
        {
            svg.Text(Pad, 16 + titleFont, FigureText.Truncate(title, width - (2 * Pad), titleFont, bold: true), titleFont, bold: true, cls: "title");
        }

        svg.OpenGroup("column-headers");
        svg.Text(xLabel, hLast, "Subgroup", headerFont, bold: true);
        for (var j = 0; j < comparedHead.Count; j++)
        {
            svg.Text(xNComp + (nCompW / 2), hLast - (headerLine * (comparedHead.Count - j)), comparedHead[j], headerFont, "middle", bold: true, cls: "group-header");
        }

        for (var j = 0; j < referenceHead.Count; j++)
        {
            svg.Text(xNRef + (nRefW / 2), hLast - (headerLine * (referenceHead.Count - j)), referenceHead[j], headerFont, "middle", bold: true, cls: "group-header");
        }

        svg.Text(xNComp + (nCompW / 2), hLast, "n", headerFont, "middle", italic: true);
        svg.Text(xNRef + (nRefW / 2), hLast, "n", headerFont, "middle", italic: true);
        svg.Text(plotLeft + (plotWidth / 2), hLast, "Hazard ratio (95% CI)", headerFont, "middle", bold: true);
        svg.Text(xHr + 10, hLast, hrHead, headerFont, bold: true);
        svg.Text(xP, hLast - headerLine, "P for", headerFont, bold: true);
        svg.Text(xP, hLast, "interaction", headerFont, bold: true);
        svg.Line(Pad - 6, rowsTop - 5, width - Pad + 6, rowsTop - 5, SvgWriter.AxisInk, 1);
        svg.CloseGroup();

        // ---- reference line at HR = 1 ---------------------------------------------------------------------------
        svg.Line(X(1), rowsTop - 2, X(1), axisY, "#666666", 1, cls: "null-line");

        // ---- rows -----------------------------------------------------------------------------------------------
        var maxN = rows.Select(r => (r.NCompared ?? 0) + (r.NReference ?? 0)).DefaultIfEmpty(0).Max();
        svg.OpenGroup("rows");
        for (var i = 0; i < rows.Count; i++)
        {
            var r = rows[i];
            var yc = rowsTop + (rowHeight * (i + 0.5));
            var lx = xLabel + (indent[i] ? Indent : 0);
            var labelRoom = Spans(r) ? plotLeft - xLabel - 12 : labelW - 14 - (indent[i] ? Indent : 0);
            var label = FigureText.Truncate(r.Label, labelRoom, font, r.IsHeader);
            svg.TextMiddle(lx, yc, label, font, bold: r.IsHeader, cls: r.IsHeader ? "row-label header" : "row-label");
            if (r.NCompared is { } nc)
            {
                svg.TextMiddle(xNComp + (nCompW / 2), yc, nc.ToString(CultureInfo.InvariantCulture), font, "middle", cls: "n");
            }

            if (r.NReference is { } nr)
            {
                svg.TextMiddle(xNRef + (nRefW / 2), yc, nr.ToString(CultureInfo.InvariantCulture), font, "middle", cls: "n");
            }

            if (hrTexts[i].Length > 0)
            {
                svg.TextMiddle(xHr + 10, yc, hrTexts[i], font, cls: "hr-text");
            }

            if (pTexts[i].Length > 0)
            {
                svg.TextMiddle(xP, yc, pTexts[i], font, cls: "p-text");
            }

            DrawEstimate(svg, r, yc, lo, hi, X, maxN);
        }

        if (rows.Count == 0)
        {
            svg.TextMiddle(xLabel, rowsTop + (rowHeight / 2), "No data", font, fill: "#777777", cls: "no-data");
        }

        svg.CloseGroup();

        // ---- axis -----------------------------------------------------------------------------------------------
        svg.OpenGroup("axis");
        svg.Line(plotLeft, axisY, plotRight, axisY, SvgWriter.AxisInk, 1.2);
        var kept = new List<(double V, Box B)>();
        foreach (var t in TickPriority)
        {
            if (t < lo - 1e-12 || t > hi + 1e-12)
            {
                continue;
            }

            var text = FigureText.Tick(t);
            var w = FigureText.Width(text, tickFont);
            var b = new Box(X(t) - (w / 2), axisY + 8, w, tickFont);
            if (kept.Any(k => k.B.Intersects(b, 9)))
            {
                continue;
            }

            kept.Add((t, b));
        }

        foreach (var (v, _) in kept.OrderBy(k => k.V))
        {
            svg.Line(X(v), axisY, X(v), axisY + 5, SvgWriter.AxisInk, 1.2);
            svg.Text(X(v), axisY + 19, FigureText.Tick(v), tickFont, "middle", cls: "x-tick");
        }

        var x1 = X(1);
        var leftRoom = x1 - Pad;
        var rightRoom = width - Pad - x1;
        var favC = FigureText.Truncate("\u2190 Favours " + compared, leftRoom - 8, font);
        var favR = FigureText.Truncate("Favours " + reference + " \u2192", rightRoom - 8, font);
        svg.Text(x1 - 8, axisY + 42, favC, font, "end", cls: "favours");
        svg.Text(x1 + 8, axisY + 42, favR, font, cls: "favours");
        svg.CloseGroup();

        return svg.Finish();
    }

    /// <summary>A group name as a column heading: at most two lines of at most 140 px (bold).</summary>
    private static List<string> HeaderLines(string name, double headerFont)
    {
        var max = 140 * headerFont / HeaderFont;
        var lines = FigureText.Wrap(name, max, headerFont * 1.13);
        if (lines.Count > 2)
        {
            lines = [lines[0], string.Join(" ", lines.Skip(1))];
        }

        return lines.Select(l => FigureText.Truncate(l, max, headerFont, bold: true)).ToList();
    }

    private static void DrawEstimate(SvgWriter svg, ForestRow r, double yc, double lo, double hi, Func<double, double> x, int maxN)
    {
        static bool Ok(double? v) => v is { } d && double.IsFinite(d) && d > 0;
        if (!Ok(r.HazardRatio))
        {
            return;
        }

        var hr = r.HazardRatio!.Value;
        var l = Ok(r.Lower) ? Math.Min(r.Lower!.Value, hr) : hr;
        var u = Ok(r.Upper) ? Math.Max(r.Upper!.Value, hr) : hr;
        if (!Ok(r.Upper) && r.Upper is { } inf && double.IsPositiveInfinity(inf))
        {
            u = double.PositiveInfinity;
        }

        svg.OpenGroup("estimate");
        bool offLeft = l < lo, offRight = u > hi;
        double xl = x(Math.Max(l, lo)), xu = x(Math.Min(u, hi));
        if (xu > xl)
        {
            svg.Line(xl, yc, xu, yc, MarkInk, 1.5, cls: "ci");
        }

        if (offLeft)
        {
            Arrow(svg, xl, yc, -1);
        }

        if (offRight)
        {
            Arrow(svg, xu, yc, +1);
        }

        if (hr >= lo && hr <= hi)
        {
            var n = (r.NCompared ?? 0) + (r.NReference ?? 0);
            var size = maxN > 0 && n > 0 ? 5 + (8 * Math.Sqrt((double)n / maxN)) : 8;
            var xh = x(hr);
            svg.Rect(xh - (size / 2), yc - (size / 2), size, size, MarkInk, cls: "hr-mark");
        }

        svg.CloseGroup();
    }

    private static void Arrow(SvgWriter svg, double x, double y, int direction)
    {
        var tip = x + (direction * 2);
        var back = tip - (direction * 8);
        svg.Path(
            "M" + SvgWriter.Num(tip) + " " + SvgWriter.Num(y) + " L" + SvgWriter.Num(back) + " " + SvgWriter.Num(y - 4.5)
            + " L" + SvgWriter.Num(back) + " " + SvgWriter.Num(y + 4.5) + " Z",
            "none", 0, MarkInk, cls: "ci-arrow");
    }

    private static string HrText(ForestRow r)
    {
        if (r.IsHeader && r.HazardRatio is null)
        {
            return string.Empty;
        }

        if (r.HazardRatio is not { } hr || !double.IsFinite(hr))
        {
            return "NE";
        }

        string lower = FigureText.Ratio(r.Lower), upper = FigureText.Ratio(r.Upper);
        if (r.Lower is null && r.Upper is null)
        {
            return FigureText.Ratio(hr);
        }

        return FigureText.Ratio(hr) + " (" + lower + FigureText.EnDash + upper + ")";
    }
}
