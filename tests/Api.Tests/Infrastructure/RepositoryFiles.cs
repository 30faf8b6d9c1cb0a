namespace HccOutcomes.Api.Tests.Infrastructure;

/// <summary>Files committed in the repository that tests compare with what the code generates (openapi.json, the REDCap dictionary).</summary>
public static class RepositoryFiles
{
    /// <summary>The repository's root (the folder of HccOutcomes.sln).</summary>
    public static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "HccOutcomes.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("HccOutcomes.sln not found above " + AppContext.BaseDirectory);
    }
}
