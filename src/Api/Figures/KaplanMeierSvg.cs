using System.Globalization;
using System.Text;

namespace HccOutcomes.Api.Figures;

/// <summary>
/// Kaplan–Meier figure as a stand-alone SVG 1.1 document: post-step survival curves per group (Okabe–Ito colours),
/// censor ticks, optional step-shaped confidence bands, dashed median lines, legend, a test annotation placed where
/// it does not cover the curves, and a "No. at risk" table under the time axis.
/// </summary>
public static class KaplanMeierSvg
{
    private const double Width = 900;
    private const double BaseHeight = 650;
    private const double TickFont = 13;
    private const double LabelFont = 15;
    private const double TitleFont = 18;
    private const double LegendFont = 13.5;
    private const double AnnotationFont = 13;
    private const double RiskFont = 13;
    private const double RiskRowHeight = 22;
    private const double MedianFont = 12;

    /// <summary>Renders the figure.</summary>
    /// <param name="model">Curves, risk table and labels.</param>
    /// <param name="look">Size, fonts and colours (default: the standard look).</param>
    /// <returns>The SVG document (ASCII, numeric character references for non-ASCII text).</returns>
    public static string Render(KaplanMeierFigureModel model, FigureLook? look = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        look ??= FigureLook.Default;
        var svg = RenderCore(model, look, legendOutside: false, out var legendCollides);
        return legendCollides ? RenderCore(model, look, legendOutside: true, out _) : svg;
    }

