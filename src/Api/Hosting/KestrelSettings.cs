using System.Text;

namespace HccOutcomes.Api.Hosting;

/// <summary>
/// Kestrel limits set so that a client's mistake reaches the app, which answers it as a ProblemDetails naming the
/// field; what Kestrel rejects itself gets an empty body. A request line up to 32 KiB (a 10,000-character patient
/// ID is answered 400 on <c>externalId</c>, not 414), and header values read as Latin-1 (a stray non-ASCII byte in an
/// optional header such as <c>Prefer</c> is a value the app ignores, not a dropped connection). Kestrel still refuses
/// what no app can see: a NUL (<c>%00</c>) in the path, a malformed request line.
/// </summary>
internal static class KestrelSettings
{
    public const int MaxRequestLineBytes = 32 * 1024;

    public static WebApplicationBuilder ConfigureApiKestrel(this WebApplicationBuilder builder)
    {
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestLineSize = MaxRequestLineBytes;
            kestrel.RequestHeaderEncodingSelector = _ => Encoding.Latin1;
        });
        return builder;
    }
}
