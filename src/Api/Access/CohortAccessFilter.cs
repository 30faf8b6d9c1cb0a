using HccOutcomes.Api.Errors;
using HccOutcomes.Infrastructure.Access;
using Microsoft.AspNetCore.Mvc.Filters;

namespace HccOutcomes.Api.Access;

/// <summary>
/// A cohort in the route (<c>{cohortId}</c>) that the client is not granted answers 404, the same answer as for a
/// cohort that does not exist, so a client cannot learn which cohorts exist. Runs on every action, so a new endpoint
/// under a cohort cannot forget it.
/// </summary>
public sealed class CohortAccessFilter(IActorAccessor actors) : IAsyncAuthorizationFilter
{
    /// <inheritdoc />
    public Task OnAuthorizationAsync(AuthorizationFilterContext context)
    {
        if (context.RouteData.Values.TryGetValue("cohortId", out var value) &&
            Guid.TryParse(value?.ToString(), out var cohortId) &&
            context.HttpContext.User.Identity?.IsAuthenticated == true &&
            !actors.Current.MayAccess(cohortId))
        {
            throw new NotFoundException($"Cohort {cohortId} does not exist.");
        }

        return Task.CompletedTask;
    }
}
