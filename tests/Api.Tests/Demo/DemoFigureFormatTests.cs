using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using HccOutcomes.Api.Tests.Figures;
using HccOutcomes.Api.Tests.Infrastructure;
using HccOutcomes.Demo;
using Microsoft.Extensions.DependencyInjection;

namespace HccOutcomes.Api.Tests.Demo;

/// <summary>
/// The figures of the demo cohort through the API in SVG, PNG and PDF (by <c>Accept</c> or <c>?format=</c>), the
/// style options and their validation.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class DemoFigureFormatTests(ApiFactory factory) : IAsyncLifetime
{
    private readonly HttpClient _client = factory.CreateClient();

    public async Task InitializeAsync()
    {
        using var scope = factory.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<DemoCohortLoader>().EnsureLoadedAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static JsonObject Body(JsonObject? style = null, bool adjusted = false)
    {
        var body = new JsonObject
        {
            ["cohortId"] = DemoCohort.CohortId.ToString(),
            ["groups"] = new JsonArray(
                new JsonObject { ["name"] = "RT+PD1", ["filter"] = new JsonObject { ["arm"] = "RT+PD1" } },
                new JsonObject { ["name"] = "TACE+Sorafenib", ["filter"] = new JsonObject { ["arm"] = "TACE+Sorafenib" } }),
            ["reference"] = "TACE+Sorafenib",
            ["medianConvention"] = "spss",
            ["primarySurvivalTest"] = "gehanBreslow",
            ["subgroups"] = new JsonArray("age>=53", "hbv", "bclc"),
        };
        if (adjusted)
        {
            body["adjustment"] = new JsonObject { ["method"] = "iptw", ["covariates"] = new JsonArray("age", "bclc", "hbv") };
        }

        if (style is not null)
        {
            body["style"] = style;
        }

        return body;
    }

    private async Task<HttpResponseMessage> PostAsync(string path, JsonObject body, string? accept = null)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, "/api/v1/analyses/compare/figures/" + path) { Content = JsonContent.Create(body) };
        if (accept is not null)
        {
            message.Headers.TryAddWithoutValidation("Accept", accept);
        }

        return await _client.SendAsync(message);
    }

    public static TheoryData<string> Paths() => ["kaplan-meier?endpoint=pfs&criteria=mrecist", "forest?endpoint=os", "waterfall", "love-plot"];

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task Every_figure_comes_as_svg_png_and_pdf_of_the_same_size(string path)
    {
        var body = Body(adjusted: path == "love-plot");
        var svgResponse = await PostAsync(path, body);
        var svg = await svgResponse.Content.ReadAsStringAsync();
        Assert.True(svgResponse.StatusCode == HttpStatusCode.OK, svg);
        Assert.Equal("image/svg+xml", svgResponse.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Accept", svgResponse.Headers.Vary);
        var (width, height) = FigureFiles.SvgSize(svg);

        var png = await PostAsync(path, body, "image/png");
        Assert.Equal(HttpStatusCode.OK, png.StatusCode);
        Assert.Equal("image/png", png.Content.Headers.ContentType?.MediaType);
        var pngBytes = await png.Content.ReadAsByteArrayAsync();
        var image = FigureFiles.Png(pngBytes);
        Assert.Equal((int)Math.Round(width * 300 / 96), image.Width);
        Assert.Equal((int)Math.Round(height * 300 / 96), image.Height);
        Assert.Equal(300, image.Dpi!.Value, 0.05);

        // ?format= for links wins over Accept, and dpi sets the resolution.
        var linked = await PostAsync(path + (path.Contains('?') ? "&" : "?") + "format=png&dpi=600", body, "application/pdf");
        Assert.Equal("image/png", linked.Content.Headers.ContentType?.MediaType);
        var hires = FigureFiles.Png(await linked.Content.ReadAsByteArrayAsync());
        Assert.Equal((int)Math.Round(width * 600 / 96), hires.Width);
        Assert.Equal(600, hires.Dpi!.Value, 0.05);

        var pdf = await PostAsync(path, body, "application/pdf");
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
        var pdfBytes = await pdf.Content.ReadAsByteArrayAsync();
        var page = Assert.Single(FigureFiles.PdfPages(pdfBytes));
        Assert.Equal(width * 0.75, page.Width, 0.01);
        Assert.Equal(height * 0.75, page.Height, 0.01);

        // Byte-stable across requests.
        Assert.Equal(pngBytes, await (await PostAsync(path, body, "image/png")).Content.ReadAsByteArrayAsync());
        Assert.Equal(pdfBytes, await (await PostAsync(path, body, "application/pdf")).Content.ReadAsByteArrayAsync());
        await Save(path, "png", pngBytes);
    }

    [Theory]
    [InlineData("image/tiff", null)]
    [InlineData("application/postscript", null)]
    [InlineData(null, "eps")]
    public async Task An_unsupported_format_is_406_listing_the_supported_types(string? accept, string? format)
    {
        var response = await PostAsync("kaplan-meier" + (format is null ? string.Empty : "?format=" + format), Body(), accept);
        var problem = await response.AssertProblemAsync(HttpStatusCode.NotAcceptable);
        Assert.Equal(["image/svg+xml", "image/png", "application/pdf"],
            problem.GetProperty("supported").EnumerateArray().Select(e => e.GetString()!).ToArray());
    }

    [Fact]
    public async Task Style_sets_title_unit_axis_breaks_and_elements_of_the_kaplan_meier()
    {
        var svg = await SvgAsync("kaplan-meier?endpoint=pfs", Body(new JsonObject
        {
            ["title"] = "Figure 2A. PFS by arm",
            ["timeUnit"] = "weeks",
            ["xMax"] = 52,
            ["xBreaks"] = new JsonArray(0, 13, 26, 39, 52),
            ["showCi"] = true,
            ["showCensorTicks"] = false,
            ["annotation"] = "hr",
        }));
        Assert.Equal(["Figure 2A. PFS by arm"], Texts(svg, "title"));
        Assert.Equal(["0", "13", "26", "39", "52"], Texts(svg, "x-tick"));
        Assert.Contains("Time since on-study (weeks)", Texts(svg, "x-label"));
        Assert.Equal(2 * 5, Texts(svg, "risk-count").Count);
        Assert.Empty(WithClass(svg, "censor"));
        Assert.Equal(2, WithClass(svg, "km-band").Count());
        Assert.All(Texts(svg, "median-label"), l => Assert.EndsWith(" wk", l, StringComparison.Ordinal));
        var annotation = string.Join(" ", Texts(svg, "annotation"));
        Assert.Contains("HR ", annotation, StringComparison.Ordinal);
        Assert.DoesNotContain("Breslow", annotation, StringComparison.Ordinal);

        var none = await SvgAsync("kaplan-meier?endpoint=pfs", Body(new JsonObject { ["annotation"] = "none", ["showRiskTable"] = false, ["title"] = "" }));
        Assert.Empty(Texts(none, "annotation"));
        Assert.Empty(Texts(none, "risk-count"));
        Assert.Empty(Texts(none, "title"));
    }

    [Fact]
    public async Task By_default_the_risk_table_reaches_the_end_of_the_time_axis()
    {
        foreach (var path in new[] { "kaplan-meier?endpoint=pfs&criteria=recist11", "kaplan-meier?endpoint=os" })
        {
            var svg = await SvgAsync(path, Body());
            var ticks = WithClass(svg, "x-tick").Select(X).ToList();
            var columns = WithClass(svg, "risk-count").Select(X).Distinct().Order().ToList();
            Assert.Equal(ticks, columns);
            var axis = svg.Descendants().Single(e => (string?)e.Parent?.Attribute("class") == "axes" && e.Name.LocalName == "line"
                && e.Attribute("y1")!.Value == e.Attribute("y2")!.Value && double.Parse(e.Attribute("x2")!.Value, CultureInfo.InvariantCulture) - double.Parse(e.Attribute("x1")!.Value, CultureInfo.InvariantCulture) > 100);
            Assert.Equal(double.Parse(axis.Attribute("x2")!.Value, CultureInfo.InvariantCulture), columns[^1], 2);
        }
    }

    [Fact]
    public async Task Grey_palette_and_explicit_colours_reach_the_drawing()
    {
        var grey = (await SvgAsync("waterfall", Body(new JsonObject { ["palette"] = "grey" }))).ToString().ToLowerInvariant();
        Assert.DoesNotContain(new[] { "#0072b2", "#d55e00", "#009e73", "#56b4e9", "#e69f00", "#cc79a7" }, c => grey.Contains(c, StringComparison.Ordinal));

        var coloured = await SvgAsync("kaplan-meier", Body(new JsonObject { ["colours"] = new JsonObject { ["RT+PD1"] = "#112233", ["TACE+Sorafenib"] = "#445566" } }));
        Assert.Equal(["#112233", "#445566"], WithClass(coloured, "km-curve").Select(c => (string)c.Attribute("stroke")!));

        var sized = await SvgAsync("waterfall", Body(new JsonObject { ["width"] = 672, ["height"] = 420, ["fontSize"] = 10 }));
        Assert.Equal(("672", "420"), (sized.Root!.Attribute("width")!.Value, sized.Root.Attribute("height")!.Value));
    }

    [Theory]
    [InlineData("{\"width\": 100}", "style.width")]
    [InlineData("{\"height\": 5000}", "style.height")]
    [InlineData("{\"fontSize\": 40}", "style.fontSize")]
    [InlineData("{\"xMax\": -1}", "style.xMax")]
    [InlineData("{\"xBreaks\": [0, 12, 6]}", "style.xBreaks[2]")]
    [InlineData("{\"xMax\": 12, \"xBreaks\": [0, 6, 24]}", "style.xBreaks[2]")]
    [InlineData("{\"colours\": {\"RT+PD1\": \"red\"}}", "style.colours.RT+PD1")]
    [InlineData("{\"colours\": {\"Nobody\": \"#000000\"}}", "style.colours.Nobody")]
    [InlineData("{\"title\": \"" + "a" + "\"}", null)]
    public async Task Bad_style_options_are_400_naming_the_field(string style, string? field)
    {
        var response = await PostAsync("kaplan-meier", Body(JsonNode.Parse(style)!.AsObject()));
        if (field is null)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return;
        }

        await response.AssertFieldErrorAsync(field);
    }

    [Theory]
    [InlineData("{\"palette\": \"sepia\"}")]
    [InlineData("{\"timeUnit\": \"fortnights\"}")]
    [InlineData("{\"annotation\": \"everything\"}")]
    [InlineData("{\"showCi\": \"yes\"}")]
    public async Task Unknown_style_values_are_400_naming_the_field(string style)
    {
        var response = await PostAsync("kaplan-meier", Body(JsonNode.Parse(style)!.AsObject()));
        var json = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        var key = "style." + JsonNode.Parse(style)!.AsObject().Single().Key;
        Assert.Contains(json.GetProperty("errors").EnumerateObject(), e => e.Name.Contains(key, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("kaplan-meier?format=png&dpi=50")]
    [InlineData("kaplan-meier?format=png&dpi=1200")]
    public async Task A_dpi_out_of_range_is_400_naming_dpi(string path)
        => await (await PostAsync(path, Body())).AssertFieldErrorAsync("dpi");

    [Fact]
    public async Task Style_is_not_part_of_the_compare_request()
        => Assert.Equal(HttpStatusCode.BadRequest, (await _client.PostAsJsonAsync("/api/v1/analyses/compare", Body(new JsonObject { ["title"] = "x" }))).StatusCode);

    private async Task<XDocument> SvgAsync(string path, JsonObject body)
    {
        var response = await PostAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return XDocument.Parse(text);
    }

    private static IEnumerable<XElement> WithClass(XDocument doc, string cls)
        => doc.Descendants().Where(e => (e.Attribute("class")?.Value ?? string.Empty).Split(' ').Contains(cls));

    private static List<string> Texts(XDocument doc, string cls) => [.. WithClass(doc, cls).Select(e => e.Value)];

    private static double X(XElement e) => double.Parse(e.Attribute("x")!.Value, CultureInfo.InvariantCulture);

    private static async Task Save(string path, string extension, byte[] bytes)
    {
        var directory = Environment.GetEnvironmentVariable("FIGURE_SAMPLES_DIR");
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
            await File.WriteAllBytesAsync(Path.Combine(directory, "demo-" + path.Split('?')[0] + "." + extension), bytes);
        }
    }
}
