namespace HccOutcomes.Api.Access;

/// <summary>Where tokens come from (section <c>Authentication</c>).</summary>
public sealed class AuthenticationSettings
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Authentication";

    /// <summary>
    /// An external OpenID Connect authority (Keycloak, Entra ID, …) whose tokens the API accepts. Empty (the default):
    /// the embedded authorization server at <c>/connect/token</c> issues them.
    /// </summary>
    public string? Authority { get; set; }

    /// <summary>The audience (<c>aud</c>) tokens must carry.</summary>
    public string Audience { get; set; } = "hcc-outcomes";

    /// <summary>The embedded server's issuer (<c>iss</c>).</summary>
    public string Issuer { get; set; } = "https://hcc-outcomes.local/";

    /// <summary>Access token lifetime of the embedded server, in minutes.</summary>
    public int AccessTokenMinutes { get; set; } = 15;

    /// <summary>Whether an external authority's metadata must come over HTTPS (true outside Development).</summary>
    public bool? RequireHttpsMetadata { get; set; }

    /// <summary>
    /// Outside Production, create an admin client at start and print its ID and secret (the <c>./hcc run</c> flow);
    /// the previous one is revoked.
    /// </summary>
    public bool CreateLocalAdmin { get; set; } = true;

    /// <summary>Names of the claims an external authority puts role, site and granted cohorts in.</summary>
    public ClaimNames Claims { get; set; } = new();

    /// <summary>True when tokens come from an external authority.</summary>
    public bool IsExternal => !string.IsNullOrWhiteSpace(Authority);
}

/// <summary>Claim mapping of an external authority onto <see cref="HccClaims"/>.</summary>
public sealed class ClaimNames
{
    /// <summary>Client or user ID (default <c>sub</c>; Entra ID client credentials: <c>azp</c> or <c>oid</c>).</summary>
    public string Subject { get; set; } = "sub";

    /// <summary>Role (default <c>role</c>; Entra ID app roles: <c>roles</c>).</summary>
    public string Role { get; set; } = "role";

    /// <summary>Site code.</summary>
    public string Site { get; set; } = "site";

    /// <summary>Granted cohort IDs (repeated claim, or a space-separated list).</summary>
    public string Cohorts { get; set; } = "cohort";
}

/// <summary>Per-client request rates (section <c>RateLimits</c>): token buckets, one per client.</summary>
public sealed class RateLimitSettings
{
    /// <summary>Configuration section.</summary>
    public const string Section = "RateLimits";

    /// <summary>Requests per second a client may sustain (a hospital feed sends a few a second; a batch import is one).</summary>
    public int PermitsPerSecond { get; set; } = 600;

    /// <summary>Requests a client may send at once above its rate.</summary>
    public int Burst { get; set; } = 1200;

    /// <summary>Analyses (compare, figures, survival…) per second a client may sustain: each can take a core for a second.</summary>
    public int AnalysesPerSecond { get; set; } = 2;

    /// <summary>Analyses a client may send at once above its rate.</summary>
    public int AnalysesBurst { get; set; } = 10;
}
