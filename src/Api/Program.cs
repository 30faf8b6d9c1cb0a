var builder = WebApplication.CreateBuilder(args);
builder.Services.AddControllers();
var app = builder.Build();
app.MapControllers();
app.Run();

/// <summary>Entry point; public so that functional tests can use <c>WebApplicationFactory&lt;Program&gt;</c>.</summary>
public partial class Program;
