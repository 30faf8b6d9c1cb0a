using System.Globalization;
using System.Text;
using HccOutcomes.Api.Contracts.Analyses;
using HccOutcomes.Api.Controllers;
using HccOutcomes.Api.Hosting;
using HccOutcomes.Api.Outcomes;

namespace HccOutcomes.Api.Analyses;

/// <summary>
/// The comparison as one tidy CSV (RFC 4180): one value per row with
/// <c>section, analysis, variable, level, group, statistic, value</c>, ready for R's <c>read.csv</c> or pandas.
/// </summary>
internal static class CompareCsv
{
    // The criteria as the JSON names them (e.g. "mrecist").
    private static readonly Dictionary<Domain.Criteria, string> CriteriaNames =
        Enum.GetValues<Domain.Criteria>().ToDictionary(c => c, JsonContractNames.Value);

    public static string Write(CompareResponse r)
    {
        var csv = new Writer();
        // The conventions the outcomes were derived under: the level holds the value, the statistic where the cut-off came from.
        csv.Row("derivation", "", "settingsVersion", "", "", "version", r.Derivation.SettingsVersion);
        csv.Row("derivation", "", "pfsRuleSet", Domain.Conventions.PfsRuleSetNames.Code(r.Derivation.PfsRuleSet), "", "ruleSet", null);
        csv.Row("derivation", "", "dataCutoffDate",
            r.Derivation.DataCutoffDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "", "", r.Derivation.DataCutoffSource, null);
        foreach (var g in r.Groups)
        {
            csv.Row("groups", "", "", "", g.Name, "n", g.N);
        }

        foreach (var e in r.Consort.Exclusions)
        {
            csv.Row("consort", e.Analysis, "", e.Reason, e.Group, "excluded", e.Count);
        }

        foreach (var row in r.Baseline?.Rows ?? [])
        {
            foreach (var level in row.Levels ?? [])
            {
                Counts(csv, "baseline", "", row.Variable, level.Level, level.Counts);
            }

            foreach (var s in row.Summaries ?? [])
            {
                csv.Row("baseline", "", row.Variable, "", s.Group, "n", s.N);
                csv.Row("baseline", "", row.Variable, "", s.Group, "mean", s.Mean);
                csv.Row("baseline", "", row.Variable, "", s.Group, "sd", s.Sd);
                csv.Row("baseline", "", row.Variable, "", s.Group, "median", s.Median);
                csv.Row("baseline", "", row.Variable, "", s.Group, "q1", s.Q1);
                csv.Row("baseline", "", row.Variable, "", s.Group, "q3", s.Q3);
            }

            Test(csv, "baseline", "", row.Variable, "", row.Test);
            if (row.Smd is { } smd)
            {
                csv.Row("baseline", "", row.Variable, "", "", "smd", smd);
            }
        }

        foreach (var section in r.Response ?? [])
        {
            var analysis = Name(section.Criteria);
            foreach (var c in section.Categories)
            {
                Counts(csv, "response", analysis, "bestOverallResponse", c.Category, c.Counts);
                Test(csv, "response", analysis, "bestOverallResponse", c.Category, c.Test);
            }

            Rate(csv, "response", analysis, "objectiveResponse", section.ObjectiveResponse);
            Rate(csv, "response", analysis, "diseaseControl", section.DiseaseControl);
            foreach (var s in section.TimeToResponseMonths.Groups)
            {
                csv.Row("response", analysis, "timeToResponseMonths", "", s.Group, "median", s.Median);
                csv.Row("response", analysis, "timeToResponseMonths", "", s.Group, "q1", s.Q1);
                csv.Row("response", analysis, "timeToResponseMonths", "", s.Group, "q3", s.Q3);
            }

            Test(csv, "response", analysis, "timeToResponseMonths", "", section.TimeToResponseMonths.Test);
            foreach (var w in section.Waterfall)
            {
                csv.Row("waterfall", analysis, "bestPercentChange", w.BestOverallResponse, w.Group, w.ExternalId, w.BestPercentChange);
            }
        }

        foreach (var s in (r.Pfs ?? []).Append(r.Os).OfType<SurvivalSection>())
        {
            var analysis = s.Criteria is { } c ? $"{s.Endpoint} ({Name(c)})" : s.Endpoint;
            var section = s.Endpoint.ToLowerInvariant();
            foreach (var g in s.Groups)
            {
                csv.Row(section, analysis, "", "", g.Name, "n", g.N);
                csv.Row(section, analysis, "", "", g.Name, "events", g.Events);
                csv.Row(section, analysis, "median", "", g.Name, "estimate", g.Median.Estimate);
                csv.Row(section, analysis, "median", "", g.Name, "lower", g.Median.Lower);
                csv.Row(section, analysis, "median", "", g.Name, "upper", g.Median.Upper);
                csv.Row(section, analysis, "medianFollowUp", "", g.Name, "estimate", g.MedianFollowUp.Estimate);
                foreach (var l in g.Landmarks)
                {
                    var at = l.Time.ToString(CultureInfo.InvariantCulture);
                    csv.Row(section, analysis, "landmark", at, g.Name, "survival", l.Survival);
                    csv.Row(section, analysis, "landmark", at, g.Name, "lower", l.Lower);
                    csv.Row(section, analysis, "landmark", at, g.Name, "upper", l.Upper);
                }
            }

            foreach (var h in s.HazardRatios)
            {
                csv.Row(section, analysis, "hazardRatio", $"vs {h.Reference}", h.Group, "hr", h.HazardRatio);
                csv.Row(section, analysis, "hazardRatio", $"vs {h.Reference}", h.Group, "lower", h.Lower);
                csv.Row(section, analysis, "hazardRatio", $"vs {h.Reference}", h.Group, "upper", h.Upper);
                csv.Row(section, analysis, "hazardRatio", $"vs {h.Reference}", h.Group, "p", h.P);
            }

            foreach (var t in s.Tests)
            {
                var test = t.Test.ToString() + (t.Primary ? " (primary)" : string.Empty);
                csv.Row(section, analysis, "test", test, "", "chiSquare", t.ChiSquare);
                csv.Row(section, analysis, "test", test, "", "p", t.P);
            }
        }

        foreach (var row in r.Safety?.Rows ?? [])
        {
            Counts(csv, "safety", "treatment-related", row.Term, "any grade", row.AnyGrade);
            Test(csv, "safety", "treatment-related", row.Term, "any grade", row.AnyGradeTest);
            Counts(csv, "safety", "treatment-related", row.Term, "grade >= 3", row.Grade3Plus);
            Test(csv, "safety", "treatment-related", row.Term, "grade >= 3", row.Grade3PlusTest);
        }

        if (r.Safety is { } safety)
        {
            Rate(csv, "safety", "treatment-related", "anyGrade3Plus", safety.AnyGrade3PlusTreatmentRelated);
            Counts(csv, "safety", "treatment-related", "death", "grade 5", safety.TreatmentRelatedDeaths);
        }

        foreach (var s in r.Subgroups ?? [])
        {
            var analysis = s.Criteria is { } c ? $"{s.Endpoint} ({Name(c)})" : s.Endpoint;
            foreach (var row in s.Rows)
            {
                foreach (var g in row.Groups)
                {
                    csv.Row("subgroups", analysis, row.Variable, row.Level, g.Group, "n", g.N);
                    csv.Row("subgroups", analysis, row.Variable, row.Level, g.Group, "events", g.Events);
                    csv.Row("subgroups", analysis, row.Variable, row.Level, g.Group, "median", g.Median);
                }

                foreach (var h in row.HazardRatios)
                {
                    csv.Row("subgroups", analysis, row.Variable, row.Level, h.Group, "hr", h.HazardRatio);
                    csv.Row("subgroups", analysis, row.Variable, row.Level, h.Group, "lower", h.Lower);
                    csv.Row("subgroups", analysis, row.Variable, row.Level, h.Group, "upper", h.Upper);
                }

                csv.Row("subgroups", analysis, row.Variable, row.Level, "", "interactionP", row.InteractionP);
            }
        }

        if (r.Adjustment is { } a)
        {
            Adjustment(csv, a);
        }

        return csv.ToString();
    }

