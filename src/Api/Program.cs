using HccOutcomes.Api.Access;
using HccOutcomes.Api.Hosting;
using HccOutcomes.Api.Interop.Fhir;
using HccOutcomes.Infrastructure;

// The content root is the API's own directory (its appsettings.json), wherever it is started from: configuration files
// are watched for changes under the content root, and a working directory holding the database's files would be too.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });

builder.AddApiLogging();
builder.ConfigureApiKestrel();
builder.Services.AddInfrastructure(builder.Configuration);
builder.Services.AddApiControllers();
builder.Services.AddFhirInterop(builder.Configuration);
builder.Services.AddApiProblemDetails();
builder.Services.AddRequestBodyLimit(builder.Configuration);
builder.Services.AddApiHealthChecks();
builder.Services.AddApiSwagger();
builder.AddApiAccess();

await using var app = builder.Build();

app.UseApiRequestLogging();
app.UseSecurityHeaders();
app.UseApiErrorHandling();
app.UseRequestBodyLimit();
app.UseJsonBodyReplay();
app.UseApiSwagger();
app.UseApiHealthChecks();
app.UseApiAccess();
app.MapControllers();

await app.ApplyMigrationsIfConfiguredAsync();
if (ClientsCommand.IsRequested(args))
{
    return await ClientsCommand.RunAsync(app, args);
}

await app.CreateLocalAdminIfConfiguredAsync();
await app.RunAsync();
return 0;

/// <summary>Entry point; public so that functional tests can use <c>WebApplicationFactory&lt;Program&gt;</c>.</summary>
public partial class Program;