    /// <summary>
    /// Renders with the legend inside the plot area (where it covers nothing, else <paramref name="legendCollides"/>)
    /// or in rows between the title and the plot area.
    /// </summary>
    private static string RenderCore(KaplanMeierFigureModel model, FigureLook look, bool legendOutside, out bool legendCollides)
    {
        legendCollides = false;
        double tickFont = look.Font(TickFont), labelFont = look.Font(LabelFont), titleFont = look.Font(TitleFont),
            legendFont = look.Font(LegendFont), annotationFont = look.Font(AnnotationFont), riskFont = look.Font(RiskFont),
            riskRowHeight = look.Font(RiskRowHeight), medianFont = look.Font(MedianFont), k = look.FontScale;
        var curves = Prepare(model, look);
        var riskTimes = (model.RiskTableTimes ?? [])
            .Select((t, i) => (Time: t, Index: i))
            .Where(p => double.IsFinite(p.Time) && p.Time >= 0)
            .ToList();
        var hasRiskTable = model.ShowRiskTable && riskTimes.Count > 0 && curves.Count > 0;

        // ---- time axis -------------------------------------------------------------------------------------------
        double tData = 0;
        foreach (var c in curves)
        {
            tData = Math.Max(tData, c.End);
            if (c.Median is { } m)
            {
                tData = Math.Max(tData, m);
            }
        }

        foreach (var (t, _) in riskTimes)
        {
            tData = Math.Max(tData, t);
        }

        if (!(tData > 0))
        {
            tData = 12;
        }

        var step = TimeStep(tData, riskTimes.Select(r => r.Time).ToList());
        var tMax = model.XMax is { } xMax && double.IsFinite(xMax) && xMax > 0 ? xMax : Math.Ceiling((tData / step) - 1e-9) * step;
        if (tMax <= 0)
        {
            tMax = step;
        }

        var ticks = model.XBreaks is { Count: > 0 } breaks
            ? breaks.Where(b => double.IsFinite(b) && b >= 0 && b <= tMax + 1e-9).ToList()
            : Enumerable.Range(0, (int)Math.Floor((tMax / step) + 1e-9) + 1).Select(i => i * step).ToList();

        // ---- layout ------------------------------------------------------------------------------------------------
        var width = look.Width ?? Width;
        var height = look.Height ?? Math.Ceiling(BaseHeight + (Math.Max(0, curves.Count - 2) * riskRowHeight));
        var title = FigureText.Clean(model.Title);
        var plotTop = title.Length > 0 ? 44 + titleFont : 28;
        var legendEntries = curves.Select(c => FigureText.Truncate(c.Name, 260, legendFont)
            + " (n = " + c.N.ToString(CultureInfo.InvariantCulture) + ")").ToList();
        double legendLine = 21 * k, legendPad = 8, legendSample = 26;
        List<List<int>> legendRows = [];
        if (legendOutside)
        {
            // Flow the entries into rows across the figure width (the plot area is not known yet: be conservative).
            double avail = width - 200, used = 0;
            foreach (var i in Enumerable.Range(0, curves.Count))
            {
                var w = legendSample + 8 + FigureText.Width(legendEntries[i], legendFont) + 24;
                if (legendRows.Count == 0 || used + w > avail)
                {
                    legendRows.Add([]);
                    used = 0;
                }

                legendRows[^1].Add(i);
                used += w;
            }

            plotTop += (legendRows.Count * legendLine) + 6;
        }

        var below = hasRiskTable ? (82 * k) + (riskRowHeight * curves.Count) + 14 : 64 * k;
        var plotBottom = height - below;

        var riskNames = curves.Select(c => FigureText.Truncate(c.Name, 190, riskFont, bold: true)).ToList();
        var nameWidth = riskNames.Count == 0 ? 0 : riskNames.Max(n => FigureText.Width(n, riskFont, bold: true));
        var maxCount = curves.SelectMany(c => c.AtRisk).DefaultIfEmpty(0).Max();
        var countHalf = FigureText.Width(maxCount.ToString(CultureInfo.InvariantCulture), riskFont) / 2;
        var left = hasRiskTable ? Math.Max(88 * k, 14 + nameWidth + 14 + countHalf) : 88 * k;
        var right = width - 36;
        var plotW = right - left;
        var plotH = plotBottom - plotTop;

        double X(double t) => left + (Math.Clamp(t, 0, tMax) / tMax * plotW);
        double Y(double s) => plotBottom - (Math.Clamp(s, 0, 1) * plotH);

        var svg = new SvgWriter(width, height, title.Length > 0 ? title : "Kaplan-Meier curves",
            "Kaplan-Meier estimates by group" + (hasRiskTable ? " with number at risk" : string.Empty));

        // ---- gridlines and y ticks --------------------------------------------------------------------------------
        var yLabel = FigureText.Clean(model.YLabel);
        var percentInLabel = yLabel.Contains('%', StringComparison.Ordinal);
        svg.OpenGroup("grid");
        for (var p = 0; p <= 100; p += 20)
        {
            if (p > 0)
            {
                svg.Line(left, Y(p / 100.0), right, Y(p / 100.0), SvgWriter.GridInk, 1);
            }
        }

        svg.CloseGroup();

        // ---- obstacles for label placement ------------------------------------------------------------------------
        var obstacles = new List<Box>();

        // Grid lines: the annotation avoids them where it can (it has no background), the legend may sit on them.
        var gridLines = Enumerable.Range(1, 5).Select(i => new Box(left, Y(i / 5.0) - 0.5, plotW, 1)).ToList();

        // ---- confidence bands -------------------------------------------------------------------------------------
        if (model.ShowConfidenceBands)
        {
            svg.OpenGroup("km-ci");
            foreach (var c in curves)
            {
                // Each band is its dashed upper and lower limits in the group's colour (survminer's "step" style);
                // a single curve's band is also shaded. Shaded bands of several groups would overlap into a muddy
                // brown-grey, so they are not shaded.
                var band = BandPath(c, X, Y, obstacles);
                if (band is not null)
                {
                    svg.OpenGroup("km-band");
                    if (curves.Count == 1)
                    {
                        svg.Path(band.Value.Area, "none", 0, c.Colour, cls: "km-band-area", fillOpacity: 0.15);
                    }

                    svg.Path(band.Value.Upper, c.Colour, 1, dash: "3 2", cls: "km-band-edge");
                    svg.Path(band.Value.Lower, c.Colour, 1, dash: "3 2", cls: "km-band-edge");
                    svg.CloseGroup();
                }
            }

            svg.CloseGroup();
        }

        // ---- median lines -----------------------------------------------------------------------------------------
        var medians = curves.Where(c => model.ShowMedianLines && c.Median is { } m && double.IsFinite(m) && m >= 0 && m <= tMax)
            .OrderByDescending(c => c.Median!.Value).ThenBy(c => c.Index).ToList();
        if (medians.Count > 0)
        {
            svg.OpenGroup("km-median");
            foreach (var c in medians)
            {
                var xm = X(c.Median!.Value);
                svg.Line(left, Y(0.5), xm, Y(0.5), c.Colour, 1.2, "5 4", "median-line");
                svg.Line(xm, Y(0.5), xm, plotBottom, c.Colour, 1.2, "5 4", "median-line");
                obstacles.Add(Box.FromPoints(left, Y(0.5) - 1, xm, Y(0.5) + 1));
                obstacles.Add(Box.FromPoints(xm - 1, Y(0.5), xm + 1, plotBottom));
            }

            svg.CloseGroup();
        }

        // ---- curves and censor ticks ------------------------------------------------------------------------------
        var curveBoxes = new List<Box>();
        svg.OpenGroup("km-curves");
        foreach (var c in curves)
        {
            svg.Path(CurvePath(c, X, Y, curveBoxes), c.Colour, 2.2, dash: c.Dash, cls: "km-curve",
                extra: "stroke-linejoin=\"miter\"");
            foreach (var ct in c.Censors)
            {
                if (ct > tMax || !model.ShowCensorTicks)
                {
                    continue;
                }

                double x = X(ct), y = Y(c.At(ct));
                svg.Line(x, y - 5, x, y + 5, c.Colour, 1.5, cls: "censor");
                curveBoxes.Add(new Box(x - 1, y - 5, 2, 10));
            }
        }

        svg.CloseGroup();
        obstacles.AddRange(curveBoxes);

        // ---- median labels (near the time axis, never on top of each other or another median line) ----------------
        if (medians.Count > 0)
        {
            svg.OpenGroup("km-median-labels");
            var placed = new List<Box>();
            foreach (var c in medians.OrderBy(c => c.Median!.Value).ThenBy(c => c.Index))
            {
                var xm = X(c.Median!.Value);
                var text = FigureText.Median(c.Median.Value) + " " + model.TimeUnit;
                var w = FigureText.Width(text, medianFont, bold: true) + 4;
                var h = medianFont + 3;
                var others = medians.Where(o => o != c).Select(o => new Box(X(o.Median!.Value) - 1, Y(0.5), 2, plotBottom - Y(0.5)));
                var blockers = placed.Concat(others).Concat(curveBoxes).ToList();
                Box? chosen = null;
                for (var row = 0; row < 6 && chosen is null; row++)
                {
                    var bottom = plotBottom - 4 - (row * (h + 2));
                    foreach (var x0 in new[] { xm + 3, xm - 3 - w })
                    {
                        var b = new Box(x0, bottom - h, w, h);
                        if (b.X < left + 2 || b.Right > right - 2 || b.Y < Y(0.5) + 2)
                        {
                            continue;
                        }

                        if (!blockers.Any(o => o.Intersects(b))) { chosen = b; break; }
                    }
                }

                var box = chosen ?? new Box(Math.Min(xm + 3, right - w - 2), plotBottom - 4 - h, w, h);
                placed.Add(box);
                obstacles.Add(box);
                // No background: the box is placed clear of curves and median lines, and the light grid may run behind.
                svg.Text(box.X + 2, box.Bottom - 3.5, text, medianFont, bold: true, fill: c.Colour, cls: "median-label");
            }

            svg.CloseGroup();
        }

        // ---- axes -------------------------------------------------------------------------------------------------
        svg.OpenGroup("axes");
        svg.Line(left, plotTop, left, plotBottom, SvgWriter.AxisInk, 1.2);
        svg.Line(left, plotBottom, right, plotBottom, SvgWriter.AxisInk, 1.2);
        for (var p = 0; p <= 100; p += 20)
        {
            var y = Y(p / 100.0);
            svg.Line(left - 5, y, left, y, SvgWriter.AxisInk, 1.2);
            var lab = p.ToString(CultureInfo.InvariantCulture) + (percentInLabel ? string.Empty : "%");
            svg.TextMiddle(left - 8, y, lab, tickFont, "end", cls: "y-tick");
        }

        foreach (var t in ticks)
        {
            var x = X(t);
            svg.Line(x, plotBottom, x, plotBottom + 5, SvgWriter.AxisInk, 1.2);
            svg.Text(x, plotBottom + 20, FigureText.Tick(t), tickFont, "middle", cls: "x-tick");
        }

        svg.CloseGroup();
        svg.Text(left + (plotW / 2), plotBottom + 29 + labelFont, FigureText.Truncate(model.XLabel, plotW, labelFont), labelFont, "middle", cls: "x-label");
        svg.Text(left - (35 + labelFont), plotTop + (plotH / 2), FigureText.Truncate(yLabel, plotH, labelFont), labelFont, "middle",
            cls: "y-label", rotate: -90);
        if (title.Length > 0)
        {
            svg.Text(left + (plotW / 2), 16 + titleFont, FigureText.Truncate(title, width - 40, titleFont, bold: true), titleFont, "middle",
                bold: true, cls: "title");
        }

        if (curves.Count == 0)
        {
            svg.Text(left + (plotW / 2), plotTop + (plotH / 2), "No data", labelFont, "middle", fill: "#777777", cls: "no-data");
        }

        // ---- legend -----------------------------------------------------------------------------------------------
        Box? legendBox = null;
        if (curves.Count > 0 && legendOutside)
        {
            svg.OpenGroup("legend");
            for (var r = 0; r < legendRows.Count; r++)
            {
                var row = legendRows[r];
                var total = row.Sum(i => legendSample + 8 + FigureText.Width(legendEntries[i], legendFont) + 24) - 24;
                var x = Math.Max(14, left + (plotW / 2) - (total / 2));
                var yc = plotTop - 6 - (legendLine * (legendRows.Count - r)) + (legendLine / 2);
                foreach (var i in row)
                {
                    svg.Line(x, yc, x + legendSample, yc, curves[i].Colour, 2.6, curves[i].Dash);
                    svg.TextMiddle(x + legendSample + 8, yc, legendEntries[i], legendFont, cls: "legend-entry");
                    x += legendSample + 8 + FigureText.Width(legendEntries[i], legendFont) + 24;
                }
            }

            svg.CloseGroup();
        }
        else if (curves.Count > 0)
        {
            var w = (2 * legendPad) + legendSample + 8 + legendEntries.Max(e => FigureText.Width(e, legendFont));
            var h = (2 * legendPad) + (legendLine * legendEntries.Count) - 4;
            var (box, score) = Place(w, h, left, plotTop, right, plotBottom, obstacles, null);
            legendCollides = score > 0;
            legendBox = box;
            obstacles.Add(box);
            svg.OpenGroup("legend");
            for (var i = 0; i < legendEntries.Count; i++)
            {
                var yc = box.Y + legendPad + (legendLine * i) + ((legendLine - 4) / 2);
                svg.Line(box.X + legendPad, yc, box.X + legendPad + legendSample, yc, curves[i].Colour, 2.6, curves[i].Dash);
                svg.TextMiddle(box.X + legendPad + legendSample + 8, yc, legendEntries[i], legendFont, cls: "legend-entry");
            }

            svg.CloseGroup();
        }

        // ---- annotation -------------------------------------------------------------------------------------------
        var annotation = FigureText.Clean(model.Annotation);
        if (annotation.Length > 0)
        {
            // Try narrower wrappings until one fits somewhere without covering anything.
            double lineH = 18 * k, pad = 6;
            List<string> lines = [];
            Box box = default;
            var bestScore = int.MaxValue;
            foreach (var maxW in new[] { Math.Min(plotW * 0.7, 470), plotW * 0.5, plotW * 0.36 })
            {
                var candidate = FigureText.Wrap(annotation, maxW, annotationFont);
                var w = (2 * pad) + candidate.Max(l => FigureText.Width(l, annotationFont));
                var h = (2 * pad) + (lineH * candidate.Count) - 3;
                var (b, score) = Place(w, h, left, plotTop, right, plotBottom, [.. obstacles, .. gridLines], legendBox);
                if (lines.Count == 0 || score < bestScore)
                {
                    (lines, box, bestScore) = (candidate, b, score);
                    if (score == 0)
                    {
                        break;
                    }
                }
            }

            // No opaque background: the box is placed where it covers no curve, band or median line, and a grid
            // line behind the text stays whole.
            svg.OpenGroup("annotation");
            for (var i = 0; i < lines.Count; i++)
            {
                svg.Text(box.X + pad, box.Y + pad + (lineH * i) + annotationFont - 1, lines[i], annotationFont, cls: "annotation");
            }

            svg.CloseGroup();
        }

        // ---- number at risk (a column at every time up to the axis end, the end included) --------------------------
        riskTimes = riskTimes.Where(r => r.Time <= tMax + 1e-9).ToList();
        if (hasRiskTable)
        {
            svg.OpenGroup("risk-table");
            var y0 = plotBottom + (80 * k);
            svg.Text(14, y0, "No. at risk", riskFont, bold: true, cls: "risk-header");

            // Thin out the columns only if neighbouring counts would touch.
            var minGap = double.MaxValue;
            var xs = riskTimes.Select(r => X(r.Time)).ToList();
            for (var i = 1; i < xs.Count; i++)
            {
                minGap = Math.Min(minGap, Math.Abs(xs[i] - xs[i - 1]));
            }

            var stride = minGap < (2 * countHalf) + 8 ? (int)Math.Ceiling(((2 * countHalf) + 8) / Math.Max(1, minGap)) : 1;

            // Every stride-th column from 0, and always the last (the axis end).
            var columns = Enumerable.Range(0, riskTimes.Count).Where(j => j % stride == 0 && j + stride <= riskTimes.Count - 1 + (stride == 1 ? 1 : 0)).ToList();
            if (riskTimes.Count > 0 && (columns.Count == 0 || columns[^1] != riskTimes.Count - 1))
            {
                columns.Add(riskTimes.Count - 1);
            }

            for (var g = 0; g < curves.Count; g++)
            {
                var y = y0 + (riskRowHeight * (g + 1));
                svg.Text(14, y, riskNames[g], riskFont, bold: true, fill: curves[g].Colour, cls: "risk-name");
                foreach (var j in columns)
                {
                    var idx = riskTimes[j].Index;
                    if (idx >= curves[g].AtRisk.Count)
                    {
                        continue;
                    }

                    svg.Text(xs[j], y, curves[g].AtRisk[idx].ToString(CultureInfo.InvariantCulture), riskFont, "middle",
                        cls: "risk-count");
                }
            }

            svg.CloseGroup();
        }

        return svg.Finish();
    }

