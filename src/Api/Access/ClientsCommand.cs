using HccOutcomes.Infrastructure.Access;

namespace HccOutcomes.Api.Access;

/// <summary>
/// <c>clients add|list|revoke</c> on the command line (<c>./hcc clients …</c>): the same registry as
/// <c>/api/v1/admin/clients</c>, on the database of the configuration, without starting the web server. Changes are
/// audited as <c>local:&lt;user&gt;</c>.
/// </summary>
public static class ClientsCommand
{
    /// <summary>True when the arguments ask for this command.</summary>
    public static bool IsRequested(string[] args) => args.Length > 0 && args[0] == "clients";

    /// <summary>Runs the command; returns the process exit code.</summary>
    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var clients = scope.ServiceProvider.GetRequiredService<ClientRegistry>();
        switch (args.Skip(1).FirstOrDefault())
        {
            case "add":
                var options = Options(args[2..]);
                var role = Single(options, "role") ?? string.Empty;
                if (!Roles.All.Contains(role))
                {
                    return Fail($"--role must be one of: {string.Join(", ", Roles.All)}.");
                }

                var site = Single(options, "site");
                if (role == Roles.Submitter && site is null)
                {
                    return Fail("A submitter needs --site SITE.");
                }

                var cohorts = new List<Guid>();
                foreach (var value in options.GetValueOrDefault("cohort") ?? [])
                {
                    if (!Guid.TryParse(value, out var id))
                    {
                        return Fail($"--cohort '{value}' is not a cohort ID.");
                    }

                    cohorts.Add(id);
                }

                var created = await clients.CreateAsync(Single(options, "name") ?? role, role, site, cohorts, CancellationToken.None);
                // Two lines a script can read; the secret is shown this once.
                Console.Out.WriteLine($"client_id={created.Client.ClientId}");
                Console.Out.WriteLine($"client_secret={created.ClientSecret}");
                return 0;
            case "list":
                foreach (var c in await clients.ListAsync(CancellationToken.None))
                {
                    Console.Out.WriteLine(string.Join('\t', c.ClientId, c.Role, c.Site ?? "-", c.Name,
                        c.Cohorts.Length == 0 ? "-" : string.Join(',', c.Cohorts), c.RevokedAt is null ? "active" : "revoked"));
                }

                return 0;
            case "revoke" when args.Length == 3:
                return await clients.RevokeAsync(args[2], CancellationToken.None) ? 0 : Fail($"No client '{args[2]}'.");
            default:
                return Fail("usage: clients add --name NAME --role ROLE [--site SITE] [--cohort ID]... | clients list | clients revoke CLIENT_ID");
        }
    }

    private static Dictionary<string, List<string>> Options(string[] args)
    {
        var options = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i].StartsWith("--", StringComparison.Ordinal))
            {
                var name = args[i][2..];
                var values = options.TryGetValue(name, out var list) ? list : options[name] = [];
                // --cohort takes one or more IDs up to the next option.
                while (i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    values.Add(args[++i]);
                }
            }
        }

        return options;
    }

    private static string? Single(Dictionary<string, List<string>> options, string name) =>
        options.TryGetValue(name, out var values) && values.Count > 0 ? string.Join(' ', values) : null;

    private static int Fail(string message)
    {
        Console.Error.WriteLine(message);
        return 2;
    }
}
