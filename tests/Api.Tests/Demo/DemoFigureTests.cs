using System.Net;
using System.Net.Http.Json;
using System.Xml.Linq;
using HccOutcomes.Api.Tests.Infrastructure;
using HccOutcomes.Demo;
using Microsoft.Extensions.DependencyInjection;

namespace HccOutcomes.Api.Tests.Demo;

/// <summary>The three figures of /analyses/compare/figures render from the demo cohort as well-formed SVG.</summary>
[Collection(ApiCollection.Name)]
public sealed class DemoFigureTests(ApiFactory factory) : IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        using var scope = factory.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<DemoCohortLoader>().EnsureLoadedAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static object Body() => new
    {
        cohortId = DemoCohort.CohortId,
        groups = new[]
        {
            new { name = "RT+PD1", filter = new { arm = "RT+PD1" } },
            new { name = "TACE+Sorafenib", filter = new { arm = "TACE+Sorafenib" } },
        },
        reference = "TACE+Sorafenib",
        medianConvention = "spss",
        primarySurvivalTest = "gehanBreslow",
        subgroups = new[] { "age>=53", "hbv", "bclc", "macrovascularInvasion" },
    };

    [Theory]
    [InlineData("kaplan-meier?endpoint=pfs&criteria=mrecist&bands=true", "No. at risk")]
    [InlineData("kaplan-meier?endpoint=os", "Overall survival")]
    [InlineData("forest?endpoint=pfs", "Favours")]
    [InlineData("waterfall?criteria=recist11", "RECIST 1.1")]
    public async Task Figure_renders_as_svg(string path, string expectedText)
    {
        var response = await factory.CreateClient().PostAsJsonAsync($"/api/v1/analyses/compare/figures/{path}", Body());
        var svg = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, svg);
        Assert.Equal("image/svg+xml", response.Content.Headers.ContentType?.MediaType);
        var document = XDocument.Parse(svg);
        Assert.Equal("svg", document.Root!.Name.LocalName);
        Assert.Contains(expectedText, string.Concat(document.Descendants().Select(e => e.Value)), StringComparison.Ordinal);
        Assert.Contains("RT+PD1", svg, StringComparison.Ordinal);
        var directory = Environment.GetEnvironmentVariable("FIGURE_SAMPLES_DIR");
        if (!string.IsNullOrEmpty(directory))
        {
            await File.WriteAllTextAsync(Path.Combine(directory, "demo-" + path.Split('?')[0] + "-" + Math.Abs(path.GetHashCode(StringComparison.Ordinal)) + ".svg"), svg);
        }
    }

    [Fact]
    public async Task Unknown_figure_is_400()
    {
        var response = await factory.CreateClient().PostAsJsonAsync("/api/v1/analyses/compare/figures/pie", Body());
        await response.AssertFieldErrorAsync("figure");
    }
}
