using System.Globalization;
using System.Text;
using System.Text.Json;
using HccOutcomes.Analysis.Survival;
using HccOutcomes.Api.Contracts.Analyses;
using HccOutcomes.Api.Hosting;
using HccOutcomes.Api.Outcomes;

namespace HccOutcomes.Api.Analyses;

/// <summary>
/// The comparison as one tidy CSV (RFC 4180), one number per row, ready for R's <c>read.csv</c> or pandas. Every number
/// of the JSON response is in it. Columns:
/// <c>section, analysis, variable, level, group, patient, time, statistic, value, test</c>.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>statistic</c> is the JSON property the value comes from (<c>n</c>, <c>percent</c>, <c>estimate</c>,
/// <c>stdErr</c>, <c>hazardRatio</c>, <c>chiSquare</c>, …); a p-value is always <c>p</c>, with the test that gave it in
/// <c>test</c> (the JSON's test name, e.g. <c>Fisher's exact</c>, <c>gehanBreslow</c>).</item>
/// <item><c>time</c> holds the time (months) of landmark and Kaplan–Meier curve rows (section <c>kmCurve</c>);
/// <c>patient</c> the pseudonymous ID of waterfall rows, whose <c>level</c> is the best overall response.</item>
/// <item>A missing value is <c>NA</c>. Numbers are written with round-trip precision (the JSON's digits).</item>
/// <item>The adjusted comparison (section <c>adjustment</c>) is written path by path: <c>variable</c> is the JSON path
/// inside <c>adjustment</c> and <c>statistic</c> the property, so nothing of its nested models is left out.</item>
/// </list>
/// </remarks>
internal static class CompareCsv
{
    /// <summary>The header row's columns.</summary>
    public static readonly IReadOnlyList<string> Columns = ["section", "analysis", "variable", "level", "group", "patient", "time", "statistic", "value", "test"];

    // The criteria as the JSON names them (e.g. "mrecist").
    private static readonly Dictionary<Domain.Criteria, string> CriteriaNames =
        Enum.GetValues<Domain.Criteria>().ToDictionary(c => c, JsonContractNames.Value);

    private static readonly Dictionary<SurvivalTestChoice, string> SurvivalTestNames =
        Enum.GetValues<SurvivalTestChoice>().ToDictionary(c => c, JsonContractNames.Value);

