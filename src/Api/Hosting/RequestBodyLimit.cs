using HccOutcomes.Api.Errors;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace HccOutcomes.Api.Hosting;

/// <summary>Configuration section <c>RequestBodyLimit</c>.</summary>
internal sealed class RequestBodyLimitOptions
{
    public const string Section = "RequestBodyLimit";

    /// <summary>Default maximum request body in bytes (endpoints may raise it with <c>[BodyLimit]</c>).</summary>
    public long DefaultBytes { get; set; } = 16 * 1024 * 1024;
}

/// <summary>
/// The largest request body an action takes, in bytes, applied by <see cref="RequestBodyLimitMiddleware"/> before
/// anything reads the body. Not ASP.NET Core's <c>[RequestSizeLimit]</c>: routing and MVC would try to apply that again
/// after <c>UseJsonBodyReplay</c> has read a small JSON body, and log a warning on each such request.
/// </summary>
/// <param name="bytes">The limit.</param>
[AttributeUsage(AttributeTargets.Method)]
public sealed class BodyLimitAttribute(long bytes) : Attribute
{
    /// <summary>The limit in bytes.</summary>
    public long Bytes { get; } = bytes;
}

/// <summary>
/// Answers 413 ProblemDetails before reading a body that is declared too large, and caps the
/// server's read for chunked bodies (Kestrel then throws a 413 <see cref="BadHttpRequestException"/>,
/// which the exception handler maps). Works the same under Kestrel and the test server.
/// </summary>
internal sealed class RequestBodyLimitMiddleware(RequestDelegate next, IOptions<RequestBodyLimitOptions> options)
{
    public Task InvokeAsync(HttpContext context)
    {
        var limit = context.GetEndpoint()?.Metadata.GetMetadata<BodyLimitAttribute>()?.Bytes
            ?? options.Value.DefaultBytes;

        if (context.Request.ContentLength is { } length && length > limit)
        {
            throw new BadHttpRequestException(
                $"Request body of {length} bytes exceeds the limit of {limit} bytes.",
                StatusCodes.Status413PayloadTooLarge);
        }

        var feature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (feature is { IsReadOnly: false })
        {
            feature.MaxRequestBodySize = limit;
        }

        return next(context);
    }
}
