namespace HccOutcomes.Api.Errors;

/// <summary>Writes a ProblemDetails body whatever the request's <c>Accept</c> header says.</summary>
internal static class ProblemResponses
{
    /// <summary>
    /// Writes <paramref name="context"/>'s problem as <c>application/problem+json</c>. A client that asked only for
    /// another type (<c>Accept: text/csv</c> for a CSV export, <c>image/svg+xml</c> for a figure) still gets the
    /// reason for its 4xx: the problem writer declines such a request, which left the error with an empty body and
    /// the exception logged as unhandled. RFC 9110 lets an error response use a type the client did not ask for.
    /// </summary>
    public static async ValueTask<bool> WriteAsync(IProblemDetailsService problems, ProblemDetailsContext context)
    {
        if (await problems.TryWriteAsync(context))
        {
            return true;
        }

        context.HttpContext.Request.Headers.Accept = "application/problem+json";
        return await problems.TryWriteAsync(context);
    }

    /// <summary>Writes a problem for the response's status alone (no detail): a bodiless error status as ProblemDetails.</summary>
    public static ValueTask<bool> WriteStatusAsync(HttpContext http) => WriteAsync(
        http.RequestServices.GetRequiredService<IProblemDetailsService>(),
        new ProblemDetailsContext { HttpContext = http, ProblemDetails = { Status = http.Response.StatusCode } });
}
