using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace HccOutcomes.Infrastructure.Persistence;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without starting the API.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<HccDbContext>
{
    public HccDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<HccDbContext>();
        HccDbContext.Configure(options, "Host=localhost;Database=hcc_design");
        return new HccDbContext(options.Options);
    }
}
