namespace HccOutcomes.Infrastructure.Idempotency;

/// <summary>
/// The first answer to a POST sent with an <c>Idempotency-Key</c> (IETF draft "The Idempotency-Key HTTP Header
/// Field"), kept 24 hours so that a retried request gets the same answer instead of creating the rows again.
/// </summary>
public sealed class IdempotencyRecord
{
    /// <summary>The client that sent the key (keys are per client).</summary>
    public required string ClientId { get; set; }

    /// <summary>The key.</summary>
    public required string Key { get; set; }

    /// <summary>Method and path of the request the key was first used with.</summary>
    public required string Request { get; set; }

    /// <summary>SHA-256 of the request body (hex).</summary>
    public required string BodyHash { get; set; }

    /// <summary>When the key was first used (UTC).</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>False while the first request is still running.</summary>
    public bool Completed { get; set; }

    /// <summary>The answer's status.</summary>
    public int StatusCode { get; set; }

    /// <summary>The answer's <c>Content-Type</c>, <c>Location</c> and <c>ETag</c>.</summary>
    public string? ContentType { get; set; }

    /// <summary>The answer's <c>Location</c>.</summary>
    public string? Location { get; set; }

    /// <summary>The answer's <c>ETag</c>.</summary>
    public string? ETag { get; set; }

    /// <summary>The answer's body.</summary>
    public byte[]? Body { get; set; }
}
