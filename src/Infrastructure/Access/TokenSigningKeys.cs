using HccOutcomes.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace HccOutcomes.Infrastructure.Access;

/// <summary>Reads the token signing key, creating it once (two instances starting together keep the first one).</summary>
public static class TokenSigningKeys
{
    /// <summary>The stored key (PKCS#8), or a new one from <paramref name="create"/> stored first.</summary>
    public static byte[] LoadOrCreate(HccDbContext db, Func<byte[]> create)
    {
        var stored = db.TokenSigningKeys.AsNoTracking().Where(k => k.Id == 1).Select(k => k.PrivateKey).FirstOrDefault();
        if (stored is not null)
        {
            return stored;
        }

        var made = create();
        db.Database.ExecuteSql($"INSERT INTO token_signing_keys (id, private_key, created_at) VALUES (1, {made}, now()) ON CONFLICT (id) DO NOTHING");
        return db.TokenSigningKeys.AsNoTracking().Where(k => k.Id == 1).Select(k => k.PrivateKey).First();
    }
}