    /// <summary>
    /// Chooses the x tick step: the spacing of the risk-table times when they form a regular grid from 0, otherwise
    /// the smallest of 1, 2, 3, 6, 12, … months giving at most 10 intervals.
    /// </summary>
    private static double TimeStep(double tData, List<double> riskTimes)
    {
        if (riskTimes.Count >= 3 && Math.Abs(riskTimes[0]) < 1e-9)
        {
            var d = riskTimes[1] - riskTimes[0];
            var regular = d > 0;
            for (var i = 2; i < riskTimes.Count && regular; i++)
            {
                regular = Math.Abs(riskTimes[i] - riskTimes[i - 1] - d) < 1e-6 * Math.Max(1, d);
            }

            if (regular && tData / d <= 13)
            {
                return d;
            }
        }

        foreach (var s in new double[] { 1, 2, 3, 6, 12, 24, 36, 60, 120 })
        {
            if (Math.Ceiling((tData / s) - 1e-9) <= 10)
            {
                return s;
            }
        }

        return FigureText.NiceStep(tData, 8);
    }

    /// <summary>
    /// Places a box inside the plot area where it hits as few obstacles as possible: corners first (top right,
    /// bottom left, bottom right, top left), stacked under or above <paramref name="stackOn"/> when it holds that
    /// corner, then a scan of the whole area.
    /// </summary>
    private static (Box Box, int Score) Place(double w, double h, double left, double top, double right, double bottom, List<Box> obstacles, Box? stackOn)
    {
        const double m = 10;
        w = Math.Min(w, right - left - (2 * m));
        var candidates = new List<Box>
        {
            new(right - m - w, top + m, w, h),
            new(left + m, bottom - m - h, w, h),
            new(right - m - w, bottom - m - h, w, h),
        };
        if (stackOn is { } s)
        {
            candidates.Insert(1, new Box(s.Right - w, s.Bottom + 4, w, h));
            candidates.Insert(2, new Box(s.X, s.Y - 4 - h, w, h));
            candidates.Add(new Box(s.X, s.Bottom + 4, w, h));
        }

        candidates.Add(new Box(left + m + 40, top + m, w, h));
        int nx = 12, ny = 10;
        for (var j = 0; j <= ny; j++)
        {
            for (var i = nx; i >= 0; i--)
            {
                candidates.Add(new Box(left + m + ((right - left - (2 * m) - w) * i / nx), top + m + ((bottom - top - (2 * m) - h) * j / ny), w, h));
            }
        }

        var best = candidates[0];
        var bestScore = int.MaxValue;
        foreach (var c in candidates)
        {
            if (c.X < left + 2 || c.Right > right - 2 || c.Y < top + 2 || c.Bottom > bottom - 2)
            {
                continue;
            }

            if (stackOn is { } st && st.Intersects(c, 2))
            {
                continue;
            }

            var score = 0;
            foreach (var o in obstacles)
            {
                if (o.Intersects(c, 3))
                {
                    score++;
                }
            }

            if (score < bestScore)
            {
                best = c;
                bestScore = score;
                if (score == 0)
                {
                    break;
                }
            }
        }

        return (best, bestScore);
    }

