namespace HccOutcomes.Api.Hosting;

/// <summary>
/// The OpenAPI schema name of a type: its short name as a client generator would name a class (<c>PatientDocument</c>,
/// <c>AdverseEvent</c>, <c>PagedResultOfCohortResponse</c>), with no namespace, assembly or <c>Dto</c> suffix. Swashbuckle
/// refuses a second type under a name already taken, so a clash fails the document (and its test) instead of merging
/// two schemas.
/// </summary>
internal static class SchemaNames
{
    public static string For(Type type)
    {
        if (type.IsGenericType)
        {
            var name = type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)];
            return name + "Of" + string.Concat(type.GetGenericArguments().Select(For));
        }

        return type.Name.EndsWith("Dto", StringComparison.Ordinal) ? type.Name[..^3] : type.Name;
    }
}
