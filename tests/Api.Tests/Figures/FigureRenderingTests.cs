using System.Globalization;
using System.Xml.Linq;
using HccOutcomes.Api.Figures;

namespace HccOutcomes.Api.Tests.Figures;

/// <summary>Plain unit tests of the SVG renderers (no database, no host).</summary>
public sealed class FigureRenderingTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    /// <summary>Parses the document (throws when not well-formed) and checks the root element.</summary>
    private static XDocument Parse(string svg)
    {
        Assert.StartsWith("<?xml", svg, StringComparison.Ordinal);
        var doc = XDocument.Parse(svg);
        Assert.Equal(Svg + "svg", doc.Root!.Name);
        Assert.Equal("1.1", doc.Root.Attribute("version")?.Value);
        Assert.NotNull(doc.Root.Attribute("width"));
        Assert.NotNull(doc.Root.Attribute("height"));
        Assert.NotNull(doc.Root.Attribute("viewBox"));
        Assert.All(svg, c => Assert.True(c < 128, "output must be ASCII"));
        return doc;
    }

    private static List<string> Texts(XDocument doc, string? cls = null)
        => doc.Descendants(Svg + "text")
            .Where(t => cls is null || (t.Attribute("class")?.Value ?? string.Empty).Split(' ').Contains(cls))
            .Select(t => t.Value)
            .ToList();

    private static IEnumerable<XElement> WithClass(XDocument doc, string cls)
        => doc.Descendants().Where(e => (e.Attribute("class")?.Value ?? string.Empty).Split(' ').Contains(cls));

    // ---- Kaplan–Meier ----------------------------------------------------------------------------------------------

    [Fact]
    public void Kaplan_meier_is_well_formed_with_escaped_legend_and_risk_table()
    {
        var model = FigureSamples.Pfs();
        var svg = KaplanMeierSvg.Render(model);
        var doc = Parse(svg);

        Assert.Contains("TACE &amp; Sorafenib", svg, StringComparison.Ordinal);
        var legend = Texts(doc, "legend-entry");
        Assert.Contains("TACE & Sorafenib (n = 40)", legend);
        Assert.Contains("RT+PD1 (n = 40)", legend);

        Assert.Equal(2, WithClass(doc, "km-curve").Count());
        Assert.Equal(2, WithClass(doc, "km-band").Count());
        Assert.Equal(["TACE & Sorafenib", "RT+PD1"], Texts(doc, "risk-name"));
        Assert.Contains("No. at risk", Texts(doc, "risk-header"));

        var counts = Texts(doc, "risk-count");
        var expected = model.Series.SelectMany(s => s.AtRisk).Select(n => n.ToString(CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(expected, counts);
        Assert.Equal("40", counts[0]);

        Assert.Equal(model.Series.Sum(s => s.CensorTimes.Count(t => t <= 24)), WithClass(doc, "censor").Count());
        Assert.Equal(["0", "3", "6", "9", "12", "15", "18", "21", "24"], Texts(doc, "x-tick"));
        Assert.Equal(["0", "20", "40", "60", "80", "100"], Texts(doc, "y-tick"));
        Assert.Contains("Time since treatment start (months)", Texts(doc, "x-label"));
        Assert.Single(Texts(doc, "annotation"));
        Assert.Contains("HR 0.52", Texts(doc, "annotation")[0], StringComparison.Ordinal);

        // Both groups reach their median: dashed lines and labels.
        Assert.Equal(4, WithClass(doc, "median-line").Count());
        Assert.Equal(2, Texts(doc, "median-label").Count);
        Assert.All(WithClass(doc, "median-line"), l => Assert.NotNull(l.Attribute("stroke-dasharray")));
    }

    [Fact]
    public void Kaplan_meier_curve_starts_at_time_zero_and_full_survival()
    {
        var doc = Parse(KaplanMeierSvg.Render(FigureSamples.Pfs(bands: false)));
        Assert.Empty(WithClass(doc, "km-band"));
        var ytop = WithClass(doc, "y-tick").First(t => t.Value == "100");
        var x0 = WithClass(doc, "x-tick").First(t => t.Value == "0");
        foreach (var curve in WithClass(doc, "km-curve"))
        {
            var start = curve.Attribute("d")!.Value[1..].Split(' ')[..2];
            Assert.Equal(double.Parse(x0.Attribute("x")!.Value, CultureInfo.InvariantCulture), double.Parse(start[0], CultureInfo.InvariantCulture), 1);
            Assert.Equal(double.Parse(ytop.Attribute("y")!.Value, CultureInfo.InvariantCulture) - (0.35 * 13), double.Parse(start[1], CultureInfo.InvariantCulture), 1);
        }
    }

    [Fact]
    public void Kaplan_meier_output_is_deterministic()
        => Assert.Equal(KaplanMeierSvg.Render(FigureSamples.Pfs()), KaplanMeierSvg.Render(FigureSamples.Pfs()));

    [Fact]
    public void Kaplan_meier_edge_cases_do_not_throw()
    {
        // No series at all.
        var empty = new KaplanMeierFigureModel("Empty", "Months", "Survival (%)", [], [], null, true);
        Assert.Contains("No data", Texts(Parse(KaplanMeierSvg.Render(empty))));

        // A group without events (flat at 100%), a group without steps, a very long name, odd risk-table input.
        var model = FigureSamples.KmEdge();
        var svg = KaplanMeierSvg.Render(model);
        var doc = Parse(svg);
        Assert.Contains("Edge \"cases\" & <tags>", Texts(doc, "title"));
        Assert.Contains("No events <none> (n = 12)", Texts(doc, "legend-entry"));
        Assert.Contains(Texts(doc, "risk-name"), n => n.EndsWith('\u2026') && n.Length < 40);
        Assert.Equal(3, WithClass(doc, "km-curve").Count());
        Assert.Contains("100%", Texts(doc, "y-tick")); // label without "%": the ticks carry it

        // Single step, single group, no risk table.
        var one = new KaplanMeierFigureModel("", "", "", [new KaplanMeierSeries("A", 1, [new(0, 1, null, null), new(3, 0, null, null)], [], 3, [])],
            [], "", false);
        Parse(KaplanMeierSvg.Render(one));
    }

    [Fact]
    public void Kaplan_meier_risk_table_has_a_column_at_every_break_up_to_the_axis_end()
    {
        double[] breaks = [0, 6, 12, 18, 24, 30];
        var rng = new Random(7);
        var model = FigureSamples.Pfs() with
        {
            Series = [FigureSamples.Series("A", 40, 6, rng, breaks), FigureSamples.Series("B", 40, 10, rng, breaks)],
            RiskTableTimes = breaks,
            XMax = 30,
            XBreaks = breaks,
        };
        var doc = Parse(KaplanMeierSvg.Render(model));
        Assert.Equal(["0", "6", "12", "18", "24", "30"], Texts(doc, "x-tick"));
        var axisEnd = WithClass(doc, "x-tick").Select(X).Max();
        var columns = WithClass(doc, "risk-count").Select(X).Distinct().Order().ToList();
        Assert.Equal(breaks.Length, columns.Count);
        Assert.Equal(axisEnd, columns[^1], 2);

        // Other breaks, other columns.
        double[] fewer = [0, 10, 20, 30];
        var other = Parse(KaplanMeierSvg.Render(model with
        {
            Series = [.. model.Series.Select(s => s with { AtRisk = [.. s.AtRisk.Take(fewer.Length)] })],
            RiskTableTimes = fewer,
            XBreaks = fewer,
        }));
        Assert.Equal(["0", "10", "20", "30"], Texts(other, "x-tick"));
        Assert.Equal(fewer.Length, WithClass(other, "risk-count").Select(X).Distinct().Count());
    }

    [Fact]
    public void Kaplan_meier_cuts_the_curves_at_x_max()
    {
        var doc = Parse(KaplanMeierSvg.Render(FigureSamples.Pfs() with { XMax = 12, XBreaks = [0, 3, 6, 9, 12] }));
        var axisEnd = WithClass(doc, "x-tick").Select(X).Max();
        foreach (var curve in WithClass(doc, "km-curve"))
        {
            var xs = curve.Attribute("d")!.Value.Split(' ').Where(t => t.StartsWith('H')).Select(t => double.Parse(t[1..], CultureInfo.InvariantCulture));
            Assert.All(xs, x => Assert.True(x <= axisEnd + 0.01));
        }

        Assert.Equal(5, Texts(doc, "risk-count").Count / 2);
    }

    [Fact]
    public void Kaplan_meier_annotation_and_legend_have_no_opaque_box_and_bands_do_not_blend()
    {
        var doc = Parse(KaplanMeierSvg.Render(FigureSamples.Pfs()));
        Assert.Empty(WithClass(doc, "annotation").Where(e => e.Name == Svg + "g").SelectMany(g => g.Elements(Svg + "rect")));
        Assert.Empty(WithClass(doc, "legend").SelectMany(g => g.Elements(Svg + "rect")));
        Assert.Empty(WithClass(doc, "km-median-labels").SelectMany(g => g.Elements(Svg + "rect")));
        // The only white rectangle is the background.
        Assert.Single(doc.Descendants(Svg + "rect"), r => r.Attribute("fill")?.Value == "#ffffff");

        // Two groups' bands are their dashed limits, unshaded: nothing overlaps into a blend of both colours.
        Assert.Empty(WithClass(doc, "km-band-area"));
        var edges = WithClass(doc, "km-band-edge").ToList();
        Assert.Equal(4, edges.Count);
        Assert.All(edges, e => Assert.NotNull(e.Attribute("stroke-dasharray")));
        Assert.All(edges, e => Assert.Equal("none", e.Attribute("fill")!.Value));

        // A single curve's band is shaded as well.
        var single = Parse(KaplanMeierSvg.Render(FigureSamples.Pfs() with { Series = [FigureSamples.Pfs().Series[0]] }));
        Assert.Single(WithClass(single, "km-band-area"));
    }

    [Fact]
    public void Kaplan_meier_median_label_prints_two_decimals_as_table_2()
    {
        var model = FigureSamples.Pfs() with
        {
            Series = [.. FigureSamples.Pfs().Series.Select((s, i) => s with { Median = i == 0 ? 5.85 : 3.7 })],
        };
        var labels = Texts(Parse(KaplanMeierSvg.Render(model)), "median-label");
        Assert.Contains("5.85 mo", labels);
        Assert.Contains("3.70 mo", labels);
        Assert.Contains("12.50 wk", Texts(Parse(KaplanMeierSvg.Render(model with
        {
            Series = [.. model.Series.Select(s => s with { Median = 12.5 })],
            TimeUnit = "wk",
        })), "median-label"));
    }

    [Fact]
    public void Kaplan_meier_elements_can_be_switched_off()
    {
        var doc = Parse(KaplanMeierSvg.Render(FigureSamples.Pfs() with
        {
            ShowCensorTicks = false,
            ShowMedianLines = false,
            ShowRiskTable = false,
            ShowConfidenceBands = false,
        }));
        Assert.Empty(WithClass(doc, "censor"));
        Assert.Empty(WithClass(doc, "median-line"));
        Assert.Empty(Texts(doc, "median-label"));
        Assert.Empty(Texts(doc, "risk-count"));
        Assert.Empty(WithClass(doc, "km-band"));
        Assert.Equal(2, WithClass(doc, "km-curve").Count());
    }

    private static double X(XElement e) => double.Parse(e.Attribute("x")!.Value, CultureInfo.InvariantCulture);

    // ---- Forest ----------------------------------------------------------------------------------------------------

    [Fact]
    public void Forest_is_well_formed_with_columns_and_estimates()
    {
        var model = FigureSamples.Forest();
        var svg = ForestPlotSvg.Render(model);
        var doc = Parse(svg);

        Assert.Contains("TACE &amp; Sorafenib", svg, StringComparison.Ordinal);
        Assert.Equal(["RT+PD1", "TACE & Sorafenib"], Texts(doc, "group-header"));
        Assert.Equal(model.Rows.Count, Texts(doc, "row-label").Count);
        Assert.Equal(model.Rows.Count(r => r.IsHeader), WithClass(doc, "header").Count());
        Assert.All(WithClass(doc, "header"), h => Assert.Equal("bold", h.Attribute("font-weight")?.Value));
        Assert.Contains("0.52 (0.31\u20130.87)", Texts(doc, "hr-text"));
        Assert.Contains("0.032", Texts(doc, "p-text"));
        Assert.Equal(model.Rows.Count(r => r.HazardRatio is not null), WithClass(doc, "hr-mark").Count());
        Assert.Single(WithClass(doc, "null-line"));
        Assert.Equal(["0.05", "0.1", "0.25", "0.5", "1", "2", "4", "10", "20"], Texts(doc, "x-tick"));
        var favours = Texts(doc, "favours");
        Assert.Contains(favours, f => f.Contains("Favours RT+PD1", StringComparison.Ordinal));
        Assert.Contains(favours, f => f.Contains("Favours TACE & Sorafenib", StringComparison.Ordinal));
        Assert.Contains("Progression-free survival by subgroup", Texts(doc, "title"));
    }

    [Fact]
    public void Forest_widens_the_axis_and_draws_arrows_off_scale()
    {
        var model = new ForestFigureModel("Wide", "A", "B",
        [
            new ForestRow("Narrow", false, 10, 10, 0.5, 0.03, 0.9, null),
            new ForestRow("Huge", false, 3, 2, 8, 0.9, 1e6, null),
        ]);
        var doc = Parse(ForestPlotSvg.Render(model));
        var ticks = Texts(doc, "x-tick");
        Assert.Equal("0.02", ticks[0]);
        Assert.Equal("100", ticks[^1]);
        Assert.Single(WithClass(doc, "ci-arrow"));
        Assert.Contains("8.00 (0.90\u20131000000)", Texts(doc, "hr-text"));
    }

    [Fact]
    public void Forest_height_grows_with_rows()
    {
        static double Height(int n) => double.Parse(XDocument.Parse(ForestPlotSvg.Render(new ForestFigureModel("T", "A", "B",
            Enumerable.Range(0, n).Select(i => new ForestRow("Row " + i, false, 5, 5, 1.1, 0.5, 2.0, null)).ToList()))).Root!.Attribute("height")!.Value,
            CultureInfo.InvariantCulture);
        Assert.True(Height(20) > Height(5) + 300);
    }

    [Fact]
    public void Forest_edge_cases_do_not_throw()
    {
        var allNull = FigureSamples.ForestAllNull();
        var doc = Parse(ForestPlotSvg.Render(allNull));
        Assert.Equal(["NE", "NE"], Texts(doc, "hr-text"));
        Assert.Empty(WithClass(doc, "hr-mark"));
        Assert.Contains(Texts(doc, "row-label"), l => l.EndsWith('\u2026'));

        Parse(ForestPlotSvg.Render(new ForestFigureModel("", "", "", [])));
        Parse(ForestPlotSvg.Render(new ForestFigureModel("Odd", "A", "B",
            [new ForestRow("Zero", false, 1, 1, 0, 0, double.PositiveInfinity, double.NaN), new ForestRow("Inverted", false, 1, 1, 2, 3, 1, 1e-9)])));
    }

    // ---- Waterfall -------------------------------------------------------------------------------------------------

    [Fact]
    public void Waterfall_is_well_formed_sorted_and_coloured()
    {
        var model = FigureSamples.Waterfall();
        var svg = WaterfallSvg.Render(model);
        var doc = Parse(svg);

        Assert.Contains("TACE &amp; Sorafenib", svg, StringComparison.Ordinal);
        var panels = Texts(doc, "panel-title");
        Assert.Equal(2, panels.Count);
        Assert.Contains("RT+PD1 (n = 39)", panels);
        Assert.Contains("TACE & Sorafenib (n = 39)", panels);
        Assert.Equal(78, WithClass(doc, "bar").Count());
        Assert.Equal(2 * 2, WithClass(doc, "ref-line").Count());
        Assert.Equal(["+20%", "\u221230%"], Texts(doc, "ref-label"));
        Assert.Contains("Best change from baseline (%)", Texts(doc, "y-label"));
        Assert.Contains("Patients", Texts(doc, "x-label"));
        var legend = Texts(doc, "legend-entry");
        Assert.Equal(["CR", "PR", "SD", "PD", "NE"], legend.Select(l => l.Split(' ')[0]));
        Assert.Equal("\u2212100", Texts(doc, "y-tick")[0]);
        Assert.Equal("100", Texts(doc, "y-tick")[^1]);
        Assert.Single(WithClass(doc, "clip-marker"));
        Assert.Contains("+212%", Texts(doc, "clip-note")[0], StringComparison.Ordinal);

        // Within each panel the bars descend: tops (for increases) go down, then bottoms go down.
        foreach (var panel in WithClass(doc, "panel"))
        {
            var values = panel.Elements(Svg + "rect").Where(r => r.Attribute("class")?.Value == "bar")
                .Select(r => (Y: double.Parse(r.Attribute("y")!.Value, CultureInfo.InvariantCulture),
                    H: double.Parse(r.Attribute("height")!.Value, CultureInfo.InvariantCulture)))
                .ToList();
            var zero = double.Parse(panel.Elements(Svg + "line").Single(l => l.Attribute("class")?.Value == "zero-line").Attribute("y1")!.Value, CultureInfo.InvariantCulture);
            var signed = values.Select(v => v.Y < zero - 1 ? zero - v.Y : -(v.Y + v.H - zero)).ToList();
            Assert.Equal(signed.OrderByDescending(v => v).ToList(), signed);
        }
    }

    [Fact]
    public void Waterfall_single_group_single_bar_and_empty_do_not_throw()
    {
        var doc = Parse(WaterfallSvg.Render(FigureSamples.Waterfall(twoGroups: false)));
        Assert.Single(Texts(doc, "panel-title"));

        var single = Parse(WaterfallSvg.Render(FigureSamples.WaterfallSingleBar()));
        Assert.Single(WithClass(single, "bar"));
        Assert.Equal(["PR (n = 1)"], Texts(single, "legend-entry"));
        Assert.Equal("40", Texts(single, "y-tick")[^1]);

        var empty = Parse(WaterfallSvg.Render(new WaterfallFigureModel("", [])));
        Assert.Contains("No data", Texts(empty));

        var odd = Parse(WaterfallSvg.Render(new WaterfallFigureModel("Odd",
        [
            new WaterfallBar("", 0, ""), new WaterfallBar("", double.NaN, "PD"), new WaterfallBar("", -150, "CR"),
            new WaterfallBar("", 5000, "PD"), new WaterfallBar("", 10, "unconfirmed"),
        ])));
        Assert.Equal(4, WithClass(odd, "bar").Count());
        Assert.Equal("\u2212160", Texts(odd, "y-tick")[0]);
        Assert.Empty(Texts(odd, "panel-title"));
    }

    // ---- helpers ---------------------------------------------------------------------------------------------------

    [Fact]
    public void Helpers_escape_format_and_truncate()
    {
        Assert.Equal("TACE &amp; Sorafenib &lt;b&gt; &quot;x&quot; &#39;y&#39; &#8805; &#128512;", SvgWriter.Escape("TACE & Sorafenib <b> \"x\" 'y' \u2265 \U0001F600"));
        Assert.Equal("ab", SvgWriter.Escape("a\u0001b"));
        Assert.Equal("-1.5", SvgWriter.Num(-1.499999));
        Assert.Equal("0", SvgWriter.Num(-0.001));
        Assert.Equal("<0.001", FigureText.PValue(0.0004));
        Assert.Equal("0.017", FigureText.PValue(0.0172));
        Assert.Equal("0.41", FigureText.PValue(0.412));
        var t = FigureText.Truncate(new string('a', 100), 100, 12);
        Assert.EndsWith("\u2026", t, StringComparison.Ordinal);
        Assert.True(FigureText.Width(t, 12) <= 100);
    }
}
