using HccOutcomes.Api.Errors;
using Microsoft.Net.Http.Headers;

namespace HccOutcomes.Api.Controllers;

/// <summary>Strong ETags from the row version (PostgreSQL <c>xmin</c>) and the <c>If-Match</c> check.</summary>
internal static class ETags
{
    public static string Format(uint version) => $"\"{version}\"";

    public static void Set(HttpResponse response, uint version) => response.Headers.ETag = Format(version);

    /// <summary>Throws 412 when the request carries an <c>If-Match</c> that does not name the current version.</summary>
    public static void CheckIfMatch(HttpRequest request, uint currentVersion) => CheckIfMatch(request.GetTypedHeaders().IfMatch, currentVersion);

    /// <summary>As <see cref="CheckIfMatch(HttpRequest, uint)"/>, for an <c>If-Match</c> read from the request earlier.</summary>
    public static void CheckIfMatch(IList<EntityTagHeaderValue> ifMatch, uint currentVersion)
    {
        if (ifMatch.Count == 0 || ifMatch.Any(t => t == EntityTagHeaderValue.Any))
        {
            return;
        }

        var current = Format(currentVersion);
        if (!ifMatch.Any(t => !t.IsWeak && t.Tag.Value == current))
        {
            throw new PreconditionFailedException(
                $"If-Match does not match the current version {current}. Fetch the resource again and retry with its ETag.");
        }
    }
}
