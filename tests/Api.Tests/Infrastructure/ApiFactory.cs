using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using HccOutcomes.Api.Access;
using HccOutcomes.Demo;
using HccOutcomes.Infrastructure.Access;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Serilog.Core;

namespace HccOutcomes.Api.Tests.Infrastructure;

/// <summary>
/// The real application (<see cref="Program"/>) on the test server, against a fresh PostgreSQL database
/// to which the real EF migrations are applied at start-up. One instance is shared by all integration
/// tests of a run; tests create their own cohorts, so they do not depend on order.
/// </summary>
public sealed class ApiFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    private TestDatabase? _database;

    /// <summary>The test database (valid after <see cref="InitializeAsync"/>).</summary>
    public TestDatabase Database => _database ?? throw new InvalidOperationException("Not initialised.");

    /// <summary>The PostgreSQL server to make the test database on (a superuser connection string); <c>HCC_TEST_PG</c>'s when null.</summary>
    public string? PostgresServer { get; init; }

    /// <summary>What the API logged (see <see cref="CapturedLog"/>).</summary>
    public CapturedLog Log { get; } = new();

    /// <summary>Serializer options matching the API's JSON conventions.</summary>
    public static readonly JsonSerializerOptions Json = CreateJson();

    /// <summary>An admin's bearer token, which every client of <see cref="WebApplicationFactory{TEntryPoint}.CreateClient()"/> sends.</summary>
    public string AdminToken { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(PostgresServer);
        _ = Server; // start the host now, so that migrations run once, here
        AdminToken = await TokenAsync(Roles.Admin);
    }

    /// <summary>Creates a client with this role, site and cohorts, and returns a token of it.</summary>
    public async Task<string> TokenAsync(string role, string? site = null, params Guid[] cohorts)
    {
        var (clientId, secret) = await CreateClientAsync(role, site, cohorts);
        return await ClientTokenAsync(clientId, secret);
    }

    /// <summary>Creates a client (through the API's own registry) and returns its ID and secret.</summary>
    public async Task<(string ClientId, string Secret)> CreateClientAsync(string role, string? site = null, params Guid[] cohorts)
    {
        await using var scope = Services.CreateAsyncScope();
        var created = await scope.ServiceProvider.GetRequiredService<ClientRegistry>()
            .CreateAsync($"test {role} {site}", role, site, cohorts, CancellationToken.None);
        return (created.Client.ClientId, created.ClientSecret);
    }

    /// <summary>A token from the embedded server's token endpoint (client credentials).</summary>
    public async Task<string> ClientTokenAsync(string clientId, string secret)
    {
        using var http = Server.CreateClient();
        using var response = await http.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = clientId,
            ["client_secret"] = secret,
        }));
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Token request failed: {(int)response.StatusCode} {body}");
        }

        return JsonDocument.Parse(body).RootElement.GetProperty("access_token").GetString()!;
    }

    /// <summary>A client that sends <paramref name="token"/> (none when null).</summary>
    public HttpClient ClientWith(string? token)
    {
        var client = Server.CreateClient();
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    // Every client sends the admin token, also those of hosts derived with WithWebHostBuilder (they call this too).
    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        if (AdminToken.Length > 0)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        // The API connects as its least-privilege login; the migrations run as the owner.
        builder.UseSetting("ConnectionStrings:Default", Database.ApiConnectionString);
        builder.UseSetting("ConnectionStrings:Migrations", Database.ConnectionString);
        builder.UseSetting("Database:ApplyMigrations", "true");
        builder.UseSetting("Authentication:CreateLocalAdmin", "false");
        // Tests of If-Match and of rate limits turn these on in their own host (WithWebHostBuilder).
        builder.UseSetting("Registry:RequireIfMatch", "false");
        builder.UseSetting("RateLimits:PermitsPerSecond", "1000000");
        builder.UseSetting("RateLimits:Burst", "1000000");
        builder.UseSetting("RateLimits:AnalysesPerSecond", "1000000");
        builder.UseSetting("RateLimits:AnalysesBurst", "1000000");
        builder.UseSetting("RequestBodyLimit:DefaultBytes", (1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture));
        // The demo loader on top of the app's own services, as the demo tool registers it (tests/Api.Tests/Demo).
        builder.ConfigureServices(services => services.AddSingleton<ILogEventSink>(Log).AddDemoCohort());
    }

    public new async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    /// <summary>Runs a scalar SQL query on the test database (for "nothing was written" checks).</summary>
    public async Task<long> CountAsync(string sql, params (string Name, object Value)[] parameters) =>
        Convert.ToInt64(await ScalarAsync<object>(sql, parameters), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Runs a scalar SQL query on the test database.</summary>
    public async Task<T> ScalarAsync<T>(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return (T)(await command.ExecuteScalarAsync())!;
    }

    public static StringContent JsonBody(object body) =>
        new(JsonSerializer.Serialize(body, Json), Encoding.UTF8, new MediaTypeHeaderValue("application/json"));

    public static StringContent RawJson(string json) =>
        new(json, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));

    private static JsonSerializerOptions CreateJson()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        options.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        return options;
    }
}

/// <summary>Shares one <see cref="ApiFactory"/> across the integration test classes.</summary>
[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ApiFactory>
{
    public const string Name = "api";
}
