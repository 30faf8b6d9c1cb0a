using HccOutcomes.Api.Figures;

namespace HccOutcomes.Api.Tests.Figures;

/// <summary>
/// Writes the sample figures as SVG and PNG (96 dpi) files when FIGURE_SAMPLES_DIR is set, for looking at them;
/// otherwise renders them only.
/// </summary>
public sealed class FigureSampleOutput
{
    [Fact]
    public void Sample_figures_render()
    {
        var figures = new Dictionary<string, string>
        {
            ["km-pfs"] = KaplanMeierSvg.Render(FigureSamples.Pfs()),
            ["km-pfs-nobands"] = KaplanMeierSvg.Render(FigureSamples.Pfs(bands: false)),
            ["forest"] = ForestPlotSvg.Render(FigureSamples.Forest()),
            ["waterfall"] = WaterfallSvg.Render(FigureSamples.Waterfall()),
            ["waterfall-single"] = WaterfallSvg.Render(FigureSamples.Waterfall(twoGroups: false)),
            ["km-stress"] = KaplanMeierSvg.Render(FigureSamples.KmStress()),
            ["forest-stress"] = ForestPlotSvg.Render(FigureSamples.ForestStress()),
            ["waterfall-stress"] = WaterfallSvg.Render(FigureSamples.WaterfallStress()),
            ["km-edge"] = KaplanMeierSvg.Render(FigureSamples.KmEdge()),
            ["km-empty"] = KaplanMeierSvg.Render(new KaplanMeierFigureModel("Empty", "Months", "Survival (%)", [], [], null, true)),
            ["forest-allnull"] = ForestPlotSvg.Render(FigureSamples.ForestAllNull()),
            ["waterfall-onebar"] = WaterfallSvg.Render(FigureSamples.WaterfallSingleBar()),
            ["waterfall-empty"] = WaterfallSvg.Render(new WaterfallFigureModel("No bars", [])),
        };
        var dir = Environment.GetEnvironmentVariable("FIGURE_SAMPLES_DIR");
        if (string.IsNullOrEmpty(dir))
        {
            return;
        }

        Directory.CreateDirectory(dir);
        foreach (var (name, svg) in figures)
        {
            File.WriteAllText(Path.Combine(dir, name + ".svg"), svg);
            File.WriteAllBytes(Path.Combine(dir, name + ".png"), FigureRaster.Png(svg, 96));
        }

        foreach (var figure in new[] { "km", "forest", "waterfall", "love" })
        {
            File.WriteAllBytes(Path.Combine(dir, figure + "-grey.png"), FigureRaster.Png(FigureRasterTests.Svg(figure, new FigureLook { Grey = true }), 96));
        }
    }
}
