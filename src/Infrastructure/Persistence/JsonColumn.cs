using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HccOutcomes.Infrastructure.Persistence;

/// <summary>
/// Small value lists that only ever travel with their parent (lesions of an assessment, delivered
/// fractions of an RT course, sorafenib dose changes) are stored as one JSON column. We serialize
/// them ourselves (camelCase, enums as strings) so that the bulk COPY path writes exactly what EF reads.
/// <para>
/// A list that SQL never looks into is <c>json</c>: PostgreSQL only checks its syntax and stores the text, where
/// <c>jsonb</c> would parse it into its binary form on every write (19 µs for 1.3 kB of JSON, measured in SQL) and print
/// it back on every read. Only a list that queries open (<c>jsonb_to_recordset</c>) is <c>jsonb</c>.
/// </para>
/// </summary>
public static class JsonColumn
{
    /// <summary>Serializer options of every JSON column.</summary>
    public static readonly JsonSerializerOptions Options = CreateOptions();

    /// <summary>Maps a list property to a <c>json</c> column, or <c>jsonb</c> when SQL queries open it.</summary>
    public static PropertyBuilder<List<T>> HasJsonColumn<T>(this PropertyBuilder<List<T>> property, bool queriedInSql = false) =>
        property
            .HasColumnType(queriedInSql ? "jsonb" : "json")
            .HasConversion(
                v => JsonSerializer.Serialize(v, Options),
                s => JsonSerializer.Deserialize<List<T>>(s, Options) ?? new List<T>(),
                new ValueComparer<List<T>>(
                    (a, b) => JsonSerializer.Serialize(a, Options) == JsonSerializer.Serialize(b, Options),
                    v => JsonSerializer.Serialize(v, Options).GetHashCode(StringComparison.Ordinal),
                    v => JsonSerializer.Deserialize<List<T>>(JsonSerializer.Serialize(v, Options), Options)!))
            .IsRequired();

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        return options;
    }
}
