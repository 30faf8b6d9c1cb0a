using System.Text.Json.Nodes;

namespace HccOutcomes.Api.Tests.Infrastructure;

/// <summary>
/// What the server assigns per write (record IDs, timestamps, the cohort, derivation times), removed from a JSON
/// document so that two imports of the same patients compare equal (the REDCap and FHIR round trips).
/// </summary>
public static class ServerAssigned
{
    private static readonly HashSet<string> Members = ["id", "createdAt", "updatedAt", "cohortId", "derivedAt", "computedAt"];

    /// <summary>Removes the server-assigned members from <paramref name="node"/> and every node under it; returns it.</summary>
    public static JsonNode? Strip(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var key in o.Select(kv => kv.Key).Where(Members.Contains).ToList())
                {
                    o.Remove(key);
                }

                foreach (var (_, child) in o)
                {
                    Strip(child);
                }

                break;
            case JsonArray a:
                foreach (var child in a)
                {
                    Strip(child);
                }

                break;
        }

        return node;
    }
}
