using HccOutcomes.Api.Errors;
using Microsoft.Net.Http.Headers;

namespace HccOutcomes.Api.Controllers;

/// <summary>Content negotiation for endpoints that answer in several representations of one result.</summary>
internal static class MediaTypes
{
    /// <summary>Word (Office Open XML) document.</summary>
    public const string Docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    /// <summary>
    /// The one of <paramref name="supported"/> the <c>Accept</c> header prefers: the highest quality, then the most
    /// specific range (<c>text/csv</c> over <c>text/*</c> over <c>*/*</c>), then the order of <paramref name="supported"/>
    /// (its first is the default for a missing header and for <c>*/*</c>).
    /// </summary>
    /// <exception cref="NotAcceptableException">The header allows none of them.</exception>
    public static string Negotiate(HttpRequest request, IReadOnlyList<string> supported) =>
        Negotiate(request.GetTypedHeaders().Accept, supported);

    /// <summary>As <see cref="Negotiate(HttpRequest, IReadOnlyList{string})"/>, on parsed <c>Accept</c> ranges;
    /// <paramref name="alternative"/> is added to the 406's detail (another way to choose, such as a query parameter).</summary>
    /// <exception cref="NotAcceptableException">The ranges allow none of them.</exception>
    public static string Negotiate(IList<MediaTypeHeaderValue> accept, IReadOnlyList<string> supported, string? alternative = null)
    {
        if (accept.Count == 0)
        {
            return supported[0];
        }

        string? best = null;
        (double Quality, int Specificity) bestRank = (0, -1);
        foreach (var type in supported)
        {
            // A type's quality is that of the most specific range it falls in ("text/csv;q=0, */*" refuses CSV).
            var offered = new MediaTypeHeaderValue(type);
            (double Quality, int Specificity) rank = (0, -1);
            foreach (var range in accept.Where(r => Covers(r, offered)))
            {
                var specificity = range.MatchesAllTypes ? 0 : range.MatchesAllSubTypes ? 1 : 2;
                if (specificity > rank.Specificity)
                {
                    rank = (range.Quality ?? 1.0, specificity);
                }
            }

            if (rank.Quality > 0 && (rank.Quality > bestRank.Quality || (rank.Quality == bestRank.Quality && rank.Specificity > bestRank.Specificity)))
            {
                (best, bestRank) = (type, rank);
            }
        }

        return best ?? throw new NotAcceptableException(
            $"Accept: {string.Join(", ", accept)} allows none of the types this endpoint answers in: {string.Join(", ", supported)}{(alternative is null ? "" : " " + alternative)}.",
            supported);
    }

    // Type and subtype only: a parameter such as charset in the range does not exclude the type.
    private static bool Covers(MediaTypeHeaderValue range, MediaTypeHeaderValue offered) =>
        range.MatchesAllTypes
        || (range.Type.Equals(offered.Type, StringComparison.OrdinalIgnoreCase)
            && (range.MatchesAllSubTypes || range.SubType.Equals(offered.SubType, StringComparison.OrdinalIgnoreCase)));
}
