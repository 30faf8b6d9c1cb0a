using System.Security.Claims;
using HccOutcomes.Infrastructure.Access;

namespace HccOutcomes.Api.Access;

/// <summary>The claims of a token that the API reads (set by the embedded server; mapped from an external one).</summary>
public static class HccClaims
{
    /// <summary>Client ID.</summary>
    public const string Subject = "sub";

    /// <summary>One of <see cref="Roles"/>.</summary>
    public const string Role = "role";

    /// <summary>Site code.</summary>
    public const string Site = "site";

    /// <summary>A granted cohort ID (repeated).</summary>
    public const string Cohort = "cohort";
}

/// <summary>The actor of an HTTP request: from its token's claims, its trace ID and its <c>X-Change-Reason</c>.</summary>
/// <param name="http">The request.</param>
public sealed class HttpActorAccessor(IHttpContextAccessor http) : IActorAccessor
{
    private Actor? _actor;

    /// <inheritdoc />
    public Actor Current => _actor ??= From(http.HttpContext ?? throw new InvalidOperationException("No HTTP request."));

    /// <summary>Reads the actor from a request.</summary>
    public static Actor From(HttpContext context)
    {
        var user = context.User;
        var cohorts = user.FindAll(HccClaims.Cohort)
            .Select(c => Guid.TryParse(c.Value, out var id) ? id : Guid.Empty)
            .Where(id => id != Guid.Empty)
            .ToHashSet();
        var reason = context.Request.Headers["X-Change-Reason"].ToString();
        return new Actor(
            user.FindFirstValue(HccClaims.Subject) ?? "anonymous",
            user.FindFirstValue(HccClaims.Role) ?? string.Empty,
            user.FindFirstValue(HccClaims.Site),
            cohorts,
            context.TraceIdentifier,
            string.IsNullOrWhiteSpace(reason) ? null : reason.Length > 1000 ? reason[..1000] : reason);
    }
}
