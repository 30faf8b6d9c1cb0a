using HccOutcomes.Api.Figures;

namespace HccOutcomes.Api.Tests.Figures;

/// <summary>
/// Realistic, deterministic sample inputs for the figure renderers (simulated with a fixed seed): a two-arm PFS
/// comparison, a ten-subgroup forest plot and a 78-patient waterfall.
/// </summary>
internal static class FigureSamples
{
    public const string Compared = "RT+PD1";
    public const string Reference = "TACE & Sorafenib";

    /// <summary>Two arms of 40 patients, exponential PFS with medians of about 6 and 10 months, follow-up to 24 months.</summary>
    public static KaplanMeierFigureModel Pfs(bool bands = true)
    {
        var rng = new Random(20240611);
        double[] riskTimes = [0, 3, 6, 9, 12, 15, 18, 21, 24];
        var reference = Series(Reference, 40, 6.0, rng, riskTimes);
        var compared = Series(Compared, 40, 10.0, rng, riskTimes);
        return new KaplanMeierFigureModel(
            "Progression-free survival (mRECIST)",
            "Time since treatment start (months)",
            "Progression-free survival (%)",
            [reference, compared],
            riskTimes,
            "HR 0.52 (95% CI 0.31\u20130.87); log-rank p = 0.012",
            bands);
    }

    /// <summary>A Kaplan–Meier series from simulated exponential event times with staggered administrative censoring.</summary>
    public static KaplanMeierSeries Series(string name, int n, double median, Random rng, IReadOnlyList<double> riskTimes)
    {
        // Event times at the exponential quantiles (so that the medians come out close to the nominal ones), paired
        // at random with staggered administrative censoring (12–24 months of follow-up) and rare loss to follow-up.
        var rate = Math.Log(2) / median;
        var eventTimes = Enumerable.Range(0, n).Select(i => -Math.Log(1 - ((i + 0.5) / n)) / rate).OrderBy(_ => rng.NextDouble()).ToList();
        var subjects = new List<(double Time, bool Event)>();
        foreach (var ev in eventTimes)
        {
            var admin = 12 + (12 * rng.NextDouble());
            var dropout = -Math.Log(1 - rng.NextDouble()) / 0.015;
            var c = Math.Min(admin, dropout);
            var t = Math.Round(Math.Min(ev, c), 1);
            subjects.Add((Math.Max(0.1, t), ev <= c));
        }

        return FromSubjects(name, subjects, riskTimes);
    }

    /// <summary>Kaplan–Meier estimate with log-transformed Greenwood CI, censor times, median and numbers at risk.</summary>
    public static KaplanMeierSeries FromSubjects(string name, IReadOnlyList<(double Time, bool Event)> subjects, IReadOnlyList<double> riskTimes)
    {
        var steps = new List<KaplanMeierStep> { new(0, 1, null, null) };
        double s = 1, greenwood = 0;
        double? median = null;
        foreach (var g in subjects.GroupBy(x => x.Time).OrderBy(g => g.Key))
        {
            var atRisk = subjects.Count(x => x.Time >= g.Key);
            var d = g.Count(x => x.Event);
            if (d > 0)
            {
                s *= 1 - ((double)d / atRisk);
                if (atRisk > d)
                {
                    greenwood += d / ((double)atRisk * (atRisk - d));
                }
            }

            double? lo = null, up = null;
            if (s > 0)
            {
                var se = Math.Sqrt(greenwood);
                lo = Math.Exp(Math.Log(s) - (1.96 * se));
                up = Math.Min(1, Math.Exp(Math.Log(s) + (1.96 * se)));
            }

            steps.Add(new KaplanMeierStep(g.Key, s, lo, up));
            if (median is null && s <= 0.5)
            {
                median = g.Key;
            }
        }

        var censors = subjects.Where(x => !x.Event).Select(x => x.Time).OrderBy(t => t).ToList();
        var atRiskCounts = riskTimes.Select(t => subjects.Count(x => x.Time >= t)).ToList();
        return new KaplanMeierSeries(name, subjects.Count, steps, censors, median, atRiskCounts);
    }

