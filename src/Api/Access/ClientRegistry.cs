using System.Security.Cryptography;
using System.Text.Json;
using HccOutcomes.Infrastructure.Access;
using HccOutcomes.Infrastructure.Audit;
using HccOutcomes.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace HccOutcomes.Api.Access;

/// <summary>A client as listed (never its secret).</summary>
/// <param name="ClientId">OAuth client ID.</param>
/// <param name="Name">Who or what the client is.</param>
/// <param name="Role">Its role.</param>
/// <param name="Site">Its site (submitters).</param>
/// <param name="Cohorts">Granted cohorts.</param>
/// <param name="CreatedAt">When it was created (UTC).</param>
/// <param name="RevokedAt">When it was revoked (UTC), or null.</param>
public sealed record ClientView(string ClientId, string Name, string Role, string? Site, Guid[] Cohorts, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt)
{
    internal static ClientView From(ApiClient c) => new(c.ClientId, c.Name, c.Role, c.Site, c.Cohorts, c.CreatedAt, c.RevokedAt);
}

/// <summary>A new client with its secret, shown this once.</summary>
/// <param name="Client">The client.</param>
/// <param name="ClientSecret">The secret; only a hash of it is stored.</param>
public sealed record CreatedClient(ClientView Client, string ClientSecret);

/// <summary>
/// Creates, lists and revokes API clients: the command line (<c>./hcc clients</c>) and <c>/api/v1/admin/clients</c>
/// both come here. A client is an OpenIddict application (ID and hashed secret) plus its role, site and cohorts, written
/// in one transaction with its audit entry.
/// </summary>
public sealed class ClientRegistry(HccDbContext db, IOpenIddictApplicationManager applications, AuditTrail audit, TimeProvider clock)
{
    /// <summary>Creates a client and returns its secret (the only time it is shown).</summary>
    public async Task<CreatedClient> CreateAsync(string name, string role, string? site, IReadOnlyCollection<Guid> cohorts, CancellationToken cancellationToken)
    {
        var clientId = "hcc-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        var client = new ApiClient
        {
            ClientId = clientId,
            Name = name.Trim(),
            Role = role,
            Site = string.IsNullOrWhiteSpace(site) ? null : site.Trim(),
            Cohorts = cohorts.Distinct().ToArray(),
            CreatedAt = clock.GetUtcNow(),
        };

        await db.InRetriedTransactionAsync(async ct =>
        {
            await applications.CreateAsync(
                new OpenIddictApplicationDescriptor
                {
                    ClientId = clientId,
                    ClientSecret = secret,
                    ClientType = ClientTypes.Confidential,
                    DisplayName = client.Name,
                    Permissions = { Permissions.Endpoints.Token, Permissions.GrantTypes.ClientCredentials },
                },
                ct);
            db.ApiClients.Add(client);
            audit.Add(db, "client.create", null, $"admin/clients/{clientId}", null, JsonSerializer.Serialize(ClientView.From(client)));
            await db.SaveChangesAsync(ct);
        }, cancellationToken);

        return new CreatedClient(ClientView.From(client), secret);
    }

    /// <summary>Every client, newest first.</summary>
    public async Task<List<ClientView>> ListAsync(CancellationToken cancellationToken) =>
        (await db.ApiClients.AsNoTracking().OrderByDescending(c => c.CreatedAt).ToListAsync(cancellationToken)).ConvertAll(ClientView.From);

    /// <summary>Revokes a client: it gets no new token (tokens already issued expire within their lifetime). False when unknown.</summary>
    public async Task<bool> RevokeAsync(string clientId, CancellationToken cancellationToken)
    {
        // Read inside the transaction: a retried attempt starts again from what is stored.
        return await db.InRetriedTransactionAsync(async ct =>
        {
            var client = await db.ApiClients.FirstOrDefaultAsync(c => c.ClientId == clientId, ct);
            if (client is null)
            {
                return false;
            }

            if (client.RevokedAt is not null)
            {
                return true;
            }

            var before = JsonSerializer.Serialize(ClientView.From(client));
            if (await applications.FindByClientIdAsync(clientId, ct) is { } application)
            {
                await applications.DeleteAsync(application, ct);
            }

            client.RevokedAt = clock.GetUtcNow();
            audit.Add(db, "client.revoke", null, $"admin/clients/{clientId}", before, JsonSerializer.Serialize(ClientView.From(client)));
            await db.SaveChangesAsync(ct);
            return true;
        }, cancellationToken);
    }

    /// <summary>Revokes every live client of this name (the local admin of the previous start).</summary>
    public async Task RevokeNamedAsync(string name, CancellationToken cancellationToken)
    {
        var ids = await db.ApiClients.Where(c => c.Name == name && c.RevokedAt == null).Select(c => c.ClientId).ToListAsync(cancellationToken);
        foreach (var id in ids)
        {
            await RevokeAsync(id, cancellationToken);
        }
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
