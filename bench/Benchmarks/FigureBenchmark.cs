using System.Diagnostics;
using System.Globalization;
using HccOutcomes.Api.Figures;

namespace HccOutcomes.Benchmarks;

/// <summary>
/// The Kaplan–Meier figure of two generated arms (100 patients each) drawn as SVG, as PNG at 300 dpi and as PDF, in
/// process: median of several runs after two warm-ups, with the output sizes.
/// </summary>
internal static class FigureBenchmark
{
    internal static int Run(string[] args)
    {
        var runs = args.Length >= 2 && args[0] == "--runs" ? int.Parse(args[1], CultureInfo.InvariantCulture) : 9;
        var model = Model();
        var svg = KaplanMeierSvg.Render(model);
        Measure("SVG", runs, () => KaplanMeierSvg.Render(model).Length);
        Measure("PNG 300 dpi", runs, () => FigureRaster.Png(svg, 300).Length);
        Measure("PNG 600 dpi", runs, () => FigureRaster.Png(svg, 600).Length);
        Measure("PDF", runs, () => FigureRaster.Pdf(svg, "Kaplan-Meier").Length);
        return 0;
    }

    private static void Measure(string name, int runs, Func<int> render)
    {
        render();
        render();
        var times = new List<double>();
        var bytes = 0;
        for (var i = 0; i < runs; i++)
        {
            var watch = Stopwatch.StartNew();
            bytes = render();
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        Console.WriteLine($"{name,-12} median {times[times.Count / 2],8:F1} ms  (min {times[0]:F1}, max {times[^1]:F1})  {bytes / 1024.0,8:F0} KiB");
    }

    private static KaplanMeierFigureModel Model()
    {
        var rng = new Random(27);
        double[] breaks = [0, 6, 12, 18, 24, 30];
        KaplanMeierSeries Arm(string name, double median)
        {
            var times = new List<(double Time, bool Event)>();
            for (var i = 0; i < 100; i++)
            {
                var time = Math.Round(-Math.Log(1 - rng.NextDouble()) * median / Math.Log(2), 2);
                var died = rng.NextDouble() < 0.85;
                times.Add(time > 30 ? (30, false) : (time, died));
            }

            times.Sort();
            var steps = new List<KaplanMeierStep> { new(0, 1, 1, 1) };
            double survival = 1;
            var atRisk = times.Count;
            foreach (var (time, died) in times)
            {
                if (died)
                {
                    survival *= 1 - (1.0 / atRisk);
                    var se = survival * Math.Sqrt(1.0 / atRisk);
                    steps.Add(new KaplanMeierStep(time, survival, Math.Max(0, survival - (1.96 * se)), Math.Min(1, survival + (1.96 * se))));
                }

                atRisk--;
            }

            var censored = times.Where(s => !s.Event).Select(s => s.Time).ToList();
            var counts = breaks.Select(b => times.Count(s => s.Time >= b)).ToList();
            var med = steps.FirstOrDefault(s => s.Survival <= 0.5)?.Time;
            return new KaplanMeierSeries(name, times.Count, steps, censored, med, counts);
        }

        return new KaplanMeierFigureModel("Progression-free survival", "Time since on-study (months)", "Progression-free survival (%)",
            [Arm("RT+PD1", 6), Arm("TACE+Sorafenib", 3.7)], breaks, "HR 0.51 (95% CI 0.32\u20130.84); Breslow p = 0.018", true,
            XMax: 30, XBreaks: breaks);
    }
}