    /// <summary>Overall row and ten subgroup levels under five variables.</summary>
    public static ForestFigureModel Forest() => new(
        "Progression-free survival by subgroup",
        Compared,
        Reference,
        [
            new ForestRow("Overall", false, 40, 40, 0.52, 0.31, 0.87, null),
            new ForestRow("Age", true, null, null, null, null, null, 0.41),
            new ForestRow("< 60 years", false, 19, 22, 0.44, 0.21, 0.93, null),
            new ForestRow("\u2265 60 years", false, 21, 18, 0.63, 0.30, 1.32, null),
            new ForestRow("Sex", true, null, null, null, null, null, 0.78),
            new ForestRow("Male", false, 33, 34, 0.55, 0.31, 0.97, null),
            new ForestRow("Female", false, 7, 6, 0.41, 0.08, 2.10, null),
            new ForestRow("Portal vein tumour thrombus", true, null, null, null, null, null, 0.032),
            new ForestRow("Vp1\u2013Vp2", false, 15, 14, 0.91, 0.40, 2.07, null),
            new ForestRow("Vp3\u2013Vp4", false, 25, 26, 0.31, 0.15, 0.64, null),
            new ForestRow("Child\u2013Pugh class", true, null, null, null, null, null, 0.55),
            new ForestRow("A", false, 36, 35, 0.50, 0.29, 0.88, null),
            new ForestRow("B", false, 4, 5, 0.82, 0.05, 14.6, null),
            new ForestRow("AFP", true, null, null, null, null, null, 0.19),
            new ForestRow("< 400 ng/mL", false, 18, 17, 0.72, 0.33, 1.58, null),
            new ForestRow("\u2265 400 ng/mL", false, 22, 23, 0.38, 0.18, 0.80, null),
        ]);

    /// <summary>78 patients in two arms with mRECIST-consistent best responses.</summary>
    public static WaterfallFigureModel Waterfall(bool twoGroups = true)
    {
        var rng = new Random(7);
        var bars = new List<WaterfallBar>();
        for (var i = 0; i < 78; i++)
        {
            var compared = i % 2 == 0;
            double shift = compared ? -28 : -8;
            var v = shift + (45 * Normal(rng));
            if (i == 5)
            {
                v = 212; // an outlier beyond the axis
            }

            v = Math.Clamp(Math.Round(v, 1), -100, 400);
            if (i % 13 == 0)
            {
                v = -100;
            }

            var bor = v <= -100 ? "CR" : v <= -30 ? "PR" : v >= 20 ? "PD" : "SD";
            if (i == 17)
            {
                bor = "NE";
            }

            if (i == 23 && v > -30 && v < 20)
            {
                bor = "PD"; // new lesion despite stable target lesions
            }

            bars.Add(new WaterfallBar(twoGroups ? (compared ? Compared : Reference) : Compared, v, bor));
        }

        return new WaterfallFigureModel("Best change in target lesions (mRECIST)", bars);
    }

    /// <summary>Stress case: four groups, a very long name, close medians, a median not reached, a group without events.</summary>
    public static KaplanMeierFigureModel KmStress()
    {
        var rng = new Random(99);
        double[] riskTimes = [0, 6, 12, 18, 24, 30, 36];
        var flat = FromSubjects("Best supportive care <no events>",
            Enumerable.Range(0, 9).Select(i => (3.0 + (3.5 * i), false)).ToList(), riskTimes);
        return new KaplanMeierFigureModel(
            "Overall survival — four groups",
            "Time since treatment start (months)",
            "Overall survival (%)",
            [
                Series("Transarterial chemoembolisation plus sorafenib followed by maintenance", 30, 6.0, rng, riskTimes),
                Series(Compared, 30, 6.4, rng, riskTimes),
                Series("Resection", 25, 60, rng, riskTimes),
                flat,
            ],
            riskTimes,
            "Overall HR 0.45 (95% CI 0.25–0.81) for RT+PD1 versus TACE; Breslow p = 0.017; log-rank p = 0.021",
            true);
    }

