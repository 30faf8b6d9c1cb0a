using System.Net;
using System.Text.Json;
using HccOutcomes.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace HccOutcomes.Api.Tests.Platform;

[Collection(ApiCollection.Name)]
public sealed class PlatformTests(ApiFactory factory)
{
    [Fact]
    public async Task Health_live_and_ready_answer_200_with_database()
    {
        var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
    }

    [Fact]
    public async Task Unknown_route_is_404_problem()
    {
        var response = await factory.CreateClient().GetAsync("/api/v1/nothing-here");
        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Migrations_created_the_schema()
    {
        Assert.True(await factory.CountAsync("SELECT count(*) FROM __ef_migrations_history") >= 1);
    }

    [Fact]
    public async Task Swagger_ui_is_served()
    {
        var response = await factory.CreateClient().GetAsync("/swagger/index.html");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}

/// <summary>The OpenAPI document must build with no database at all.</summary>
public sealed class OpenApiWithoutDatabaseTests
{
    [Fact]
    public async Task Swagger_json_builds_without_database_and_documents_endpoints()
    {
        await using var app = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("ConnectionStrings:Default", "Host=127.0.0.1;Port=1;Database=none;Timeout=1");
            b.UseSetting("Database:ApplyMigrations", "false");
            b.UseSetting("Demo:LoadOnStart", "false");
        });
        var client = app.CreateClient();

        var response = await client.GetAsync("/swagger/v1/swagger.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var paths = doc.RootElement.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/v1/cohorts", out var cohorts));
        Assert.False(string.IsNullOrWhiteSpace(cohorts.GetProperty("post").GetProperty("summary").GetString()));

        // Readiness reports the missing database as 503, liveness stays 200.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/health/ready")).StatusCode);
    }
}
