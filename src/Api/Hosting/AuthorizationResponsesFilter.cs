using HccOutcomes.Api.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace HccOutcomes.Api.Hosting;

/// <summary>
/// Marks every operation behind a policy as needing the OAuth 2.0 token (so Swagger UI's Authorize button applies),
/// and documents the answers the access rules add: 401 and 403 (token, role), 429 (rate limit), and on writes 423
/// (locked cohort) and 428 (no <c>If-Match</c>).
/// </summary>
internal sealed class AuthorizationResponsesFilter : IOperationFilter
{
    public const string Scheme = "oauth2";

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var metadata = context.ApiDescription.ActionDescriptor.EndpointMetadata;
        var policies = metadata.OfType<IAuthorizeData>().Select(a => a.Policy).Where(p => p is not null).ToHashSet();
        if (policies.Count == 0 || metadata.OfType<IAllowAnonymous>().Any())
        {
            return;
        }

        operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Scheme, context.Document)] = [] }];
        var method = context.ApiDescription.HttpMethod ?? string.Empty;
        Add("401", "No token, or the token is expired or not valid.");
        Add("403", "The client's role may not do this.");
        Add("429", "The client exceeded its rate limit; retry after the Retry-After seconds.");
        var changesCohortData = policies.Contains(Policies.WriteRecords) ||
                                (policies.Contains(Policies.ManageData) && method == "POST" && context.ApiDescription.RelativePath!.EndsWith("recompute", StringComparison.Ordinal)) ||
                                (policies.Contains(Policies.ManageCohorts) && method == "DELETE");
        if (changesCohortData)
        {
            Add("423", "The cohort is locked; nothing was written.");
        }

        if (method is "PUT" or "DELETE" && !policies.Contains(Policies.Administer))
        {
            Add("428", "If-Match is required on updates and deletes (Registry:RequireIfMatch).");
        }

        void Add(string status, string description) => ProblemResponsesFilter.AddProblem(operation, context, status, description);
    }
}
