using System.Net;
using HccOutcomes.Api.Tests.Infrastructure;
using HccOutcomes.Infrastructure;
using HccOutcomes.Infrastructure.Persistence;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace HccOutcomes.Api.Tests.Platform;

/// <summary>The API's connections to PostgreSQL are capped (<see cref="PersistenceTuning.MaxPoolSize"/>), and requests
/// beyond the cap wait for a connection instead of failing.</summary>
[Collection(ApiCollection.Name)]
public sealed class ConnectionPoolTests(ApiFactory factory)
{
    [Theory]
    [InlineData(null, null, -1)]
    [InlineData("3", null, 3)]
    [InlineData("3", "Maximum Pool Size=9", 9)]
    [InlineData(null, "MaxPoolSize=9", 9)]
    public void Pool_size_comes_from_the_setting_or_the_cores_unless_the_connection_string_sets_it(string? setting, string? inConnectionString, int expected)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Default"] = "Host=localhost;Username=hcc;Database=hcc" + (inConnectionString is null ? "" : ";" + inConnectionString),
            ["Persistence:MaxPoolSize"] = setting,
        };
        var services = new ServiceCollection().AddInfrastructure(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        using var provider = services.BuildServiceProvider();

        Assert.Equal(expected == -1 ? (2 * Environment.ProcessorCount) + 2 : expected, PoolSizeOf(provider));
    }

    [Fact]
    public async Task Puts_beyond_the_pool_wait_for_a_connection_and_all_succeed()
    {
        await using var narrow = factory.WithWebHostBuilder(b => b.UseSetting("Persistence:MaxPoolSize", "2"));
        Assert.Equal(2, PoolSizeOf(narrow.Services));

        var client = narrow.CreateClient();
        var cohort = await client.CreateCohortAsync("pool");

        var answers = await Task.WhenAll(Enumerable.Range(1, 16).Select(i =>
            client.PutAsync($"/api/v1/cohorts/{cohort}/patients/POOL-{i}", ApiFactory.RawJson(SamplePatients.RtPd1($"POOL-{i}").ToJsonString()))));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Created, a.StatusCode));
        Assert.Equal(16, await factory.CountAsync("SELECT count(*) FROM patients WHERE cohort_id = @c", ("c", cohort)));
    }

    [Fact]
    public async Task A_request_that_waits_too_long_for_a_connection_is_answered_503_with_retry_after_and_writes_nothing()
    {
        // One connection, held below by another unit of work, and a 1 s wait for it.
        var single = new NpgsqlConnectionStringBuilder(factory.Database.ApiConnectionString) { MaxPoolSize = 1, Timeout = 1 }.ConnectionString;
        await using var narrow = factory.WithWebHostBuilder(b => b.UseSetting("ConnectionStrings:Default", single));
        var client = narrow.CreateClient();
        var cohort = await factory.CreateClient().CreateCohortAsync("pool");

        using (var holder = narrow.Services.CreateScope())
        {
            await holder.ServiceProvider.GetRequiredService<HccDbContext>().Database.OpenConnectionAsync();
            var response = await client.PutAsync($"/api/v1/cohorts/{cohort}/patients/POOL-WAIT", ApiFactory.RawJson(SamplePatients.RtPd1("POOL-WAIT").ToJsonString()));

            await response.AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
            Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        }

        Assert.Equal(0, await factory.CountAsync("SELECT count(*) FROM patients WHERE cohort_id = @c", ("c", cohort)));
    }

    private static int PoolSizeOf(IServiceProvider services)
    {
        using var scope = services.CreateScope();
        return new NpgsqlConnectionStringBuilder(scope.ServiceProvider.GetRequiredService<HccDbContext>().Database.GetConnectionString()).MaxPoolSize;
    }
}
