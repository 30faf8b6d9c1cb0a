using System.Collections.Immutable;
using System.Security.Claims;
using HccOutcomes.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace HccOutcomes.Api.Access;

/// <summary>
/// The embedded server's answer to a client-credentials token request, once OpenIddict has checked the client ID and
/// secret: an access token naming the client, its role, site and granted cohorts, for this API's audience.
/// </summary>
public sealed class ClientCredentialsHandler(HccDbContext db, IOptions<AuthenticationSettings> settings)
    : IOpenIddictServerHandler<OpenIddictServerEvents.HandleTokenRequestContext>
{
    /// <inheritdoc />
    public async ValueTask HandleAsync(OpenIddictServerEvents.HandleTokenRequestContext context)
    {
        if (!context.Request.IsClientCredentialsGrantType())
        {
            context.Reject(OpenIddictConstants.Errors.UnsupportedGrantType, "Only the client_credentials grant is supported.");
            return;
        }

        var client = await db.ApiClients.AsNoTracking().FirstOrDefaultAsync(c => c.ClientId == context.ClientId);
        if (client is null || client.RevokedAt is not null)
        {
            context.Reject(OpenIddictConstants.Errors.InvalidClient, "The client is unknown or revoked.");
            return;
        }

        var identity = new ClaimsIdentity(authenticationType: "hcc-client", nameType: HccClaims.Subject, roleType: HccClaims.Role);
        identity.SetClaim(HccClaims.Subject, client.ClientId);
        identity.SetClaim(Claims.Name, client.Name);
        identity.SetClaim(HccClaims.Role, client.Role);
        if (client.Site is not null)
        {
            identity.SetClaim(HccClaims.Site, client.Site);
        }

        identity.SetClaims(HccClaims.Cohort, client.Cohorts.Select(c => c.ToString()).ToImmutableArray());
        identity.SetDestinations(_ => [Destinations.AccessToken]);

        var principal = new ClaimsPrincipal(identity);
        principal.SetResources(settings.Value.Audience);
        context.SignIn(principal);
    }
}
