using System.Linq.Expressions;
using System.Reflection;
using System.Text.Json;

namespace HccOutcomes.Api.Validation;

/// <summary>Makes FluentValidation report field paths as the client wrote them (camelCase JSON).</summary>
internal static class JsonPropertyPath
{
    // FluentValidation asks for every rule it runs, not once per rule: the names are cached by member (a reference
    // lookup, cheaper than hashing the member's name each time).
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<MemberInfo, string> Names = new(ReferenceEqualityComparer.Instance);

    public static string? Resolve(Type type, MemberInfo? member, LambdaExpression? expression) =>
        member is null ? null : Names.GetOrAdd(member, m => JsonNamingPolicy.CamelCase.ConvertName(m.Name));
}
