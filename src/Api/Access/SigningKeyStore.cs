using System.Security.Cryptography;
using HccOutcomes.Infrastructure.Access;
using Microsoft.IdentityModel.Tokens;

namespace HccOutcomes.Api.Access;

/// <summary>
/// The RSA key that signs (embedded server) and verifies (JWT bearer) access tokens. Kept in the database, so tokens
/// survive a restart and every instance of the API shares it; made on first use.
/// </summary>
/// <param name="scopes">For a database context at first use.</param>
public sealed class SigningKeyStore(IServiceScopeFactory scopes)
{
    private RsaSecurityKey? _key;
    private readonly Lock _lock = new();

    /// <summary>The key.</summary>
    public RsaSecurityKey Key
    {
        get
        {
            lock (_lock)
            {
                return _key ??= Load();
            }
        }
    }

    private RsaSecurityKey Load()
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<Infrastructure.Persistence.HccDbContext>();
        var pkcs8 = TokenSigningKeys.LoadOrCreate(db, () =>
        {
            using var rsa = RSA.Create(2048);
            return rsa.ExportPkcs8PrivateKey();
        });
        var key = RSA.Create();
        key.ImportPkcs8PrivateKey(pkcs8, out _);
        return new RsaSecurityKey(key) { KeyId = Convert.ToHexStringLower(SHA256.HashData(key.ExportRSAPublicKey()))[..16] };
    }
}
