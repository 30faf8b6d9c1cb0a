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
    private const double Bottom = 70;
    private const double Threshold = 0.1;

    /// <summary>Renders the love plot.</summary>
    public static string Render(LovePlotFigureModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var rows = model.Rows;
        var height = Top + Bottom + (Math.Max(rows.Count, 1) * RowHeight);
        var labelWidth = Math.Min(260, rows.Select(r => FigureText.Width(r.Covariate, 13)).DefaultIfEmpty(60).Max() + 16);
        double left = 20 + labelWidth, right = Width - 30, plotBottom = height - Bottom;
        var max = rows.SelectMany(r => new[] { r.Before, r.After }).Where(v => v is { } x && double.IsFinite(x)).Select(v => v!.Value)
            .DefaultIfEmpty(0).Max();
        var axisMax = Math.Max(0.25, Math.Ceiling(max * 1.1 / 0.05) * 0.05);
        double X(double v) => left + ((right - left) * Math.Min(v, axisMax) / axisMax);

        var svg = new SvgWriter(Width, height, model.Title, "Absolute standardized mean difference per covariate before and after adjustment; dashed line at 0.1.");
        svg.Text(Width / 2, 30, FigureText.Clean(model.Title), 17, "middle", bold: true);

        var step = FigureText.NiceStep(axisMax, 5);
        for (var t = 0.0; t <= axisMax + 1e-9; t += step)
        {
            svg.Line(X(t), Top, X(t), plotBottom, SvgWriter.GridInk);
            svg.Text(X(t), plotBottom + 18, FigureText.Tick(t), 12, "middle");
        }

        svg.Line(left, plotBottom, right, plotBottom, SvgWriter.AxisInk);
        svg.Line(X(Threshold), Top, X(Threshold), plotBottom, SvgWriter.AxisInk, 1, dash: "5,4");
        svg.Text((left + right) / 2, plotBottom + 40, "Absolute standardized mean difference", 14, "middle");

        for (var i = 0; i < rows.Count; i++)
        {
            var y = Top + ((i + 0.5) * RowHeight);
            var row = rows[i];
            svg.TextMiddle(left - 10, y, FigureText.Truncate(row.Covariate, labelWidth - 10, 13), 13, "end");
            if (row.Before is { } b && double.IsFinite(b))
            {
                svg.Path(Circle(X(b), y, 5), FigurePalette.Of(1), 1.6, cls: "before");
            }

            if (row.After is { } a && double.IsFinite(a))
            {
                svg.Path(Circle(X(a), y, 5), FigurePalette.Of(0), 1, fill: FigurePalette.Of(0), cls: "after");
            }
        }

        // Legend.
        var ly = height - 18;
        svg.Path(Circle(left + 6, ly - 4, 5), FigurePalette.Of(1), 1.6);
        svg.Text(left + 16, ly, "Unadjusted", 12);
        svg.Path(Circle(left + 116, ly - 4, 5), FigurePalette.Of(0), 1, fill: FigurePalette.Of(0));
        svg.Text(left + 126, ly, FigureText.Clean(model.AfterLabel), 12);
        return svg.Finish();
    }

    private static string Circle(double cx, double cy, double r) =>
        $"M {SvgWriter.Num(cx - r)} {SvgWriter.Num(cy)} a {SvgWriter.Num(r)} {SvgWriter.Num(r)} 0 1 0 {SvgWriter.Num(2 * r)} 0 a {SvgWriter.Num(r)} {SvgWriter.Num(r)} 0 1 0 {SvgWriter.Num(-2 * r)} 0 Z";
}