    public static string Write(CompareResponse r)
    {
        var csv = new Writer();
        // The conventions the outcomes were derived under: the level holds the value, the statistic where the cut-off came from.
        csv.Row(new("derivation", Variable: "settingsVersion"), "settingsVersion", r.Derivation.SettingsVersion);
        csv.Row(new("derivation", Variable: "pfsRuleSet", Level: Domain.Conventions.PfsRuleSetNames.Code(r.Derivation.PfsRuleSet)), "ruleSet", null);
        csv.Row(new("derivation", Variable: "dataCutoffDate", Level: r.Derivation.DataCutoffDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? ""),
            r.Derivation.DataCutoffSource, null);
        foreach (var landmark in r.Settings.LandmarksMonths)
        {
            csv.Row(new("settings", Variable: "landmarksMonths"), "landmarksMonths", landmark);
        }

        csv.Row(new("settings", Variable: "confidenceLevel"), "confidenceLevel", r.Settings.ConfidenceLevel);
        foreach (var g in r.Groups)
        {
            csv.Row(new("groups", Group: g.Name), "n", g.N);
        }

        csv.Row(new("consort"), "cohortPatients", r.Consort.CohortPatients);
        csv.Row(new("consort"), "inNoGroup", r.Consort.InNoGroup);
        csv.Row(new("consort"), "inSeveralGroups", r.Consort.InSeveralGroups);
        foreach (var e in r.Consort.Exclusions)
        {
            csv.Row(new("consort", e.Analysis, Level: e.Reason, Group: e.Group), "excluded", e.Count);
        }

        foreach (var row in r.Baseline?.Rows ?? [])
        {
            var at = new Key("baseline", Variable: row.Variable);
            foreach (var level in row.Levels ?? [])
            {
                Counts(csv, at with { Level = level.Level }, level.Counts);
            }

            foreach (var s in row.Summaries ?? [])
            {
                Summary(csv, at, s);
            }

            foreach (var n in row.Normality ?? [])
            {
                csv.Row(at with { Level = "normality", Group = n.Group }, "p", n.P, n.Test);
            }

            foreach (var m in row.Missing)
            {
                csv.Row(at with { Level = "missing", Group = m.Group }, "n", m.N);
                csv.Row(at with { Level = "missing", Group = m.Group }, "percent", m.Percent);
            }

            Test(csv, at, row.Test);
            if (row.Smd is { } smd)
            {
                csv.Row(at, "smd", smd);
            }
        }

        foreach (var section in r.Response ?? [])
        {
            var at = new Key("response", Name(section.Criteria));
            foreach (var c in section.Categories)
            {
                Counts(csv, at with { Variable = "bestOverallResponse", Level = c.Category }, c.Counts);
                Test(csv, at with { Variable = "bestOverallResponse", Level = c.Category }, c.Test);
            }

            Rate(csv, at with { Variable = "objectiveResponse" }, section.ObjectiveResponse);
            Rate(csv, at with { Variable = "diseaseControl" }, section.DiseaseControl);
            foreach (var s in section.TimeToResponseMonths.Groups)
            {
                Summary(csv, at with { Variable = "timeToResponseMonths" }, s);
            }

            Test(csv, at with { Variable = "timeToResponseMonths" }, section.TimeToResponseMonths.Test);
            foreach (var w in section.Waterfall)
            {
                csv.Row(new("waterfall", at.Analysis, "bestPercentChange", w.BestOverallResponse, w.Group, w.ExternalId), "bestPercentChange", w.BestPercentChange);
            }
        }

        foreach (var s in (r.Pfs ?? []).Append(r.Os).OfType<SurvivalSection>())
        {
            Survival(csv, s);
        }

        foreach (var row in r.Safety?.Rows ?? [])
        {
            var at = new Key("safety", "treatment-related", row.Term);
            Counts(csv, at with { Level = "any grade" }, row.AnyGrade);
            Test(csv, at with { Level = "any grade" }, row.AnyGradeTest);
            Counts(csv, at with { Level = "grade >= 3" }, row.Grade3Plus);
            Test(csv, at with { Level = "grade >= 3" }, row.Grade3PlusTest);
        }

        if (r.Safety is { } safety)
        {
            Rate(csv, new("safety", "treatment-related", "anyGrade3Plus"), safety.AnyGrade3PlusTreatmentRelated);
            Counts(csv, new("safety", "treatment-related", "death", "grade 5"), safety.TreatmentRelatedDeaths);
        }

        foreach (var s in r.Subgroups ?? [])
        {
            var analysis = Analysis(s.Endpoint, s.Criteria);
            foreach (var row in s.Rows)
            {
                var at = new Key("subgroups", analysis, row.Variable, row.Level);
                foreach (var g in row.Groups)
                {
                    csv.Row(at with { Group = g.Group }, "n", g.N);
                    csv.Row(at with { Group = g.Group }, "events", g.Events);
                    csv.Row(at with { Group = g.Group }, "median", g.Median);
                }

                foreach (var h in row.HazardRatios)
                {
                    HazardRatio(csv, at, h);
                }

                csv.Row(at, "p", row.InteractionP, TestResults.InteractionTest);
            }
        }

        if (r.Adjustment is { } a)
        {
            Flatten(csv, new Key("adjustment", a.Method), "", JsonContractNames.SerializeToElement(a));
        }

        return csv.ToString();
    }

    private static string Name(Domain.Criteria c) => CriteriaNames[c];

    private static string Analysis(string endpoint, Domain.Criteria? criteria) => criteria is { } c ? $"{endpoint} ({Name(c)})" : endpoint;

    // PFS or OS: per group n, events, median and median follow-up (with CI and SE), landmarks and the curve (kmCurve);
    // hazard ratios, the log-rank family and the follow-up test.
    private static void Survival(Writer csv, SurvivalSection s)
    {
        var at = new Key(s.Endpoint.ToLowerInvariant(), Analysis(s.Endpoint, s.Criteria));
        foreach (var g in s.Groups)
        {
            var group = at with { Group = g.Name };
            csv.Row(group, "n", g.N);
            csv.Row(group, "events", g.Events);
            Estimate(csv, group with { Variable = "median" }, g.Median);
            Estimate(csv, group with { Variable = "medianFollowUp" }, g.MedianFollowUp);
            foreach (var l in g.Landmarks)
            {
                var landmark = group with { Variable = "landmark", Time = l.Time };
                csv.Row(landmark, "atRisk", l.AtRisk);
                csv.Row(landmark, "survival", l.Survival);
                csv.Row(landmark, "stdErr", l.StdErr);
                csv.Row(landmark, "lower", l.Lower);
                csv.Row(landmark, "upper", l.Upper);
            }

            foreach (var row in g.Curve)
            {
                CurveRow(csv, group with { Section = "kmCurve", Variable = s.Endpoint, Time = row.Time }, row);
            }
        }

        foreach (var h in s.HazardRatios)
        {
            HazardRatio(csv, at with { Variable = "hazardRatio" }, h);
        }

        foreach (var t in s.Tests)
        {
            var test = at with { Variable = "survivalTest" };
            var name = SurvivalTestNames[t.Test];
            csv.Row(test, "chiSquare", t.ChiSquare, name);
            csv.Row(test, "df", t.Df, name);
            csv.Row(test, "p", t.P, name);
            csv.Row(test, "primary", t.Primary ? 1 : 0, name);
        }

        Test(csv, at with { Variable = "medianFollowUp" }, s.MedianFollowUpTest);
    }