    private static string CurvePath(Curve c, Func<double, double> x, Func<double, double> y, List<Box> boxes)
    {
        var d = new StringBuilder();
        double px = x(c.T[0]), py = y(c.S[0]);
        d.Append('M').Append(SvgWriter.Num(px)).Append(' ').Append(SvgWriter.Num(py));
        for (var i = 1; i < c.T.Length; i++)
        {
            double nx = x(c.T[i]), ny = y(c.S[i]);
            d.Append(" H").Append(SvgWriter.Num(nx));
            boxes.Add(Box.FromPoints(px, py - 1, nx, py + 1));
            if (ny != py)
            {
                d.Append(" V").Append(SvgWriter.Num(ny));
                boxes.Add(Box.FromPoints(nx - 1, py, nx + 1, ny));
            }

            px = nx;
            py = ny;
        }

        var ex = x(c.End);
        if (ex > px)
        {
            d.Append(" H").Append(SvgWriter.Num(ex));
            boxes.Add(Box.FromPoints(px, py - 1, ex, py + 1));
        }

        return d.ToString();
    }

    private static (string Area, string Upper, string Lower)? BandPath(Curve c, Func<double, double> x, Func<double, double> y, List<Box> boxes)
    {
        if (!c.HasBand)
        {
            return null;
        }

        var n = c.T.Length;
        var upper = new List<(double X, double Y)>();
        var lower = new List<(double X, double Y)>();
        for (var i = 0; i < n; i++)
        {
            var x0 = x(c.T[i]);
            var x1 = x(i + 1 < n ? c.T[i + 1] : c.End);
            if (x1 < x0)
            {
                x1 = x0;
            }

            double yu = y(c.U[i]), yl = y(c.L[i]);
            upper.Add((x0, yu));
            upper.Add((x1, yu));
            lower.Add((x0, yl));
            lower.Add((x1, yl));
            if (x1 > x0 && yl - yu > 0.5)
            {
                boxes.Add(Box.FromPoints(x0, yu, x1, yl));
            }
        }

        var d = new StringBuilder();
        d.Append('M');
        var all = upper.Concat(Enumerable.Reverse(lower)).ToList();
        for (var i = 0; i < all.Count; i++)
        {
            if (i > 0)
            {
                d.Append(" L");
            }

            d.Append(SvgWriter.Num(all[i].X)).Append(' ').Append(SvgWriter.Num(all[i].Y));
        }

        d.Append(" Z");
        return (d.ToString(), Polyline(upper), Polyline(lower));
    }

