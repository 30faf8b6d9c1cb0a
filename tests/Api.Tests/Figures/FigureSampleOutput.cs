using HccOutcomes.Api.Figures;

namespace HccOutcomes.Api.Tests.Figures;

/// <summary>
/// Writes the sample figures as SVG files when FIGURE_SAMPLES_DIR is set (for looking at them, e.g. after
/// <c>rsvg-convert</c>); otherwise renders them only.
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
        }
    }
}