    private static void CurveRow(Writer csv, Key at, KaplanMeierRow row)
    {
        csv.Row(at, "atRisk", row.AtRisk);
        csv.Row(at, "events", row.Events);
        csv.Row(at, "censored", row.Censored);
        csv.Row(at, "survival", row.Survival);
        csv.Row(at, "stdErr", row.StdErr);
        csv.Row(at, "stdErrLog", row.StdErrLog);
        csv.Row(at, "lower", row.Lower);
        csv.Row(at, "upper", row.Upper);
    }

    private static void Estimate(Writer csv, Key at, EstimateView e)
    {
        csv.Row(at, "estimate", e.Estimate);
        csv.Row(at, "lower", e.Lower);
        csv.Row(at, "upper", e.Upper);
        csv.Row(at, "stdErr", e.StdErr);
    }

    private static void HazardRatio(Writer csv, Key at, HazardRatioRow h)
    {
        var row = at with { Level = at.Level.Length > 0 ? at.Level : $"vs {h.Reference}", Group = h.Group };
        csv.Row(row, "hazardRatio", h.HazardRatio);
        csv.Row(row, "lower", h.Lower);
        csv.Row(row, "upper", h.Upper);
        csv.Row(row, "p", h.P, TestResults.HazardRatioTest);
    }

    private static void Summary(Writer csv, Key at, ContinuousSummary s)
    {
        var group = at with { Group = s.Group };
        csv.Row(group, "n", s.N);
        csv.Row(group, "mean", s.Mean);
        csv.Row(group, "sd", s.Sd);
        csv.Row(group, "median", s.Median);
        csv.Row(group, "q1", s.Q1);
        csv.Row(group, "q3", s.Q3);
    }

    private static void Counts(Writer csv, Key at, IReadOnlyList<GroupCount> counts)
    {
        foreach (var c in counts)
        {
            csv.Row(at with { Group = c.Group }, "n", c.N);
            csv.Row(at with { Group = c.Group }, "percent", c.Percent);
        }
    }

    private static void Rate(Writer csv, Key at, RateRow rate)
    {
        foreach (var g in rate.Groups)
        {
            var group = at with { Group = g.Group };
            csv.Row(group, "events", g.Events);
            csv.Row(group, "n", g.N);
            csv.Row(group, "rate", g.Rate);
            csv.Row(group, "lower", g.Lower);
            csv.Row(group, "upper", g.Upper);
        }

        Test(csv, at, rate.Test);
    }

    // A test's statistic, degrees of freedom and p, each named by the test.
    private static void Test(Writer csv, Key at, TestResult? test)
    {
        if (test is null)
        {
            return;
        }

        csv.Row(at, "statistic", test.Statistic, test.Test);
        csv.Row(at, "df", test.Df, test.Test);
        csv.Row(at, "p", test.P, test.Test);
    }

    // Every number under the element, the variable being its JSON path and the statistic its property.
    private static void Flatten(Writer csv, Key at, string path, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var p in element.EnumerateObject())
                {
                    if (p.Value.ValueKind is JsonValueKind.Number)
                    {
                        csv.Row(at with { Variable = path }, p.Name, p.Value.GetDouble());
                    }
                    else
                    {
                        Flatten(csv, at, path.Length == 0 ? p.Name : $"{path}.{p.Name}", p.Value);
                    }
                }

                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    var itemPath = $"{path}[{i++}]";
                    if (item.ValueKind is JsonValueKind.Number)
                    {
                        csv.Row(at with { Variable = path }, "value", item.GetDouble());
                    }
                    else
                    {
                        Flatten(csv, at, itemPath, item);
                    }
                }

                break;
        }
    }

    /// <summary>Where a value sits: every column but statistic, value and test.</summary>
    private readonly record struct Key(
        string Section, string Analysis = "", string Variable = "", string Level = "", string Group = "", string Patient = "", double? Time = null);

    private sealed class Writer
    {
        private readonly StringBuilder _sb = new(string.Join(',', Columns) + "\n");

        public void Row(Key at, string statistic, double? value, string test = "")
        {
            foreach (var field in new[] { at.Section, at.Analysis, at.Variable, at.Level, at.Group, at.Patient })
            {
                Csv.Append(_sb, field).Append(',');
            }

            _sb.Append(at.Time is { } t ? Number(t) : "").Append(',');
            Csv.Append(_sb, statistic).Append(',');
            _sb.Append(value is { } v && double.IsFinite(v) ? Number(v) : "NA").Append(',');
            Csv.Append(_sb, test).Append('\n');
        }

        public override string ToString() => _sb.ToString();

        private static string Number(double v) => v.ToString("R", CultureInfo.InvariantCulture);
    }
}
