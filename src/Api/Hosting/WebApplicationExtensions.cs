using HccOutcomes.Api.Errors;
using HccOutcomes.Infrastructure.Persistence;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;

namespace HccOutcomes.Api.Hosting;

/// <summary>The <c>UseXxx()</c>/<c>MapXxx()</c> calls that Program.cs reads as a list.</summary>
internal static class WebApplicationExtensions
{
    public static WebApplication UseApiErrorHandling(this WebApplication app)
    {
        app.UseExceptionHandler();
        // An error status without a body (404 of an unknown route, 405, 415) gets a problem, whatever the Accept.
        app.UseStatusCodePages(context => ProblemResponses.WriteStatusAsync(context.HttpContext).AsTask());
        return app;
    }

    public static WebApplication UseRequestBodyLimit(this WebApplication app)
    {
        app.UseMiddleware<RequestBodyLimitMiddleware>();
        return app;
    }

    /// <summary>
    /// Keeps a JSON body of up to <see cref="ReplayableJsonBytes"/> readable again (in memory), so that when the serializer
    /// stops at its first wrong value the body can be walked for all of them (<see cref="Validation.JsonTypeErrors"/>).
    /// Larger bodies (batch imports) are read once, as a stream, and report the first.
    /// </summary>
    public static WebApplication UseJsonBodyReplay(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            var request = context.Request;
            if (request.ContentLength is > 0 and <= ReplayableJsonBytes && request.HasJsonContentType())
            {
                // Read here, asynchronously: the model-state factory that walks it again runs synchronously.
                var body = new MemoryStream((int)request.ContentLength.Value);
                await request.Body.CopyToAsync(body, context.RequestAborted);
                body.Position = 0;
                request.Body = body;
            }

            await next(context);
        });
        return app;
    }

    /// <summary>The largest JSON body whose type errors are all reported (1 MiB).</summary>
    public const int ReplayableJsonBytes = 1 << 20;

    /// <summary>
    /// <c>/health/live</c> and <c>/health/ready</c>, answered before authentication: probes carry no token, and must
    /// answer while the database (which also holds the token signing key) is down.
    /// </summary>
    public static WebApplication UseApiHealthChecks(this WebApplication app)
    {
        app.UseHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.UseHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
        return app;
    }

    /// <summary>
    /// Applies pending EF migrations when <c>Database:ApplyMigrations</c> is true (set by <c>./hcc run</c>,
    /// docker-compose and the tests). Off by default so the app, and its OpenAPI document, start without a database.
    /// </summary>
    public static async Task ApplyMigrationsIfConfiguredAsync(this WebApplication app)
    {
        if (!app.Configuration.GetValue<bool>("Database:ApplyMigrations"))
        {
            return;
        }

        var owner = app.Configuration.GetConnectionString("Migrations") ?? app.Configuration.GetConnectionString("Default")
            ?? throw new InvalidOperationException("Database:ApplyMigrations is set but there is no connection string.");
        await HccDbContext.MigrateAsync(owner);
    }
}
