namespace HccOutcomes.Infrastructure.Access;

/// <summary>The roles a client can hold. A client has exactly one.</summary>
public static class Roles
{
    /// <summary>Writes and reads the patients of its own site in the cohorts it is granted.</summary>
    public const string Submitter = "submitter";

    /// <summary>Every site of its cohorts, plus lock, unlock, recompute and patient history.</summary>
    public const string DataManager = "dataManager";

    /// <summary>Reads outcomes and runs analyses on its cohorts; writes nothing.</summary>
    public const string Analyst = "analyst";

    /// <summary>Everything, in every cohort, plus cohorts, clients and the audit trail.</summary>
    public const string Admin = "admin";

    /// <summary>Every role, in the order of increasing rights.</summary>
    public static readonly IReadOnlyList<string> All = [Submitter, Analyst, DataManager, Admin];
}

/// <summary>
/// Who is making the current change, as the audit trail records it, and what they may reach: the client, its role,
/// its site (submitters only) and the cohorts it is granted (every cohort for an admin).
/// </summary>
/// <param name="ClientId">OAuth client ID (the token's <c>sub</c>), or <c>cli:&lt;user&gt;</c> for the command line.</param>
/// <param name="Role">One of <see cref="Roles"/>.</param>
/// <param name="Site">The client's site; a submitter reads and writes only this site's patients.</param>
/// <param name="Cohorts">Cohorts granted to the client (ignored for an admin).</param>
/// <param name="RequestId">The request's trace ID, which the request log also carries.</param>
/// <param name="Reason">The optional <c>X-Change-Reason</c> header.</param>
public sealed record Actor(string ClientId, string Role, string? Site, IReadOnlySet<Guid> Cohorts, string? RequestId, string? Reason)
{
    /// <summary>An admin acting outside any request (the command line, start-up).</summary>
    public static Actor System(string clientId) => new(clientId, Roles.Admin, null, new HashSet<Guid>(), null, null);

    /// <summary>True for an admin.</summary>
    public bool IsAdmin => Role == Roles.Admin;

    /// <summary>True when the client is confined to its own site's patients.</summary>
    public bool IsSiteBound => Role == Roles.Submitter;

    /// <summary>True when the client may reach <paramref name="cohortId"/> at all.</summary>
    public bool MayAccess(Guid cohortId) => IsAdmin || Cohorts.Contains(cohortId);

    /// <summary>True when a patient of <paramref name="site"/> is visible to the client.</summary>
    public bool Sees(string site) => !IsSiteBound || string.Equals(site, Site, StringComparison.Ordinal);
}

/// <summary>The actor of the current unit of work (the HTTP request, or the command line).</summary>
public interface IActorAccessor
{
    /// <summary>The current actor.</summary>
    Actor Current { get; }
}

/// <summary>A fixed actor, for work outside HTTP requests.</summary>
/// <param name="actor">The actor.</param>
public sealed class FixedActor(Actor actor) : IActorAccessor
{
    /// <inheritdoc />
    public Actor Current => actor;
}
