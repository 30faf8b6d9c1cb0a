using HccOutcomes.Api.Hosting;
using HccOutcomes.Infrastructure;

var builder = WebApplication.CreateBuilder(args);

builder.AddApiLogging();
builder.Services.AddInfrastructure(builder.Configuration);
builder.Services.AddApiControllers();
builder.Services.AddApiProblemDetails();
builder.Services.AddRequestBodyLimit(builder.Configuration);
builder.Services.AddApiHealthChecks();
builder.Services.AddApiSwagger();

var app = builder.Build();

app.UseApiRequestLogging();
app.UseApiErrorHandling();
app.UseRequestBodyLimit();
app.UseApiSwagger();
app.MapApiHealthChecks();
app.MapControllers();

await app.ApplyMigrationsIfConfiguredAsync();
await app.RunAsync();

/// <summary>Entry point; public so that functional tests can use <c>WebApplicationFactory&lt;Program&gt;</c>.</summary>
public partial class Program;
