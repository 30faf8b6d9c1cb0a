using HccOutcomes.Api.Errors;
using Microsoft.Extensions.Options;

namespace HccOutcomes.Api.Controllers;

/// <summary>Strong ETags from the row version (PostgreSQL <c>xmin</c>).</summary>
internal static class ETags
{
    public static string Format(uint version) => $"\"{version}\"";

    public static void Set(HttpResponse response, uint version) => response.Headers.ETag = Format(version);
}

/// <summary>Registry write rules set by configuration (section <c>Registry</c>).</summary>
public sealed class RegistryOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Registry";

    /// <summary>
    /// An update or delete must carry <c>If-Match</c> (428 otherwise), so that two clients editing one patient never
    /// lose each other's change. Default: true outside Development.
    /// </summary>
    public bool RequireIfMatch { get; set; } = true;
}

/// <summary>
/// A request's <c>If-Match</c> (RFC 9110 §13.1.1), read strictly: a header that is not <c>*</c> or a list of quoted
/// entity tags is a 400, never ignored.
/// </summary>
internal sealed class IfMatch
{
    private readonly string[] _tags;
    private readonly bool _required;

    private IfMatch(bool present, bool isAny, string[] tags, bool required)
    {
        Present = present;
        IsAny = isAny;
        _tags = tags;
        _required = required;
    }

    /// <summary>True when the request carries the header.</summary>
    public bool Present { get; }

    /// <summary>True for <c>If-Match: *</c>.</summary>
    public bool IsAny { get; }

    /// <summary>Reads and checks the header's syntax (400 when malformed).</summary>
    public static IfMatch Read(HttpRequest request)
    {
        var required = request.HttpContext.RequestServices.GetRequiredService<IOptions<RegistryOptions>>().Value.RequireIfMatch;
        var values = request.Headers.IfMatch;
        if (values.Count == 0)
        {
            return new IfMatch(false, false, [], required);
        }

        var tags = new List<string>();
        var any = false;
        foreach (var value in values)
        {
            foreach (var raw in (value ?? string.Empty).Split(','))
            {
                var tag = raw.Trim();
                if (tag == "*")
                {
                    any = true;
                }
                else if (IsEntityTag(tag))
                {
                    tags.Add(tag);
                }
                else
                {
                    throw RequestValidationException.For(
                        "If-Match",
                        "If-Match must be '*' or a list of quoted entity tags, such as If-Match: \"123\" (the ETag of the last GET or write).");
                }
            }
        }

        return new IfMatch(true, any, tags.ToArray(), required);
    }

    /// <summary>Throws 428 when the header is required and absent, 412 when it names no current version.</summary>
    public void Check(uint currentVersion)
    {
        if (!Present)
        {
            if (_required)
            {
                throw new PreconditionRequiredException(
                    "This registry requires If-Match on updates and deletes. Send the ETag of the version you changed, e.g. If-Match: \"123\".");
            }

            return;
        }

        var current = ETags.Format(currentVersion);
        if (!IsAny && !_tags.Any(t => t == current))
        {
            throw new PreconditionFailedException(
                $"If-Match does not match the current version {current}. Fetch the resource again and retry with its ETag.");
        }
    }

    // entity-tag = [ "W/" ] DQUOTE *etagc DQUOTE; a weak tag is valid syntax but never matches (strong comparison).
    private static bool IsEntityTag(string tag)
    {
        var opaque = tag.StartsWith("W/", StringComparison.Ordinal) ? tag[2..] : tag;
        return opaque.Length >= 2 && opaque[0] == '"' && opaque[^1] == '"' &&
               opaque[1..^1].All(c => c == '!' || (c >= '#' && c != 0x7F));
    }
}
