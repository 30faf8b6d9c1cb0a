using HccOutcomes.Api.Contracts.Analyses;
using HccOutcomes.Domain;

namespace HccOutcomes.Api.Manuscript;

/// <summary>One table of the manuscript, its cells already formatted; the HTML and Word writers only lay it out.</summary>
/// <param name="Title">E.g. "Table 1. Baseline characteristics".</param>
/// <param name="Columns">Column headings: the row label, one per group (with its n), and p.</param>
/// <param name="Rows">Rows, in print order.</param>
/// <param name="Footnotes">Footnotes: the marks' tests (marked), then general notes (unmarked).</param>
internal sealed record ManuscriptTable(string Title, IReadOnlyList<string> Columns, IReadOnlyList<ManuscriptRow> Rows, IReadOnlyList<Footnote> Footnotes);

/// <summary>A row: its label and one cell per remaining column.</summary>
/// <param name="Label">Row label.</param>
/// <param name="Cells">Cells after the label (groups, then p).</param>
/// <param name="Indent">0 for a variable, 1 for a level under it.</param>
/// <param name="Heading">A heading row (e.g. the criteria of a block), printed bold.</param>
internal sealed record ManuscriptRow(string Label, IReadOnlyList<Cell> Cells, int Indent = 0, bool Heading = false);

/// <summary>A formatted cell with an optional footnote mark (printed as a superscript).</summary>
/// <param name="Text">The text.</param>
/// <param name="Mark">Footnote mark, e.g. "a".</param>
internal sealed record Cell(string Text, string? Mark = null);

/// <summary>A footnote.</summary>
/// <param name="Mark">Its mark, or null for a general note.</param>
/// <param name="Text">E.g. "Fisher's exact test."</param>
internal sealed record Footnote(string? Mark, string Text);

/// <summary>
/// Tables 1–3 (baseline, response, safety) and the survival summary of a comparison, formatted as a paper prints
/// them (<see cref="ManuscriptFormat"/>). Each p-value carries a mark whose footnote names its test.
/// </summary>
internal static class ManuscriptTables
{
    /// <summary>The tables of the sections the comparison computed, in print order.</summary>
    public static IReadOnlyList<ManuscriptTable> Build(CompareResponse r, ManuscriptFormat format)
    {
        var tables = new List<ManuscriptTable>();
        if (r.Baseline is { } baseline)
        {
            tables.Add(Baseline(r, baseline, format));
        }

        if (r.Response is { Count: > 0 } response)
        {
            tables.Add(Response(r, response, format));
        }

        if (r.Safety is { } safety)
        {
            tables.Add(Safety(r, safety, format));
        }

        var survival = (r.Pfs ?? []).Append(r.Os).OfType<SurvivalSection>().ToList();
        if (survival.Count > 0)
        {
            tables.Add(Survival(r, survival, format));
        }

        return tables;
    }

    /// <summary>The footnote text naming a test of the JSON (<see cref="TestResult.Test"/> or a survival test's name).</summary>
    public static string TestFootnote(string test) => test switch
    {
        "Fisher's exact" => "Fisher's exact test",
        "Pearson chi-square" => "χ² test (Pearson)",
        "gehanBreslow" => "Gehan–Breslow (generalized Wilcoxon) test",
        "logRank" => "Log-rank test",
        "taroneWare" => "Tarone–Ware test",
        "petoPeto" => "Peto–Peto test",
        _ when test.StartsWith("Student t", StringComparison.Ordinal) => "Student's t test (pooled variance)",
        _ when test.StartsWith("Mann–Whitney U", StringComparison.Ordinal) => "Mann–Whitney U test",
        _ when test == Analyses.SurvivalComparison.FollowUpTestName => "Log-rank test of the reverse Kaplan–Meier curves (median follow-up)",
        _ when test == Analyses.TestResults.HazardRatioTest => "Cox proportional hazards model (Wald test)",
        _ => test,
    };

    private static List<string> Columns(CompareResponse r, string first) =>
        [first, .. r.Groups.Select(g => $"{g.Name} (n = {g.N})"), "p"];

