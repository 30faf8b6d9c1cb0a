using System.Net;
using System.Text.Json;
using HccOutcomes.Api.Tests.Infrastructure;
using HccOutcomes.Infrastructure.Persistence;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

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
    public async Task Migrations_match_the_model_and_set_the_storage_of_the_registry_tables()
    {
        using (var scope = factory.Services.CreateScope())
        {
            Assert.False(scope.ServiceProvider.GetRequiredService<HccDbContext>().Database.HasPendingModelChanges());
        }

        // Patients, their records and their derived outcomes are updated in place on a replace (room for HOT updates) ...
        Assert.Equal(9, await factory.CountAsync(
            "SELECT count(*) FROM pg_class WHERE relname = ANY(@t) AND 'fillfactor=80' = ANY(reloptions)",
            ("t", new[] { "patients", "radiotherapy_courses", "tace_sessions", "sorafenib_courses", "anti_pd1_cycles", "tumor_assessments", "adverse_events", "follow_ups", "patient_outcomes" })));
        // ... the two wide rows every patient write adds (derived outcomes, audit entry) are kept in their page ...
        Assert.Equal("audit_entries patient_outcomes", await factory.ScalarAsync<string>(
            "SELECT string_agg(relname, ' ' ORDER BY relname) FROM pg_class WHERE 'toast_tuple_target=8160' = ANY(reloptions)"));
        // ... the record lists and the audit trail's documents are stored as json text (nothing queries into them), the
        // derived safety terms as jsonb (jsonb_to_recordset reads them); the long ones compressed with lz4. A cohort's REDCap
        // mapping document is read whole, so json as well.
        Assert.Equal(
            "adverse_events.suspected_treatments json, audit_entries.after json lz4, audit_entries.before json lz4, follow_ups.subsequent_therapies json, patient_outcomes.safety_terms jsonb lz4, " +
            "radiotherapy_courses.fractions json, redcap_mappings.document json, sorafenib_courses.dose_changes json, tumor_assessments.lesions json",
            await factory.ScalarAsync<string>(
                """
                SELECT string_agg(attrelid::regclass || '.' || attname || ' ' || format_type(atttypid, NULL)
                                  || CASE attcompression WHEN 'l' THEN ' lz4' WHEN 'p' THEN ' pglz' ELSE '' END,
                                  ', ' ORDER BY attrelid::regclass::text, attname)
                FROM pg_attribute
                WHERE attnum > 0 AND NOT attisdropped AND atttypid IN ('json'::regtype, 'jsonb'::regtype)
                  AND attrelid IN (SELECT oid FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'r')
                """));
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
