namespace HccOutcomes.Api.Figures;

/// <summary>One covariate row of a love plot.</summary>
/// <param name="Covariate">Covariate (or <c>covariate:level</c>).</param>
/// <param name="Before">|SMD| before adjustment (null: not computed).</param>
/// <param name="After">|SMD| after adjustment (null: not computed).</param>
public sealed record LovePlotRow(string Covariate, double? Before, double? After);

/// <summary>Input of the love plot.</summary>
/// <param name="Title">Title.</param>
/// <param name="AfterLabel">Legend of the adjusted markers, e.g. "Weighted (ATE)".</param>
/// <param name="Rows">One row per covariate, top to bottom.</param>
public sealed record LovePlotFigureModel(string Title, string AfterLabel, IReadOnlyList<LovePlotRow> Rows);

/// <summary>
/// Love plot as a stand-alone SVG 1.1 document: the absolute standardized mean difference of each covariate before
/// (open circle) and after adjustment (filled circle), with the conventional 0.1 threshold as a dashed line.
/// </summary>
public static class LovePlotSvg
{
    private const double Width = 760;
    private const double RowHeight = 26;
    private const double Top = 70;
    private const double Bottom = 84;
    private const double Threshold = 0.1;

    /// <summary>Renders the love plot.</summary>
    /// <param name="model">Rows, title and the adjusted series' label.</param>
    /// <param name="look">Size, fonts and colours (<c>unadjusted</c> and <c>adjusted</c> name the series); default: the standard look.</param>
    public static string Render(LovePlotFigureModel model, FigureLook? look = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        look ??= FigureLook.Default;
        var rows = model.Rows;
        var width = look.Width ?? Width;
        var rowHeight = look.Font(RowHeight);
        if (look.Height is { } askedHeight)
        {
            rowHeight = Math.Clamp((askedHeight - Top - Bottom) / Math.Max(rows.Count, 1), look.Font(18), look.Font(60));
        }

        var height = Math.Ceiling(Top + Bottom + (Math.Max(rows.Count, 1) * rowHeight));
        double F(double size) => look.Font(size);
        string before = look.Series(1, "unadjusted"), after = look.Series(0, "adjusted");
        var labelWidth = Math.Min(260 * look.FontScale, rows.Select(r => FigureText.Width(r.Covariate, F(13))).DefaultIfEmpty(60).Max() + 16);
        double left = 20 + labelWidth, right = width - 30, plotBottom = height - Bottom;
        var max = rows.SelectMany(r => new[] { r.Before, r.After }).Where(v => v is { } x && double.IsFinite(x)).Select(v => v!.Value)
            .DefaultIfEmpty(0).Max();
        var axisMax = Math.Max(0.25, Math.Ceiling(max * 1.1 / 0.05) * 0.05);
        double X(double v) => left + ((right - left) * Math.Min(v, axisMax) / axisMax);

        var svg = new SvgWriter(width, height, width, look.Height ?? height, model.Title, "Absolute standardized mean difference per covariate before and after adjustment; dashed line at 0.1.");
        if (FigureText.Clean(model.Title).Length > 0)
        {
            svg.Text(width / 2, 30, FigureText.Truncate(model.Title, width - 40, F(17), bold: true), F(17), "middle", bold: true, cls: "title");
        }

        var step = FigureText.NiceStep(axisMax, 5);
        for (var t = 0.0; t <= axisMax + 1e-9; t += step)
        {
            svg.Line(X(t), Top, X(t), plotBottom, SvgWriter.GridInk);
            svg.Text(X(t), plotBottom + 18, FigureText.Tick(t), F(12), "middle", cls: "x-tick");
        }

        svg.Line(left, plotBottom, right, plotBottom, SvgWriter.AxisInk);
        svg.Line(X(Threshold), Top, X(Threshold), plotBottom, SvgWriter.AxisInk, 1, dash: "5,4");
        svg.Text((left + right) / 2, plotBottom + 40, "Absolute standardized mean difference", F(14), "middle", cls: "x-label");

        for (var i = 0; i < rows.Count; i++)
        {
            var y = Top + ((i + 0.5) * rowHeight);
            var row = rows[i];
            svg.TextMiddle(left - 10, y, FigureText.Truncate(row.Covariate, labelWidth - 10, F(13)), F(13), "end");
            if (row.Before is { } b && double.IsFinite(b))
            {
                svg.Path(Circle(X(b), y, 5), before, 1.6, cls: "before");
            }

            if (row.After is { } a && double.IsFinite(a))
            {
                svg.Path(Circle(X(a), y, 5), after, 1, fill: after, cls: "after");
            }
        }

        // Legend.
        var ly = height - 18;
        svg.Path(Circle(left + 6, ly - 4, 5), before, 1.6);
        svg.Text(left + 16, ly, "Unadjusted", F(12));
        var afterX = left + 16 + FigureText.Width("Unadjusted", F(12)) + 30;
        svg.Path(Circle(afterX, ly - 4, 5), after, 1, fill: after);
        svg.Text(afterX + 10, ly, FigureText.Clean(model.AfterLabel), F(12));
        return svg.Finish();
    }

    private static string Circle(double cx, double cy, double r) =>
        $"M {SvgWriter.Num(cx - r)} {SvgWriter.Num(cy)} a {SvgWriter.Num(r)} {SvgWriter.Num(r)} 0 1 0 {SvgWriter.Num(2 * r)} 0 a {SvgWriter.Num(r)} {SvgWriter.Num(r)} 0 1 0 {SvgWriter.Num(-2 * r)} 0 Z";
}
