using System.Text.Json;

namespace HccOutcomes.Api.Tests.Infrastructure;

/// <summary>
/// The reference values in <c>tests/reference</c> (R outputs and the paper's published numbers), copied next to the test
/// binaries by <c>tests/Directory.Build.props</c>. A missing file fails the test: reference tests never skip.
/// </summary>
public static class ReferenceFiles
{
    public static string PathOf(string relative)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "reference", relative);
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"Reference file missing: {path}. It is copied from tests/reference at build time.", path);
    }

    public static JsonElement Json(string relative) => JsonDocument.Parse(File.ReadAllText(PathOf(relative))).RootElement.Clone();
}
