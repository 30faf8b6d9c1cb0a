using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace HccOutcomes.Infrastructure.Persistence;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without starting the API.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<HccDbContext>
{
    public HccDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<HccDbContext>()
            .UseNpgsql("Host=localhost;Database=hcc_design", npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history"))
            .UseSnakeCaseNamingConvention()
            .Options;
        return new HccDbContext(options);
    }
}
