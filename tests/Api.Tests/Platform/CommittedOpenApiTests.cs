using System.Text.Json;
using System.Text.Json.Nodes;
using HccOutcomes.Api.Tests.Infrastructure;

namespace HccOutcomes.Api.Tests.Platform;

/// <summary>
/// The served OpenAPI document is the one committed as <c>docs/openapi.json</c>, so every contract change shows in
/// review. After an intended change, <c>./hcc openapi</c> rewrites the file.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class CommittedOpenApiTests(ApiFactory factory)
{
    [Fact]
    public async Task The_served_document_is_the_committed_docs_openapi_json()
    {
        var served = Normalise(await factory.CreateClient().GetStringAsync(OpenApiContract.DocumentPath));
        var path = Path.Combine(RepositoryFiles.Root(), "docs", "openapi.json");
        if (Environment.GetEnvironmentVariable("HCC_UPDATE_OPENAPI") == "1")
        {
            await File.WriteAllTextAsync(path, served);
        }

        Assert.True(File.Exists(path), $"{path} is missing: run ./hcc openapi");
        var committed = Normalise(await File.ReadAllTextAsync(path));
        Assert.True(committed == served, "The served OpenAPI document differs from docs/openapi.json: review the change, then run ./hcc openapi.");
    }

    private static string Normalise(string json) =>
        JsonNode.Parse(json)!.ToJsonString(new JsonSerializerOptions { WriteIndented = true }).ReplaceLineEndings("\n") + "\n";
}
