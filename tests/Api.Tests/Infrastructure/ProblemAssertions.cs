using System.Net;
using System.Text.Json;

namespace HccOutcomes.Api.Tests.Infrastructure;

/// <summary>Checks that a response is an RFC 9457 ProblemDetails and returns its JSON.</summary>
public static class ProblemAssertions
{
    public static async Task<JsonElement> AssertProblemAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status} but got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var json = JsonDocument.Parse(body).RootElement.Clone();
        Assert.Equal((int)status, json.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(json.GetProperty("title").GetString()));
        return json;
    }

    /// <summary>Asserts a 400 whose <c>errors</c> has the given field path, and returns that field's messages.</summary>
    public static async Task<string[]> AssertFieldErrorAsync(this HttpResponseMessage response, string fieldPath)
    {
        var json = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        var errors = json.GetProperty("errors");
        Assert.True(errors.TryGetProperty(fieldPath, out var messages),
            $"Expected an error for '{fieldPath}', got: {errors}");
        var list = messages.EnumerateArray().Select(m => m.GetString()!).ToArray();
        Assert.NotEmpty(list);
        return list;
    }
}
