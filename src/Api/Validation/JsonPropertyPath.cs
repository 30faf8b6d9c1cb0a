using System.Linq.Expressions;
using System.Reflection;
using System.Text.Json;

namespace HccOutcomes.Api.Validation;

/// <summary>Makes FluentValidation report field paths as the client wrote them (camelCase JSON).</summary>
internal static class JsonPropertyPath
{
    // FluentValidation asks for every rule it runs, not once per rule: the names are cached.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> Names = new(StringComparer.Ordinal);

    public static string? Resolve(Type type, MemberInfo? member, LambdaExpression? expression) =>
        member is null ? null : Names.GetOrAdd(member.Name, JsonNamingPolicy.CamelCase.ConvertName);
}
