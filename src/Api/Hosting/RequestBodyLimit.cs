using HccOutcomes.Api.Errors;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;

namespace HccOutcomes.Api.Hosting;

/// <summary>Configuration section <c>RequestBodyLimit</c>.</summary>
internal sealed class RequestBodyLimitOptions
{
    public const string Section = "RequestBodyLimit";

    /// <summary>Default maximum request body in bytes (endpoints may raise it with <c>[RequestSizeLimit]</c>).</summary>
    public long DefaultBytes { get; set; } = 16 * 1024 * 1024;
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
        var limit = context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize
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
