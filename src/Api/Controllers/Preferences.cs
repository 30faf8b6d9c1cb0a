namespace HccOutcomes.Api.Controllers;

/// <summary>The <c>Prefer</c> request header (RFC 7240).</summary>
internal static class Preferences
{
    /// <summary>
    /// Whether the client prefers <c>return=minimal</c>: one of the comma-separated preferences is <c>return</c>
    /// (case-insensitive) with the value <c>minimal</c>, optionally quoted and followed by parameters.
    /// </summary>
    public static bool ReturnMinimal(string? prefer)
    {
        if (string.IsNullOrEmpty(prefer))
        {
            return false;
        }

        foreach (var preference in prefer.Split(','))
        {
            var token = preference.Split(';')[0].Split('=', 2);
            if (token.Length == 2
                && token[0].Trim().Equals("return", StringComparison.OrdinalIgnoreCase)
                && token[1].Trim().Trim('"').Equals("minimal", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
