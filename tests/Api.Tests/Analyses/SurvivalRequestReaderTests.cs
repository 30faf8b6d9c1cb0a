using System.IO.Pipelines;
using System.Text;
using HccOutcomes.Api.Analyses;
using HccOutcomes.Api.Errors;

namespace HccOutcomes.Api.Tests.Analyses;

/// <summary>The streamed survival body reader leaves the request's pipe readable after it rejects a body.</summary>
public sealed class SurvivalRequestReaderTests
{
    [Theory]
    [InlineData("[]")]
    [InlineData("{")]
    [InlineData("{ \"subjects\": 5 }")]
    public async Task A_rejected_body_ends_the_read_so_the_server_can_drain_the_rest(string body)
    {
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(Encoding.UTF8.GetBytes(body));
        await pipe.Writer.WriteAsync(Encoding.UTF8.GetBytes(new string(' ', 4096)));
        await pipe.Writer.CompleteAsync();

        await Assert.ThrowsAsync<RequestValidationException>(() => SurvivalRequestReader.ReadAsync(pipe.Reader, CancellationToken.None));

        // Kestrel drains an unread body after the response; with a read left open this throws "Reading is already in progress".
        Assert.True(pipe.Reader.TryRead(out var rest));
        pipe.Reader.AdvanceTo(rest.Buffer.End);
    }
}
