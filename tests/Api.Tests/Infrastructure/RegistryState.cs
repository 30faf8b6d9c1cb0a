using System.Net;
using System.Text.Json.Nodes;
using HccOutcomes.Api.Tests.Infrastructure;
using Npgsql;

namespace HccOutcomes.Api.Tests.Infrastructure;

/// <summary>Database checks for the record endpoints: row counts and a snapshot proving that nothing was written.</summary>
public static class RegistryState
{
    public static readonly string[] RecordTables =
        ["radiotherapy_courses", "tace_sessions", "sorafenib_courses", "anti_pd1_cycles", "tumor_assessments", "adverse_events", "follow_ups"];

    /// <summary>Rows of <paramref name="table"/> belonging to patients of the cohort.</summary>
    public static Task<long> RowsAsync(this ApiFactory factory, string table, Guid cohortId) => factory.CountAsync(
        $"SELECT count(*) FROM {table} t JOIN patients p ON p.id = t.patient_id WHERE p.cohort_id = @c", ("c", cohortId));

    /// <summary>
    /// Per table of the cohort: row count and the sum of row versions (<c>xmin</c>). Any insert, update or delete
    /// changes it; a rejected request must leave it equal.
    /// </summary>
    public static async Task<string> SnapshotAsync(this ApiFactory factory, Guid cohortId)
    {
        const string Versions = "count(*) || '/' || coalesce(sum(t.xmin::text::bigint), 0)";
        var parts = RecordTables.Select(t =>
            $"'{t}=' || (SELECT {Versions} FROM {t} t JOIN patients p ON p.id = t.patient_id WHERE p.cohort_id = @c)");
        var sql = $"SELECT concat_ws(', ', 'patients=' || (SELECT {Versions} FROM patients t WHERE t.cohort_id = @c), {string.Join(", ", parts)})";
        await using var connection = new NpgsqlConnection(factory.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("c", cohortId);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Creates a cohort with one patient stored from <paramref name="document"/>; returns the cohort.</summary>
    public static async Task<Guid> CreatePatientAsync(this HttpClient client, string externalId, JsonObject document)
    {
        var cohort = await client.CreateCohortAsync("Records");
        var response = await client.PutAsync($"/api/v1/cohorts/{cohort}/patients/{externalId}", ApiFactory.RawJson(document.ToJsonString()));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return cohort;
    }

    /// <summary>A request with a JSON body (or none) and optional <c>If-Match</c>.</summary>
    public static HttpRequestMessage Request(HttpMethod method, string url, JsonNode? body = null, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(method, url);
        if (body is not null)
        {
            request.Content = ApiFactory.RawJson(body.ToJsonString());
        }

        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return request;
    }
}