    private static ManuscriptTable Baseline(CompareResponse r, BaselineSection baseline, ManuscriptFormat f)
    {
        var table = new TableBuilder(f);
        foreach (var row in baseline.Rows)
        {
            if (row.Levels is { } levels)
            {
                // A yes/no variable is one line (the "Yes" counts); several levels are indented under the variable.
                if (levels.Count <= 2 && levels.FirstOrDefault(l => l.Level == "Yes") is { } yes)
                {
                    table.Row(row.Label, yes.Counts.Select(c => f.Count(c.N, c.Percent)), row.Test);
                }
                else
                {
                    table.Row(row.Label, r.Groups.Select(_ => ""), row.Test);
                    foreach (var level in levels)
                    {
                        table.Row(level.Level, level.Counts.Select(c => f.Count(c.N, c.Percent)), null, indent: 1);
                    }
                }
            }
            else if (row.Summaries is { } summaries)
            {
                var meanSd = row.Presentation == "mean ± SD";
                table.Row($"{row.Label}, {(meanSd ? "mean ± SD" : "median (IQR)")}",
                    summaries.Select(s => meanSd ? f.MeanSd(s.Mean, s.Sd) : f.MedianIqr(s.Median, s.Q1, s.Q3)), row.Test);
            }
        }

        table.Note("Values are n (%) unless stated otherwise; continuous variables are mean ± SD when every group passes the " +
                   "Shapiro–Wilk test (p > 0.05), else median (IQR).");
        return table.Build("Table 1. Baseline characteristics", Columns(r, "Characteristic"));
    }

    private static ManuscriptTable Response(CompareResponse r, IReadOnlyList<ResponseSection> sections, ManuscriptFormat f)
    {
        var table = new TableBuilder(f);
        foreach (var s in sections)
        {
            table.Heading(s.Criteria.DisplayName(), r.Groups.Count);
            foreach (var c in s.Categories)
            {
                table.Row(CategoryLabel(c.Category), c.Counts.Select(n => f.Count(n.N, n.Percent)), c.Test, indent: 1);
            }

            table.Row("Objective response (CR + PR)", Rates(s.ObjectiveResponse, f), s.ObjectiveResponse.Test, indent: 1);
            table.Row("Disease control (CR + PR + SD)", Rates(s.DiseaseControl, f), s.DiseaseControl.Test, indent: 1);
            table.Row("Time to response, months, median (IQR)",
                s.TimeToResponseMonths.Groups.Select(g => g.N == 0 ? ManuscriptFormat.Missing : f.MedianIqr(g.Median, g.Q1, g.Q3)),
                s.TimeToResponseMonths.Test, indent: 1);
        }

        table.Note("Values are n (%) of the group's patients; the test compares each category against the others.");
        return table.Build("Table 2. Tumor response", Columns(r, "Response"));
    }

    private static ManuscriptTable Safety(CompareResponse r, SafetySection safety, ManuscriptFormat f)
    {
        var table = new TableBuilder(f);
        foreach (var row in safety.Rows)
        {
            table.Heading(row.Term, r.Groups.Count);
            table.Row("Any grade", row.AnyGrade.Select(c => f.Count(c.N, c.Percent)), row.AnyGradeTest, indent: 1);
            table.Row("Grade ≥ 3", row.Grade3Plus.Select(c => f.Count(c.N, c.Percent)), row.Grade3PlusTest, indent: 1);
        }

        table.Row("Any grade ≥ 3 treatment-related adverse event", Rates(safety.AnyGrade3PlusTreatmentRelated, f), safety.AnyGrade3PlusTreatmentRelated.Test);
        table.Row("Treatment-related death (grade 5)", safety.TreatmentRelatedDeaths.Select(c => f.Count(c.N, c.Percent)), null);
        table.Note("Treatment-related adverse events by CTCAE v5.0 term, n (%) of the group's patients.");
        return table.Build("Table 3. Treatment-related adverse events", Columns(r, "Adverse event"));
    }

