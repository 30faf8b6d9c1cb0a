using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Infrastructure;

namespace HccOutcomes.Api.Errors;

/// <summary>
/// MVC's bodiless client errors (a <c>[Consumes]</c> 415, <c>NotFound()</c>) written as <c>application/problem+json</c>
/// by the one problem writer. MVC's own factory returns an object result, which an action's <c>[Produces]</c> re-types
/// as <c>application/json</c>.
/// </summary>
internal sealed class ProblemClientErrorFactory : IClientErrorFactory
{
    public IActionResult GetClientError(ActionContext actionContext, IClientErrorActionResult clientError) =>
        new ProblemResult(clientError.StatusCode ?? StatusCodes.Status400BadRequest);

    private sealed class ProblemResult(int status) : IActionResult
    {
        public async Task ExecuteResultAsync(ActionContext context)
        {
            context.HttpContext.Response.StatusCode = status;
            await ProblemResponses.WriteStatusAsync(context.HttpContext);
        }
    }
}
