using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Net.Http.Headers;

namespace HccOutcomes.Api.Hosting;

/// <summary>
/// Conditional GET (RFC 9110 §13.1.2): a GET whose answer carries an <c>ETag</c> that the request's
/// <c>If-None-Match</c> names is answered 304 Not Modified without a body, so a client polling a patient, a cohort or
/// an outcome table re-reads only what changed.
/// </summary>
internal sealed class ConditionalGetFilter : IAsyncResultFilter
{
    public async Task OnResultExecutionAsync(ResultExecutingContext context, ResultExecutionDelegate next)
    {
        var http = context.HttpContext;
        if (HttpMethods.IsGet(http.Request.Method) &&
            http.Response.StatusCode is StatusCodes.Status200OK &&
            context.Result is ObjectResult { StatusCode: null or StatusCodes.Status200OK } or EmptyResult &&
            http.Response.Headers.ETag.ToString() is { Length: > 0 } etag &&
            IfNoneMatchNames(http.Request, EntityTagHeaderValue.Parse(etag)))
        {
            context.Result = new StatusCodeResult(StatusCodes.Status304NotModified);
        }

        await next();
    }

    /// <summary>True when the request's <c>If-None-Match</c> names <paramref name="current"/> (weak comparison, as
    /// RFC 9110 asks for this header) or is <c>*</c>.</summary>
    public static bool IfNoneMatchNames(HttpRequest request, EntityTagHeaderValue current) =>
        request.GetTypedHeaders().IfNoneMatch.Any(t => t == EntityTagHeaderValue.Any || t.Compare(current, useStrongComparison: false));
}