    private static string Polyline(List<(double X, double Y)> points)
    {
        var d = new StringBuilder();
        for (var i = 0; i < points.Count; i++)
        {
            d.Append(i == 0 ? "M" : " L").Append(SvgWriter.Num(points[i].X)).Append(' ').Append(SvgWriter.Num(points[i].Y));
        }

        return d.ToString();
    }

    private static List<Curve> Prepare(KaplanMeierFigureModel model, FigureLook look)
    {
        var cut = model.XMax is { } xMax && double.IsFinite(xMax) && xMax > 0 ? xMax : double.PositiveInfinity;
        var result = new List<Curve>();
        var series = model.Series ?? [];
        for (var g = 0; g < series.Count; g++)
        {
            var s = series[g];
            if (s is null)
            {
                continue;
            }

            var steps = (s.Steps ?? [])
                .Where(p => p is not null && double.IsFinite(p.Time) && p.Time >= 0 && p.Time <= cut && double.IsFinite(p.Survival))
                .OrderBy(p => p.Time)
                .ToList();
            var t = new List<double>();
            var sv = new List<double>();
            var lo = new List<double>();
            var up = new List<double>();
            var anyLimit = false;
            if (steps.Count == 0 || steps[0].Time > 0)
            {
                t.Add(0);
                sv.Add(1);
                lo.Add(1);
                up.Add(1);
            }

            foreach (var p in steps)
            {
                var surv = Math.Clamp(p.Survival, 0, 1);
                var l = p.Lower is { } a && double.IsFinite(a) ? Math.Clamp(a, 0, 1) : surv;
                var u = p.Upper is { } b && double.IsFinite(b) ? Math.Clamp(b, 0, 1) : surv;
                anyLimit |= p.Lower is not null || p.Upper is not null;
                if (t.Count > 0 && t[^1] == p.Time)
                {
                    sv[^1] = surv;
                    lo[^1] = Math.Min(l, surv);
                    up[^1] = Math.Max(u, surv);
                    continue;
                }

                t.Add(p.Time);
                sv.Add(surv);
                lo.Add(Math.Min(l, surv));
                up.Add(Math.Max(u, surv));
            }

            var censors = (s.CensorTimes ?? []).Where(c => double.IsFinite(c) && c >= 0).OrderBy(c => c).ToArray();
            var end = Math.Min(cut, Math.Max(t[^1], censors.Length > 0 ? censors[^1] : 0));
            double? median = s.Median is { } m && double.IsFinite(m) && m >= 0 ? m : null;
            var name = FigureText.Clean(s.Name);
            result.Add(new Curve(
                name, s.N, look.Series(g, name), look.SeriesDash(g), [.. t], [.. sv], [.. lo], [.. up], anyLimit, end, censors, median,
                s.AtRisk ?? [], g));
        }

        return result;
    }

    private sealed record Curve(
        string Name, int N, string Colour, string? Dash, double[] T, double[] S, double[] L, double[] U, bool HasBand, double End,
        double[] Censors, double? Median, IReadOnlyList<int> AtRisk, int Index)
    {
        /// <summary>S(t) of the post-step curve.</summary>
        public double At(double time)
        {
            var i = Array.BinarySearch(T, time);
            if (i < 0)
            {
                i = ~i - 1;
            }

            return S[Math.Clamp(i, 0, S.Length - 1)];
        }
    }
}
