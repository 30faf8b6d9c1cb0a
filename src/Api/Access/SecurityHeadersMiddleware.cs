namespace HccOutcomes.Api.Access;

/// <summary>
/// Headers every response carries: no MIME sniffing, no caching of API responses (they hold patient data and
/// outcomes), no framing, and a content security policy for Swagger UI.
/// </summary>
public sealed class SecurityHeadersMiddleware(RequestDelegate next)
{
    private const string SwaggerUiPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; " +
        "frame-ancestors 'none'; form-action 'self'; base-uri 'self'";

    /// <summary>Sets the headers before the response starts.</summary>
    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            var path = context.Request.Path;
            if (path.StartsWithSegments("/api") || path.StartsWithSegments("/connect"))
            {
                headers.CacheControl = "no-store";
                // The manuscript tables (HTML) carry their styles inline; nothing else may load or run.
                headers.ContentSecurityPolicy = context.Response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true
                    ? "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'"
                    : "default-src 'none'; frame-ancestors 'none'";
            }
            else if (path.StartsWithSegments("/swagger"))
            {
                headers.ContentSecurityPolicy = SwaggerUiPolicy;
            }

            return Task.CompletedTask;
        });
        return next(context);
    }
}
