using System.Linq.Expressions;
using System.Reflection;
using System.Text.Json;

namespace HccOutcomes.Api.Validation;

/// <summary>Makes FluentValidation report field paths as the client wrote them (camelCase JSON).</summary>
internal static class JsonPropertyPath
{
    public static string? Resolve(Type type, MemberInfo? member, LambdaExpression? expression) =>
        member is null ? null : JsonNamingPolicy.CamelCase.ConvertName(member.Name);
}
