using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using HccOutcomes.Api.Tests.Demo;
using HccOutcomes.Api.Tests.Infrastructure;
using HccOutcomes.Demo;
using Microsoft.Extensions.DependencyInjection;

namespace HccOutcomes.Api.Tests.Manuscript;

/// <summary>
/// <c>POST /analyses/compare</c> as a Word document and as HTML on the demo cohort: the DOCX opened with OpenXml
/// (schema-valid), its cells against the JSON and against the reference paper's printed Tables 1–3, the HTML with the
/// same cells, the format options, and bad options.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ManuscriptTablesApiTests(ApiFactory factory) : IAsyncLifetime
{
    private const string Docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    private readonly HttpClient _client = factory.CreateClient();
    private JsonElement _json;

    public async Task InitializeAsync()
    {
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<DemoCohortLoader>().EnsureLoadedAsync();
        }

        var response = await _client.PostAsJsonAsync("/api/v1/analyses/compare", CompareCsvRoundTripTests.DemoRequest());
        _json = await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<HttpResponseMessage> PostAsync(string accept, string query = "", JsonObject? request = null)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, "/api/v1/analyses/compare" + query)
        {
            Content = JsonContent.Create(request ?? CompareCsvRoundTripTests.DemoRequest()),
        };
        message.Headers.Accept.ParseAdd(accept);
        return await _client.SendAsync(message);
    }

    private async Task<List<DocxTable>> DocxAsync(string query = "")
    {
        var response = await PostAsync(Docx, query);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        Assert.Equal(Docx, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"attachment; filename=\"compare-{DemoCohort.CohortId}-{DateTime.UtcNow:yyyy-MM-dd}.docx\"",
            response.Content.Headers.GetValues("Content-Disposition").Single());
        return ManuscriptDocument.Read(await response.Content.ReadAsByteArrayAsync());
    }

    private static string Percent(int n, int of, int decimals = 1) =>
        $"{n} ({Math.Round(100.0 * n / of, decimals, MidpointRounding.AwayFromZero).ToString("F" + decimals, CultureInfo.InvariantCulture)})";

    private static string Printed(JsonElement p) => p.ValueKind == JsonValueKind.String ? p.GetString()! : p.GetDouble().ToString("F3", CultureInfo.InvariantCulture);

    private static string Fixed(double value, int decimals) =>
        Math.Round(value, decimals, MidpointRounding.AwayFromZero).ToString("F" + decimals, CultureInfo.InvariantCulture);

    private static string FormatP(JsonElement test, int decimals = 3)
    {
        var p = test.GetProperty("p").GetDouble();
        var smallest = Math.Pow(10, -decimals);
        return Math.Round(p, decimals, MidpointRounding.AwayFromZero) < smallest ? "<" + smallest.ToString("F" + decimals, CultureInfo.InvariantCulture) : Fixed(p, decimals);
    }

    // The footnote of the cell's mark, without the mark.
    private static string Footnote(DocxTable table, DocxCell cell)
    {
        Assert.NotEqual("", cell.Mark);
        var note = Assert.Single(table.Footnotes, f => f.StartsWith(cell.Mark + " ", StringComparison.Ordinal));
        return note[(cell.Mark.Length + 1)..];
    }

    [Fact]
    public async Task The_demo_DOCX_prints_the_papers_Tables_1_to_3_where_the_demo_reproduces_them()
    {
        var tables = await DocxAsync();
        Assert.Equal(["Table 1. Baseline characteristics", "Table 2. Tumor response", "Table 3. Treatment-related adverse events", "Survival summary"],
            tables.Select(t => t.Title));
        var (t1, t2, t3) = (tables[0], tables[1], tables[2]);
        Assert.Equal(["Characteristic", "RT+PD1 (n = 37)", "TACE+Sorafenib (n = 41)", "p"], t1.Rows[0].Select(c => c.Text));

        // Table 1: every yes/no row's counts, percentages and Fisher p as printed; BCLC C under its variable.
        var labels = _json.GetProperty("baseline").GetProperty("rows").EnumerateArray()
            .ToDictionary(r => r.GetProperty("variable").GetString()!, r => r.GetProperty("label").GetString()!);
        var checkedRows = 0;
        foreach (var expected in PublishedTables.Root.GetProperty("table1_baseline").EnumerateArray())
        {
            if (!expected.TryGetProperty("a", out var a))
            {
                continue;
            }

            var variable = expected.GetProperty("variable").GetString()!;
            var (row, pRow) = variable == "bclc_stage_c"
                ? (t1.Row("C", after: labels["bclc_stage"]), t1.Row(labels["bclc_stage"]))
                : (t1.Row(labels[variable]), t1.Row(labels[variable]));
            Assert.Equal(Percent(a.GetInt32(), 37), row[1].Text);
            Assert.Equal(Percent(expected.GetProperty("b").GetInt32(), 41), row[2].Text);
            Assert.Equal(Printed(expected.GetProperty("p")), pRow[3].Text);
            Assert.Equal("Fisher's exact test.", Footnote(t1, pRow[3]));
            checkedRows++;
        }

        Assert.True(checkedRows >= 18, $"{checkedRows} rows");

        // Table 2: best overall response, ORR and DCR under both criteria (mRECIST SD's printed p is not reproducible).
        foreach (var (key, heading) in new[] { ("recist_1_1", "RECIST 1.1"), ("mrecist", "mRECIST") })
        {
            var expected = PublishedTables.Root.GetProperty("table2_efficacy").GetProperty(key);
            var rows = new List<(string Label, JsonElement Printed)>();
            foreach (var bor in expected.GetProperty("best_overall_response").EnumerateObject())
            {
                rows.Add((bor.Name switch { "CR" => "Complete response (CR)", "PR" => "Partial response (PR)", "SD" => "Stable disease (SD)", _ => "Progressive disease (PD)" }, bor.Value));
            }

            rows.Add(("Objective response (CR + PR)", expected.GetProperty("objective_response")));
            rows.Add(("Disease control (CR + PR + SD)", expected.GetProperty("disease_control")));
            foreach (var (label, printed) in rows)
            {
                var row = t2.Row(label, after: heading);
                Assert.Equal(Percent(printed.GetProperty("a").GetInt32(), 37), row[1].Text);
                Assert.Equal(Percent(printed.GetProperty("b").GetInt32(), 41), row[2].Text);
                if (!(key == "mrecist" && label.StartsWith("Stable", StringComparison.Ordinal)))
                {
                    Assert.Equal(Printed(printed.GetProperty("p")), row[3].Text);
                }
            }
        }

        // Table 3: any grade and grade ≥ 3 per term, and any grade ≥ 3 overall.
        var terms = _json.GetProperty("safety").GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("term").GetString()!).ToList();
        foreach (var expected in PublishedTables.Root.GetProperty("table3_safety_ctcae_5").EnumerateArray())
        {
            if (expected.TryGetProperty("grade3_plus", out var overall))
            {
                var row = t3.Row("Any grade ≥ 3 treatment-related adverse event");
                Assert.Equal([Percent(overall.GetProperty("a").GetInt32(), 37), Percent(overall.GetProperty("b").GetInt32(), 41), Printed(overall.GetProperty("p"))],
                    row.Skip(1).Select(c => c.Text));
                continue;
            }

            var term = terms.Single(t => t.Equals(expected.GetProperty("term").GetString()!.Split(" (")[0], StringComparison.OrdinalIgnoreCase));
            foreach (var (label, key) in new[] { ("Any grade", "any"), ("Grade ≥ 3", "grade3_4") })
            {
                var printed = expected.GetProperty(key);
                Assert.Equal([Percent(printed.GetProperty("a").GetInt32(), 37), Percent(printed.GetProperty("b").GetInt32(), 41), Printed(printed.GetProperty("p"))],
                    t3.Row(label, after: term).Skip(1).Select(c => c.Text));
            }
        }
    }

    [Fact]
    public async Task The_DOCX_cells_are_the_JSON_formatted_with_a_footnote_naming_each_test()
    {
        var tables = await DocxAsync();
        var t1 = tables[0];
        foreach (var row in _json.GetProperty("baseline").GetProperty("rows").EnumerateArray())
        {
            var label = row.GetProperty("label").GetString()!;
            var test = row.GetProperty("test");
            if (row.GetProperty("kind").GetString() == "continuous")
            {
                var presentation = row.GetProperty("presentation").GetString()!;
                var cells = t1.Row($"{label}, {presentation}");
                for (var g = 0; g < 2; g++)
                {
                    var s = row.GetProperty("summaries")[g];
                    var expected = presentation == "mean ± SD"
                        ? $"{Fixed(s.GetProperty("mean").GetDouble(), 2)} ± {Fixed(s.GetProperty("sd").GetDouble(), 2)}"
                        : $"{Fixed(s.GetProperty("median").GetDouble(), 2)} ({Fixed(s.GetProperty("q1").GetDouble(), 2)}–{Fixed(s.GetProperty("q3").GetDouble(), 2)})";
                    Assert.Equal(expected, cells[g + 1].Text);
                }

                Assert.Equal(FormatP(test), cells[3].Text);
                Assert.Equal(presentation == "mean ± SD" ? "Student's t test (pooled variance)." : "Mann–Whitney U test.", Footnote(t1, cells[3]));
            }
        }

        Assert.Contains(t1.Rows, r => r[0].Text.EndsWith(", mean ± SD", StringComparison.Ordinal));
        Assert.Contains(t1.Rows, r => r[0].Text.EndsWith(", median (IQR)", StringComparison.Ordinal));

        // Time to response: median (IQR), Mann–Whitney U.
        var recist = _json.GetProperty("response")[0];
        var ttr = tables[1].Row("Time to response, months, median (IQR)", after: "RECIST 1.1");
        var ttrGroup = recist.GetProperty("timeToResponseMonths").GetProperty("groups")[0];
        Assert.Equal($"{Fixed(ttrGroup.GetProperty("median").GetDouble(), 2)} ({Fixed(ttrGroup.GetProperty("q1").GetDouble(), 2)}–{Fixed(ttrGroup.GetProperty("q3").GetDouble(), 2)})", ttr[1].Text);
        Assert.Equal(FormatP(recist.GetProperty("timeToResponseMonths").GetProperty("test")), ttr[3].Text);
        Assert.Equal("Mann–Whitney U test.", Footnote(tables[1], ttr[3]));

        // Survival summary: medians with CI, the primary test, HR, median follow-up with its reverse-KM log-rank p.
        var survival = tables[3];
        var os = _json.GetProperty("os");
        var heading = "Overall survival";
        var median = survival.Row("Median, months (95% CI)", after: heading);
        var follow = survival.Row("Median follow-up, months (95% CI)", after: heading);
        for (var g = 0; g < 2; g++)
        {
            var m = os.GetProperty("groups")[g].GetProperty("median");
            Assert.Equal($"{Fixed(m.GetProperty("estimate").GetDouble(), 1)} ({Fixed(m.GetProperty("lower").GetDouble(), 1)}–{Fixed(m.GetProperty("upper").GetDouble(), 1)})", median[g + 1].Text);
            var f = os.GetProperty("groups")[g].GetProperty("medianFollowUp");
            Assert.Equal($"{Fixed(f.GetProperty("estimate").GetDouble(), 1)} ({Fixed(f.GetProperty("lower").GetDouble(), 1)}–{Fixed(f.GetProperty("upper").GetDouble(), 1)})", follow[g + 1].Text);
        }

        Assert.Equal(FormatP(os.GetProperty("medianFollowUpTest")), follow[3].Text);
        Assert.Equal("Log-rank test of the reverse Kaplan–Meier curves (median follow-up).", Footnote(survival, follow[3]));
        var events = survival.Row("Events, n (%)", after: heading);
        var primary = os.GetProperty("tests").EnumerateArray().Single(t => t.GetProperty("primary").GetBoolean());
        Assert.Equal(FormatP(primary), events[3].Text);
        Assert.Equal("Gehan–Breslow (generalized Wilcoxon) test.", Footnote(survival, events[3]));
        var hr = os.GetProperty("hazardRatios")[0];
        var hrRow = survival.Row("Hazard ratio (95% CI)", after: heading);
        Assert.Equal($"{Fixed(hr.GetProperty("hazardRatio").GetDouble(), 2)} ({Fixed(hr.GetProperty("lower").GetDouble(), 2)}–{Fixed(hr.GetProperty("upper").GetDouble(), 2)})", hrRow[1].Text);
        Assert.Equal("1 (reference)", hrRow[2].Text);
    }

    [Fact]
    public async Task The_HTML_is_one_printable_page_with_the_same_cells()
    {
        var tables = await DocxAsync();
        var response = await PostAsync("text/html");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Equal("default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'", csp);
        var html = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("src=", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("href=", html, StringComparison.OrdinalIgnoreCase);

        static string Encode(string s) => s.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal).Replace("\"", "&quot;", StringComparison.Ordinal);

        // The HTML's cells, in document order: the text of every <td>/<th>, its <sup> mark kept apart.
        var cells = System.Text.RegularExpressions.Regex.Matches(html, "<t[dh][^>]*>(.*?)</t[dh]>")
            .Where(m => !m.Value.Contains("colspan", StringComparison.Ordinal)).Select(m => m.Groups[1].Value).ToList();
        var expected = tables.SelectMany(t => t.Rows.SelectMany(r => r.Select(c => Encode(c.Text) + (c.Mark.Length > 0 ? $"<sup>{c.Mark}</sup>" : "")))).ToList();
        Assert.Equal(expected, cells);
        foreach (var table in tables)
        {
            Assert.Contains($">{Encode(table.Title)}</caption>", html, StringComparison.Ordinal);
            // A marked footnote reads "a Fisher's exact test." in Word and "<sup>a</sup> Fisher's exact test." in HTML.
            Assert.All(table.Footnotes, note => Assert.Contains(
                note.Length > 2 && note[1] == ' ' ? $"<sup>{note[0]}</sup> {Encode(note[2..])}" : Encode(note), html, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task The_format_options_set_the_decimals()
    {
        var tables = await DocxAsync("?percentDecimals=2&valueDecimals=1&survivalDecimals=2&pDecimals=2");
        var male = _json.GetProperty("baseline").GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("variable").GetString() == "sex_male");
        var row = tables[0].Row(male.GetProperty("label").GetString()!);
        var yes = male.GetProperty("levels").EnumerateArray().Single(l => l.GetProperty("level").GetString() == "Yes").GetProperty("counts")[0];
        Assert.Equal($"{yes.GetProperty("n").GetInt32()} ({Fixed(yes.GetProperty("percent").GetDouble(), 2)})", row[1].Text);
        Assert.Equal(FormatP(male.GetProperty("test"), 2), row[3].Text);

        var age = _json.GetProperty("baseline").GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("variable").GetString() == "age_years");
        var s = age.GetProperty("summaries")[0];
        Assert.Equal($"{Fixed(s.GetProperty("mean").GetDouble(), 1)} ± {Fixed(s.GetProperty("sd").GetDouble(), 1)}", tables[0].Row(age.GetProperty("label").GetString() + ", mean ± SD")[1].Text);

        var m = _json.GetProperty("os").GetProperty("groups")[0].GetProperty("median");
        Assert.Equal($"{Fixed(m.GetProperty("estimate").GetDouble(), 2)} ({Fixed(m.GetProperty("lower").GetDouble(), 2)}–{Fixed(m.GetProperty("upper").GetDouble(), 2)})",
            tables[3].Row("Median, months (95% CI)", after: "Overall survival")[1].Text);
        // A p below 0.01 prints as "<0.01" with two decimals.
        Assert.Contains(tables[2].Rows, r => r[3].Text == "<0.01");
    }

    [Theory]
    [InlineData("?pDecimals=9", "pDecimals")]
    [InlineData("?percentDecimals=-1", "percentDecimals")]
    [InlineData("?valueDecimals=5", "valueDecimals")]
    [InlineData("?survivalDecimals=x", "survivalDecimals")]
    public async Task A_bad_format_option_is_400_naming_the_parameter(string query, string field)
    {
        var response = await PostAsync(Docx, query);
        await response.AssertFieldErrorAsync(field);
    }
}
