using System.Text.Json;
using HccOutcomes.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace HccOutcomes.Api.Interop.Redcap;

/// <summary>A cohort's stored REDCap mapping document (table <c>redcap_mappings</c>).</summary>
internal static class RedcapMappingStore
{
    /// <summary>The cohort's mapping, or null when it has none.</summary>
    public static async Task<RedcapMapping?> ReadAsync(HccDbContext db, Guid cohortId, JsonSerializerOptions json, CancellationToken cancellationToken)
    {
        var stored = await db.RedcapMappings.AsNoTracking().Where(m => m.CohortId == cohortId).Select(m => m.Document).FirstOrDefaultAsync(cancellationToken);
        return stored is null ? null : JsonSerializer.Deserialize<RedcapMapping>(stored, json);
    }
}
