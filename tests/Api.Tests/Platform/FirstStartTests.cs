using HccOutcomes.Api.Tests.Infrastructure;
using Serilog.Events;

namespace HccOutcomes.Api.Tests.Platform;

/// <summary>The first start on an empty database (migrations, signing key, first token) logs nothing at Error.</summary>
public sealed class FirstStartTests
{
    [Fact]
    public async Task The_first_start_on_an_empty_database_logs_nothing_at_error()
    {
        var fresh = new ApiFactory();
        try
        {
            await fresh.InitializeAsync();
            using var client = fresh.CreateClient();
            Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
            Assert.True(await fresh.CountAsync("SELECT count(*) FROM __ef_migrations_history") >= 1);
            var errors = fresh.Log.Since(0).Where(e => e.Level >= LogEventLevel.Error).Select(CapturedLog.Text).ToList();
            Assert.Empty(errors);
        }
        finally
        {
            await fresh.DisposeAsync();
        }
    }
}
