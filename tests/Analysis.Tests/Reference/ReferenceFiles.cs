using System.Text.Json;

namespace HccOutcomes.Analysis.Tests.Reference;

/// <summary>
/// The reference values in <c>tests/reference</c> (R outputs and the paper's published numbers), copied next to the test
/// binaries by <c>tests/Directory.Build.props</c>. A missing file fails the test: reference tests never skip.
/// </summary>
public static class ReferenceFiles
{
    /// <summary>The folder the reference files are copied to.</summary>
    public static string ReferenceDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "reference");

    /// <summary>The full path of a reference file, e.g. <c>PathOf("survival", "aml.json")</c> or <c>PathOf("survival/aml.json")</c>.</summary>
    public static string PathOf(params string[] relativeParts)
    {
        var path = Path.Combine([ReferenceDirectory, .. relativeParts]);
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"Reference file missing: {path}. It is copied from tests/reference at build time.", path);
    }

    /// <summary>Parses a reference JSON file.</summary>
    public static JsonDocument LoadJson(params string[] relativeParts) => JsonDocument.Parse(File.ReadAllText(PathOf(relativeParts)));
}
