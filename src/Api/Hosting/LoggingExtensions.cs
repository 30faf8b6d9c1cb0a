using Microsoft.AspNetCore.Routing;
using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace HccOutcomes.Api.Hosting;

/// <summary>
/// Serilog: structured console logs and one line per request with the route <em>template</em>,
/// status and elapsed time. Never the path (it holds patient identifiers), query, headers or body.
/// Sinks registered in DI are added too (the tests capture the log that way).
/// </summary>
public static class LoggingExtensions
{
    /// <summary>The API's Serilog console logger, its levels and enrichers; sinks registered in DI are added.</summary>
    public static WebApplicationBuilder AddApiLogging(this WebApplicationBuilder builder)
    {
        // preserveStaticLogger: each host logs through its own logger (Serilog's static one is otherwise replaced by
        // whichever host a process built last, as the tests do).
        builder.Services.AddSerilog(preserveStaticLogger: true, configureLogger: (services, configuration) => configuration
            .ReadFrom.Configuration(builder.Configuration)
            .ReadFrom.Services(services)
            .MinimumLevel.Override("Microsoft.AspNetCore", LogEventLevel.Warning)
            // EF's own error lines repeat what the exception handler logs (once per outage for an unreachable database).
            .MinimumLevel.Override("Microsoft.EntityFrameworkCore", LogEventLevel.Fatal)
            // OpenIddict logs each token request's parameters (client IDs) at Information.
            .MinimumLevel.Override("OpenIddict", LogEventLevel.Warning)
            .Enrich.FromLogContext()
            .Enrich.With<WithoutRequestPath>()
            // The console is written by one background thread: request threads that each wrote their line under the
            // console's lock queued behind one another at a few hundred requests a second. When its queue is full a
            // request waits rather than a line being dropped; the queue is flushed when the host stops.
            .WriteTo.Async(
                sink => sink.Console(outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}"),
                blockWhenFull: true));
        return builder;
    }

    /// <summary>
    /// The request log. Outermost in the pipeline, so that each line has the status the client got: inside it the
    /// exception handler has already turned a rejection into its 400/404/409/412/413 and a client that went away into
    /// 499 (had the exceptions reached Serilog first, every one would be logged as "responded 500" with its stack trace
    /// and message, which can quote the request). The route template is noted as soon as routing has matched, because
    /// the exception handler clears the endpoint before it writes the problem.
    /// </summary>
    public static WebApplication UseApiRequestLogging(this WebApplication app)
    {
        app.UseSerilogRequestLogging(options =>
        {
            // This host's logger (see AddApiLogging).
            options.Logger = app.Services.GetRequiredService<Serilog.ILogger>();
            options.MessageTemplate = "HTTP {RequestMethod} {RouteTemplate} responded {StatusCode} in {Elapsed:0.0} ms";
            // A 503 is the database's outage, logged at Error once per outage by the exception handler: its requests are
            // warnings, not one error each.
            options.GetLevel = (http, _, exception) =>
                exception is not null ? LogEventLevel.Error
                : http.Response.StatusCode == StatusCodes.Status503ServiceUnavailable ? LogEventLevel.Warning
                : http.Response.StatusCode >= 500 ? LogEventLevel.Error
                : LogEventLevel.Information;
        });
        var diagnostics = app.Services.GetRequiredService<IDiagnosticContext>();
        app.Use((http, next) =>
        {
            diagnostics.Set("RouteTemplate", (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "(unmatched)");
            return next(http);
        });
        return app;
    }

    /// <summary>
    /// Drops the <c>RequestPath</c> property that Serilog's request logging and ASP.NET Core's request scope attach to
    /// events: a path names the patient (<c>/patients/{externalId}</c>). The console template does not print it, but a
    /// structured sink configured under <c>Serilog:WriteTo</c> would store it. The route template says what was called.
    /// </summary>
    private sealed class WithoutRequestPath : ILogEventEnricher
    {
        public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory) => logEvent.RemovePropertyIfPresent("RequestPath");
    }
}
