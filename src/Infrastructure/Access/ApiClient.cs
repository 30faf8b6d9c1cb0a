namespace HccOutcomes.Infrastructure.Access;

/// <summary>
/// A system or person allowed to call the API with OAuth 2.0 client credentials: its role, site and granted cohorts.
/// The secret itself lives hashed in OpenIddict's application table under the same client ID.
/// </summary>
public sealed class ApiClient
{
    /// <summary>OAuth client ID.</summary>
    public required string ClientId { get; set; }

    /// <summary>Who or what the client is, e.g. "Hospital A REDCap export".</summary>
    public required string Name { get; set; }

    /// <summary>One of <see cref="Roles"/>.</summary>
    public required string Role { get; set; }

    /// <summary>Site code (required for a submitter).</summary>
    public string? Site { get; set; }

    /// <summary>Cohorts granted (an admin reaches every cohort).</summary>
    public Guid[] Cohorts { get; set; } = [];

    /// <summary>When the client was created (UTC).</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When the client was revoked (UTC); a revoked client gets no new token.</summary>
    public DateTimeOffset? RevokedAt { get; set; }
}

/// <summary>The key that signs the embedded server's access tokens, kept so that tokens survive a restart.</summary>
public sealed class TokenSigningKey
{
    /// <summary>Key number (one key today; a rotation adds the next).</summary>
    public int Id { get; set; }

    /// <summary>RSA private key, PKCS#8.</summary>
    public required byte[] PrivateKey { get; set; }

    /// <summary>When the key was made (UTC).</summary>
    public DateTimeOffset CreatedAt { get; set; }
}
