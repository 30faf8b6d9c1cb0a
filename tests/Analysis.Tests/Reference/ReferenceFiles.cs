using System.Text.Json;

namespace HccOutcomes.Analysis.Tests.Reference;

/// <summary>
/// Locates the read-only reference files. The repository root is the folder holding HccOutcomes.sln, found by walking up
/// from the test binaries; the reference files live beside the repository in ../shared/reference. A missing file fails
/// the test with a clear message: reference tests never skip.
/// </summary>
public static class ReferenceFiles
{
    private static readonly Lazy<string> Root = new(FindRepositoryRoot);

    /// <summary>The folder that contains HccOutcomes.sln.</summary>
    public static string RepositoryRoot => Root.Value;

    /// <summary>../shared/reference relative to the repository root.</summary>
    public static string ReferenceDirectory => Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "reference"));

    /// <summary>The full path of a reference file; throws <see cref="FileNotFoundException"/> when it does not exist.</summary>
    public static string PathOf(params string[] relativeParts)
    {
        string path = Path.Combine([ReferenceDirectory, .. relativeParts]);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"Reference file missing: {path}. The reference data must be present at ../shared/reference relative to the repository root ({RepositoryRoot}); these tests never skip.",
                path);
        }

        return path;
    }

    /// <summary>Parses a reference JSON file.</summary>
    public static JsonDocument LoadJson(params string[] relativeParts) =>
        JsonDocument.Parse(File.ReadAllText(PathOf(relativeParts)));

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "HccOutcomes.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No folder containing HccOutcomes.sln above {AppContext.BaseDirectory}.");
    }
}
