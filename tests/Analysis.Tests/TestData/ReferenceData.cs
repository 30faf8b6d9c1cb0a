namespace HccOutcomes.Analysis.Tests.TestData;

/// <summary>
/// Locates the read-only reference files in <c>shared/</c>, which lies beside the repository root (the folder
/// holding <c>HccOutcomes.sln</c>). A missing folder is an error, never a skip: the reference comparisons are the
/// point of the test suite.
/// </summary>
public static class ReferenceData
{
    private static readonly Lazy<string> Shared = new(FindShared);

    /// <summary>The repository root (folder containing <c>HccOutcomes.sln</c>).</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>The <c>shared/</c> folder beside the repository root.</summary>
    public static string SharedDirectory => Shared.Value;

    /// <summary>Full path of a file under <c>shared/reference/</c>; throws when it does not exist.</summary>
    /// <param name="relative">Path relative to <c>shared/reference/</c>, e.g. <c>survival/aml.json</c>.</param>
    /// <returns>The full path.</returns>
    public static string ReferencePath(string relative)
    {
        string path = Path.GetFullPath(Path.Combine(SharedDirectory, "reference", relative));
        if (!File.Exists(path))
            throw new FileNotFoundException($"Reference file '{relative}' is missing (looked for {path}).", path);
        return path;
    }

    private static string FindRepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null)
        {
            if (File.Exists(Path.Combine(dir.FullName, "HccOutcomes.sln"))) return dir.FullName;
            dir = dir.Parent;
        }

        throw new DirectoryNotFoundException(
            $"Could not find HccOutcomes.sln above {AppContext.BaseDirectory}; the tests must run inside the repository.");
    }

    private static string FindShared()
    {
        string shared = Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared"));
        if (!Directory.Exists(Path.Combine(shared, "reference")))
        {
            throw new DirectoryNotFoundException(
                $"The reference folder '{shared}/reference' is missing. It must sit beside the repository root " +
                "(../shared relative to the folder holding HccOutcomes.sln). Reference tests fail rather than skip.");
        }

        return shared;
    }
}