    private static ManuscriptTable Survival(CompareResponse r, IReadOnlyList<SurvivalSection> sections, ManuscriptFormat f)
    {
        var table = new TableBuilder(f);
        var level = r.Settings.ConfidenceLevel * 100;
        var ci = $"{level:0.##}% CI";
        var d = f.SurvivalDecimals;
        foreach (var s in sections)
        {
            table.Heading(s.Criteria is { } c ? $"Progression-free survival ({c.DisplayName()})" : "Overall survival", r.Groups.Count);
            var primary = s.Tests.FirstOrDefault(t => t.Primary);
            table.Row("Events, n (%)", s.Groups.Select(g => f.Count(g.Events, g.N > 0 ? 100.0 * g.Events / g.N : null)),
                primary is null ? null : new TestResult(Hosting.JsonContractNames.Value(primary.Test), primary.ChiSquare, primary.Df, primary.P), indent: 1);
            table.Row($"Median, months ({ci})", s.Groups.Select(g => f.Interval(g.Median.Estimate, g.Median.Lower, g.Median.Upper, d)), null, indent: 1);
            foreach (var months in r.Settings.LandmarksMonths)
            {
                table.Row($"{months:0.##}-month rate, % ({ci})", s.Groups.Select(g => g.Landmarks.FirstOrDefault(l => l.Time == months) is { } l
                    ? f.Interval(100 * l.Survival, l.Lower * 100, l.Upper * 100, d, open: ManuscriptFormat.Missing)
                    : ManuscriptFormat.Missing), null, indent: 1);
            }

            table.Row($"Hazard ratio ({ci})", r.Groups.Select(g => g.Name == r.Reference
                    ? "1 (reference)"
                    : s.HazardRatios.FirstOrDefault(h => h.Group == g.Name) is { } h
                        ? f.Interval(h.HazardRatio, h.Lower, h.Upper, f.ValueDecimals)
                        : ManuscriptFormat.Missing),
                s.HazardRatios.Count == 1 ? new TestResult(Analyses.TestResults.HazardRatioTest, null, null, s.HazardRatios[0].P) : null, indent: 1);
            table.Row($"Median follow-up, months ({ci})",
                s.Groups.Select(g => f.Interval(g.MedianFollowUp.Estimate, g.MedianFollowUp.Lower, g.MedianFollowUp.Upper, d)), s.MedianFollowUpTest, indent: 1);
        }

        table.Note($"Kaplan–Meier estimates with {ci}s; NR, not reached. The p beside the events is the primary test of the " +
                   "survival curves; hazard ratios from a univariable Cox model against the reference group.");
        return table.Build("Survival summary", Columns(r, "Endpoint"));
    }

    private static IEnumerable<string> Rates(RateRow rate, ManuscriptFormat f) =>
        rate.Groups.Select(g => f.Count(g.Events, g.Rate is { } x ? 100 * x : null));

    private static string CategoryLabel(string category) => category switch
    {
        "CR" => "Complete response (CR)",
        "PR" => "Partial response (PR)",
        "SD" => "Stable disease (SD)",
        "PD" => "Progressive disease (PD)",
        "NE" => "Not evaluable (NE)",
        _ => category,
    };

    // Rows with their p cells marked by test; the marks are given in order of first use.
    private sealed class TableBuilder(ManuscriptFormat format)
    {
        private readonly List<ManuscriptRow> _rows = [];
        private readonly List<string> _tests = [];
        private readonly List<Footnote> _notes = [];

        public void Heading(string label, int groups) =>
            _rows.Add(new ManuscriptRow(label, [.. Enumerable.Repeat(new Cell(""), groups + 1)], Heading: true));

        public void Row(string label, IEnumerable<string> cells, TestResult? test, int indent = 0)
        {
            var p = test is null
                ? new Cell("")
                : test.P is null
                    ? new Cell(ManuscriptFormat.Missing)
                    : new Cell(format.P(test.P), Mark(TestFootnote(test.Test)));
            _rows.Add(new ManuscriptRow(label, [.. cells.Select(c => new Cell(c)), p], indent));
        }

        public void Note(string text) => _notes.Add(new Footnote(null, text));

        public ManuscriptTable Build(string title, IReadOnlyList<string> columns) =>
            new(title, columns, _rows, [.. _tests.Select((t, i) => new Footnote(MarkOf(i), t + ".")), .. _notes]);

        private static string MarkOf(int index) => ((char)('a' + index)).ToString();

        private string Mark(string test)
        {
            var index = _tests.IndexOf(test);
            if (index < 0)
            {
                index = _tests.Count;
                _tests.Add(test);
            }

            return MarkOf(index);
        }
    }
}
