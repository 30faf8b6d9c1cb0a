using System.Net.Sockets;
using System.Text;
using HccOutcomes.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace HccOutcomes.Api.Tests.Robustness;

/// <summary>
/// Requests Kestrel itself would refuse with an empty body, sent as raw bytes to the app on a real Kestrel socket
/// (the in-memory test server has no request-line or header parsing of its own): they reach the app and are answered
/// as ProblemDetails.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class KestrelRejectionTests(ApiFactory factory)
{
    [Fact]
    public async Task A_ten_thousand_character_patient_id_is_400_on_externalId_not_an_empty_414()
    {
        using var kestrel = Start();
        var (status, headers, body) = await SendAsync(kestrel.Port,
            $"GET /api/v1/cohorts/{Guid.NewGuid()}/patients/{new string('x', 10_000)} HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer {factory.AdminToken}\r\nConnection: close\r\n\r\n");
        Assert.True(status is 400 or 404, $"{status}: {body}");
        Assert.Contains("application/problem+json", headers, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("\"status\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_non_ascii_byte_in_an_optional_header_is_ignored_not_a_dropped_request()
    {
        using var kestrel = Start();
        var request = Encoding.ASCII.GetBytes($"GET /api/v1/cohorts HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer {factory.AdminToken}\r\nPrefer: return=")
            .Concat(new byte[] { 0xE9 })
            .Concat(Encoding.ASCII.GetBytes("\r\nConnection: close\r\n\r\n"))
            .ToArray();
        var (status, _, body) = await SendAsync(kestrel.Port, request);
        Assert.True(status == 200, $"{status}: {body}");
    }

    private RunningKestrel Start()
    {
        var host = factory.WithWebHostBuilder(_ => { });
        host.UseKestrel(0);
        host.StartServer();
        var address = host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new RunningKestrel(host, new Uri(address).Port);
    }

    private static Task<(int Status, string Headers, string Body)> SendAsync(int port, string request) => SendAsync(port, Encoding.ASCII.GetBytes(request));

    private static async Task<(int Status, string Headers, string Body)> SendAsync(int port, byte[] request)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", port);
        await using var stream = tcp.GetStream();
        await stream.WriteAsync(request);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var response = await reader.ReadToEndAsync();
        var split = response.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var head = split < 0 ? response : response[..split];
        var status = int.Parse(head.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        return (status, head, split < 0 ? string.Empty : response[(split + 4)..]);
    }

    private sealed class RunningKestrel(IDisposable host, int port) : IDisposable
    {
        public int Port { get; } = port;

        public void Dispose() => host.Dispose();
    }
}
