using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HccOutcomes.Api.Tests.Infrastructure;

namespace HccOutcomes.Api.Tests.Cohorts;

[Collection(ApiCollection.Name)]
public sealed class CohortsApiTests(ApiFactory factory)
{
    private readonly HttpClient _client = factory.CreateClient();

    private static string UniqueName(string prefix) => $"{prefix} {Guid.NewGuid():N}";

    private Task<long> CountCohortsNamed(string name) =>
        factory.CountAsync("SELECT count(*) FROM cohorts WHERE name = @n", ("n", name));

    private async Task<(JsonElement Body, HttpResponseMessage Response)> CreateAsync(string name)
    {
        var response = await _client.PostAsync("/api/v1/cohorts", ApiFactory.JsonBody(new { name, description = "test" }));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(), response);
    }

    [Fact]
    public async Task Post_creates_cohort_with_location_and_etag_and_get_returns_it()
    {
        var name = UniqueName("Li 2022");
        var (created, response) = await CreateAsync(name);

        var id = created.GetProperty("id").GetGuid();
        Assert.Equal($"/api/v1/cohorts/{id}", response.Headers.Location?.AbsolutePath);
        Assert.NotNull(response.Headers.ETag);
        Assert.Equal(name, created.GetProperty("name").GetString());
        Assert.Equal(1, await CountCohortsNamed(name));

        var get = await _client.GetAsync($"/api/v1/cohorts/{id}");
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal(response.Headers.ETag, get.Headers.ETag);
        var body = await get.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("test", body.GetProperty("description").GetString());
        Assert.Equal(0, body.GetProperty("patientCount").GetInt32());
    }

    [Fact]
    public async Task List_is_paged_with_total_and_next_link()
    {
        for (var i = 0; i < 3; i++)
        {
            await CreateAsync(UniqueName("Paged"));
        }

        var page = await _client.GetFromJsonAsync<JsonElement>("/api/v1/cohorts?page=1&pageSize=2");
        Assert.Equal(2, page.GetProperty("items").GetArrayLength());
        Assert.True(page.GetProperty("totalCount").GetInt32() >= 3);
        Assert.Equal("/api/v1/cohorts?page=2&pageSize=2", page.GetProperty("next").GetString());
    }

    [Fact]
    public async Task List_rejects_page_size_out_of_range()
    {
        var response = await _client.GetAsync("/api/v1/cohorts?pageSize=10000");
        var messages = await response.AssertFieldErrorAsync("pageSize");
        Assert.Contains(messages, m => m.Contains("500", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Put_replaces_and_honours_if_match()
    {
        var (created, response) = await CreateAsync(UniqueName("Put"));
        var id = created.GetProperty("id").GetGuid();
        var newName = UniqueName("Renamed");

        var stale = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/cohorts/{id}")
        {
            Content = ApiFactory.JsonBody(new { name = newName }),
        };
        stale.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
        await (await _client.SendAsync(stale)).AssertProblemAsync(HttpStatusCode.PreconditionFailed);
        Assert.Equal(0, await CountCohortsNamed(newName));

        var fresh = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/cohorts/{id}")
        {
            Content = ApiFactory.JsonBody(new { name = newName, description = "renamed" }),
        };
        fresh.Headers.IfMatch.Add(response.Headers.ETag!);
        var ok = await _client.SendAsync(fresh);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.NotEqual(response.Headers.ETag, ok.Headers.ETag);
        Assert.Equal(1, await CountCohortsNamed(newName));
    }

    [Fact]
    public async Task Delete_removes_and_then_404()
    {
        var (created, _) = await CreateAsync(UniqueName("Delete"));
        var id = created.GetProperty("id").GetGuid();

        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync($"/api/v1/cohorts/{id}")).StatusCode);
        Assert.Equal(0, await factory.CountAsync("SELECT count(*) FROM cohorts WHERE id = @id", ("id", id)));
        var json = await (await _client.GetAsync($"/api/v1/cohorts/{id}")).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Contains(id.ToString(), json.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Duplicate_name_is_409_and_nothing_written()
    {
        var name = UniqueName("Dup");
        await CreateAsync(name);
        var response = await _client.PostAsync("/api/v1/cohorts", ApiFactory.JsonBody(new { name }));
        await response.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(1, await CountCohortsNamed(name));
    }

    [Fact]
    public async Task Empty_name_is_400_with_field_path_and_nothing_written()
    {
        var before = await factory.CountAsync("SELECT count(*) FROM cohorts");
        var response = await _client.PostAsync("/api/v1/cohorts", ApiFactory.JsonBody(new { name = "", description = "x" }));
        await response.AssertFieldErrorAsync("name");
        Assert.Equal(before, await factory.CountAsync("SELECT count(*) FROM cohorts"));
    }

    [Fact]
    public async Task Name_with_a_NUL_character_is_400_with_field_path_and_nothing_written()
    {
        // PostgreSQL cannot store NUL in text: without the check this write failed with a 500.
        var before = await factory.CountAsync("SELECT count(*) FROM cohorts");
        var response = await _client.PostAsync("/api/v1/cohorts", ApiFactory.RawJson("""{ "name": "Li 2022\u0000" }"""));
        Assert.Contains(await response.AssertFieldErrorAsync("name"), m => m.Contains("U+0000", StringComparison.Ordinal));
        Assert.Equal(before, await factory.CountAsync("SELECT count(*) FROM cohorts"));
    }

    [Fact]
    public async Task Wrong_json_type_is_400_naming_the_field()
    {
        var response = await _client.PostAsync("/api/v1/cohorts", ApiFactory.RawJson("""{ "name": "x", "isSynthetic": "maybe" }"""));
        await response.AssertFieldErrorAsync("isSynthetic");
    }

    [Fact]
    public async Task Unknown_property_is_400_naming_it()
    {
        var response = await _client.PostAsync("/api/v1/cohorts", ApiFactory.RawJson("""{ "name": "x", "mrn": "12345" }"""));
        var json = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("mrn", json.GetProperty("errors").ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_json_is_400()
    {
        var response = await _client.PostAsync("/api/v1/cohorts", ApiFactory.RawJson("""{ "name": """));
        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Wrong_media_type_is_415()
    {
        var response = await _client.PostAsync("/api/v1/cohorts", new StringContent("name=x", System.Text.Encoding.UTF8, "text/plain"));
        await response.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Too_large_body_is_413_and_nothing_written()
    {
        var before = await factory.CountAsync("SELECT count(*) FROM cohorts");
        var huge = new string('x', 2 * 1024 * 1024);
        var response = await _client.PostAsync("/api/v1/cohorts", ApiFactory.JsonBody(new { name = "big", description = huge }));
        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(before, await factory.CountAsync("SELECT count(*) FROM cohorts"));
    }

    [Fact]
    public async Task Unknown_cohort_is_404_problem()
    {
        await (await _client.GetAsync($"/api/v1/cohorts/{Guid.NewGuid()}")).AssertProblemAsync(HttpStatusCode.NotFound);
    }
}
