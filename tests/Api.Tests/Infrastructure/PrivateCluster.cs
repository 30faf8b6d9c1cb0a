using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace HccOutcomes.Api.Tests.Infrastructure;

/// <summary>
/// A PostgreSQL cluster of a test's own, made with Debian's server binaries (<c>/usr/lib/postgresql/*/bin</c>, which
/// <c>./hcc</c> installs when missing) in a temporary folder on a free loopback port, so that the test may kill it.
/// As root, the server runs as <c>postgres</c> (or <c>hccpg</c>), as <c>./hcc</c> runs it. Only the postmaster whose
/// PID this cluster's own <c>postmaster.pid</c> names, and whose command line names this cluster's folder, is ever killed.
/// </summary>
public sealed class PrivateCluster : IAsyncDisposable
{
    private const string Password = "fault-test";
    private readonly string _bin;
    private readonly string? _osUser;

    private PrivateCluster(string bin, string? osUser, string directory, int port)
    {
        _bin = bin;
        _osUser = osUser;
        Directory = directory;
        Port = port;
    }

    /// <summary>The cluster's folder (data in <c>data/</c>, log in <c>postgres.log</c>, socket here).</summary>
    public string Directory { get; }

    /// <summary>The loopback port it listens on.</summary>
    public int Port { get; }

    private string DataDirectory => Path.Combine(Directory, "data");

    /// <summary>A superuser connection string to its <c>postgres</c> database (what <c>HCC_TEST_PG</c> would hold).</summary>
    public string ConnectionString => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = "postgres",
        Password = Password,
        Database = "postgres",
        Timeout = 5,
    }.ConnectionString;

    /// <summary>Creates and starts a cluster.</summary>
    public static async Task<PrivateCluster> StartAsync()
    {
        var bin = System.IO.Directory.Exists("/usr/lib/postgresql")
            ? System.IO.Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "initdb")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0)
                .FirstOrDefault()
            : null;
        if (bin is null)
        {
            throw new InvalidOperationException("PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin ('./hcc test' installs them).");
        }

        var osUser = Environment.UserName == "root" ? await ServerUserAsync() : null;
        var directory = System.IO.Directory.CreateTempSubdirectory("hcc-fault-pg-").FullName;
        var cluster = new PrivateCluster(bin, osUser, directory, FreePort());
        try
        {
            var passwordFile = Path.Combine(directory, "password");
            await File.WriteAllTextAsync(passwordFile, Password + "\n");
            if (osUser is not null)
            {
                await RunAsync("chown", "-R", osUser, directory);
            }

            await cluster.AsServerAsync("initdb", "-D", cluster.DataDirectory, "-U", "postgres", "--pwfile=" + passwordFile,
                "--auth-local=scram-sha-256", "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8");
            await cluster.StartServerAsync();
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the server (again), waiting until it accepts connections.</summary>
    public async Task StartServerAsync()
    {
        // After a kill -9 the old backends may hold the shared memory for a moment; the start is then refused.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await AsServerAsync("pg_ctl", "-D", DataDirectory, "-l", Path.Combine(Directory, "postgres.log"), "-w", "-t", "60", "start",
                    "-o", $"-c listen_addresses=127.0.0.1 -p {Port} -k {Directory} -c fsync=off -c shared_buffers=32MB -c max_connections=50");
                return;
            }
            catch (InvalidOperationException) when (attempt < 20)
            {
                await Task.Delay(250);
            }
        }
    }

    /// <summary>
    /// Kills this cluster's postmaster with SIGKILL (no shutdown, no checkpoint: a crash), and returns its PID once it
    /// is gone. Its backends notice and exit by themselves.
    /// </summary>
    public async Task<int> KillPostmasterAsync()
    {
        var pid = int.Parse((await File.ReadAllLinesAsync(Path.Combine(DataDirectory, "postmaster.pid")))[0].Trim(), System.Globalization.CultureInfo.InvariantCulture);
        var commandLine = (await File.ReadAllTextAsync($"/proc/{pid}/cmdline")).Replace('\0', ' ');
        if (!commandLine.Contains(DataDirectory, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"PID {pid} is not this cluster's postmaster ({commandLine}); not killing it.");
        }

        await RunAsync("kill", "-9", pid.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (Alive(pid))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The postmaster (PID {pid}) did not die.");
            }

            await Task.Delay(20);
        }

        return pid;
    }

    // Not a child of this process, so no WaitForExit: gone, or a zombie awaiting its reaper.
    private static bool Alive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].FirstOrDefault() != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
            {
                await AsServerAsync("pg_ctl", "-D", DataDirectory, "-m", "immediate", "-w", "stop");
            }
        }
        catch (InvalidOperationException)
        {
            // Not running.
        }

        System.IO.Directory.Delete(Directory, recursive: true);
    }

    // postgres refuses to run as root.
    private static async Task<string> ServerUserAsync()
    {
        if ((await TryRunAsync("id", "postgres")).ExitCode == 0)
        {
            return "postgres";
        }

        if ((await TryRunAsync("id", "hccpg")).ExitCode != 0)
        {
            await RunAsync("useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", "hccpg");
        }

        return "hccpg";
    }

    private Task AsServerAsync(string program, params string[] arguments) => _osUser is null
        ? RunAsync(Path.Combine(_bin, program), arguments)
        : RunAsync("runuser", ["-u", _osUser, "--", Path.Combine(_bin, program), .. arguments]);

    private static async Task RunAsync(string program, params string[] arguments)
    {
        var (exitCode, output) = await TryRunAsync(program, arguments);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed ({exitCode}): {output}");
        }
    }

    private static async Task<(int ExitCode, string Output)> TryRunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