    /// <summary>Stress case: CIs off a 0.01–100 axis, rows that are not estimable, long labels.</summary>
    public static ForestFigureModel ForestStress() => new(
        "Overall survival by subgroup",
        "Stereotactic body radiotherapy plus PD-1 inhibitor",
        Reference,
        [
            new ForestRow("Overall", false, 60, 58, 0.61, 0.40, 0.93, null),
            new ForestRow("Barcelona Clinic Liver Cancer stage at enrolment", true, null, null, null, null, null, 0.0004),
            new ForestRow("BCLC A", false, 3, 2, 0.02, 0.001, 0.9, null),
            new ForestRow("BCLC B", false, 20, 21, 0.72, 0.33, 1.58, null),
            new ForestRow("BCLC C with macrovascular invasion and extrahepatic spread", false, 37, 35, 1.9, 0.8, 250, null),
            new ForestRow("Aetiology", true, null, null, null, null, null, null),
            new ForestRow("HBV", false, 40, 0, null, null, null, null),
            new ForestRow("HCV", false, 0, 10, null, null, null, null),
            new ForestRow("Non-viral", false, 20, 48, 0.66, 0.35, 1.25, null),
        ]);

    /// <summary>Stress case: three unbalanced groups with long names and several increases beyond the axis.</summary>
    public static WaterfallFigureModel WaterfallStress()
    {
        var rng = new Random(3);
        var bars = new List<WaterfallBar>();
        for (var i = 0; i < 70; i++)
        {
            var v = Math.Clamp(Math.Round(-15 + (50 * Normal(rng)), 1), -100, 400);
            if (i is 3 or 9 or 11)
            {
                v = 150 + (40 * i);
            }

            bars.Add(new WaterfallBar("Transarterial chemoembolisation plus sorafenib (TACE & Sorafenib)", v,
                v <= -100 ? "CR" : v <= -30 ? "PR" : v >= 20 ? "PD" : "SD"));
        }

        bars.AddRange([
            new WaterfallBar(Compared, -62, "PR"), new WaterfallBar(Compared, -35.5, "PR"), new WaterfallBar(Compared, 4, "SD"),
            new WaterfallBar(Compared, -100, "CR"), new WaterfallBar(Compared, 0, "NE"),
            new WaterfallBar("Other", 35, "PD"),
        ]);
        return new WaterfallFigureModel("Best change in target lesions (mRECIST) — unbalanced groups", bars);
    }

    /// <summary>Edge case: a group without events, a group without steps and a very long name, odd risk-table input.</summary>
    public static KaplanMeierFigureModel KmEdge()
    {
        var longName = "Very long group name " + new string('W', 100);
        var flat = new KaplanMeierSeries("No events <none>", 12, [new(0, 1, null, null), new(5, 1, null, null)], [2, 5, 30], null, [12, 10]);
        var noSteps = new KaplanMeierSeries(longName, 0, [], [], null, []);
        var weird = new KaplanMeierSeries("Weird", 3, [new(double.NaN, 0.5, null, null), new(2, 1.4, -1, 2), new(4, 0, null, null)],
            [double.NaN, -1], 3, [3, 1, 0, 0, 0]);
        return new KaplanMeierFigureModel("Edge \"cases\" & <tags>", "Months", "Survival", [flat, noSteps, weird], [0, 6, 12, 40], "p = 0.5", true);
    }

    /// <summary>Edge case: no estimable hazard ratio at all.</summary>
    public static ForestFigureModel ForestAllNull() => new("All NE", Compared, Reference,
    [
        new ForestRow("Overall", false, 3, 0, null, null, null, null),
        new ForestRow("Variable", true, null, null, null, null, null, null),
        new ForestRow("A level with a label far too long to be shown in full in any reasonable column " + new string('x', 100), false, 1, 0, null, null, null, null),
    ]);

    /// <summary>Edge case: a single bar.</summary>
    public static WaterfallFigureModel WaterfallSingleBar() => new("One patient", [new WaterfallBar(Reference, -45, "pr")]);

    private static double Normal(Random rng)
    {
        double u1 = 1 - rng.NextDouble(), u2 = rng.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
