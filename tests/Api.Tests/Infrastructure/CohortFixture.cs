using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace HccOutcomes.Api.Tests.Infrastructure;

/// <summary>Helpers shared by tests that need a cohort of their own.</summary>
public static class CohortHelpers
{
    public static async Task<Guid> CreateCohortAsync(this HttpClient client, string prefix = "Test cohort")
    {
        var response = await client.PostAsync("/api/v1/cohorts", ApiFactory.JsonBody(new { name = $"{prefix} {Guid.NewGuid():N}" }));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }
}
