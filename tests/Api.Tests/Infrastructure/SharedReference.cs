using System.Text.Json;

namespace HccOutcomes.Api.Tests.Infrastructure;

/// <summary>Reads the read-only reference material in <c>../shared/reference</c> (beside the repository root).</summary>
public static class SharedReference
{
    public static string PathOf(string relative)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "HccOutcomes.sln")))
        {
            dir = dir.Parent;
        }

        var root = dir ?? throw new InvalidOperationException("Repository root (HccOutcomes.sln) not found above the test binaries.");
        var path = Path.GetFullPath(Path.Combine(root.FullName, "..", "shared", "reference", relative));
        return File.Exists(path) ? path : throw new FileNotFoundException($"Reference file missing: {path} (../shared must sit beside the repository).");
    }

    public static JsonElement Json(string relative) => JsonDocument.Parse(File.ReadAllText(PathOf(relative))).RootElement.Clone();
}