    private static string Name(Domain.Criteria c) => CriteriaNames[c];

    private static void Counts(Writer csv, string section, string analysis, string variable, string level, IReadOnlyList<GroupCount> counts)
    {
        foreach (var c in counts)
        {
            csv.Row(section, analysis, variable, level, c.Group, "n", c.N);
            csv.Row(section, analysis, variable, level, c.Group, "percent", c.Percent);
        }
    }

    private static void Rate(Writer csv, string section, string analysis, string variable, RateRow rate)
    {
        foreach (var g in rate.Groups)
        {
            csv.Row(section, analysis, variable, "", g.Group, "n", g.Events);
            csv.Row(section, analysis, variable, "", g.Group, "rate", g.Rate);
            csv.Row(section, analysis, variable, "", g.Group, "lower", g.Lower);
            csv.Row(section, analysis, variable, "", g.Group, "upper", g.Upper);
        }

        Test(csv, section, analysis, variable, "", rate.Test);
    }

    // The adjustment: balance (SMD before and after), ESS, and per endpoint the adjusted HR, RMST difference and E-values.
    private static void Adjustment(Writer csv, AdjustmentSection a)
    {
        foreach (var row in a.Balance ?? [])
        {
            csv.Row("adjustment", a.Method, row.Covariate, "", "", "smd_unadjusted", row.Smd.Unadjusted);
            csv.Row("adjustment", a.Method, row.Covariate, "", "", a.Method == "matching" ? "smd_matched" : "smd_weighted",
                a.Method == "matching" ? row.Smd.Matched : row.Smd.Weighted);
        }

        if (a.EffectiveSampleSize is { } ess)
        {
            csv.Row("adjustment", a.Method, "", "", a.Treated, "ess", ess.Treated);
            csv.Row("adjustment", a.Method, "", "", a.Control, "ess", ess.Control);
        }

        foreach (var e in a.Endpoints)
        {
            var analysis = e.Criteria is { } c ? $"{a.Method} pfs {Name(c)}" : $"{a.Method} os";
            csv.Row("adjustment", analysis, "", "", a.Treated, "n", e.Subjects);
            csv.Row("adjustment", analysis, "", "", a.Treated, "hr", e.HazardRatio?.HazardRatio);
            csv.Row("adjustment", analysis, "", "", a.Treated, "hr_lower", e.HazardRatio?.Lower);
            csv.Row("adjustment", analysis, "", "", a.Treated, "hr_upper", e.HazardRatio?.Upper);
            csv.Row("adjustment", analysis, "", "", a.Treated, "p", e.HazardRatio?.P);
            csv.Row("adjustment", analysis, "", "", a.Treated, "rmst_difference", e.Rmst?.Difference.Estimate);
            csv.Row("adjustment", analysis, "", "", a.Treated, "e_value", e.EValue?.Estimate);
            csv.Row("adjustment", analysis, "", "", a.Treated, "e_value_ci", e.EValue?.ConfidenceLimit);
        }
    }

    private static void Test(Writer csv, string section, string analysis, string variable, string level, TestResult? test)
    {
        if (test is not null)
        {
            csv.Row(section, analysis, variable, level, "", $"p ({test.Test})", test.P);
        }
    }

    private sealed class Writer
    {
        private readonly StringBuilder _sb = new("section,analysis,variable,level,group,statistic,value\n");

        public void Row(string section, string analysis, string variable, string level, string group, string statistic, double? value)
        {
            foreach (var field in new[] { section, analysis, variable, level, group, statistic })
            {
                Csv.Append(_sb, field).Append(',');
            }

            _sb.Append(value is { } v && double.IsFinite(v) ? v.ToString("R", CultureInfo.InvariantCulture) : "NA").Append('\n');
        }

        public override string ToString() => _sb.ToString();
    }
}
