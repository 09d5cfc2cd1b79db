using System.Diagnostics;
using System.Globalization;
using Threads.TestingHost;

namespace Threads.Cluster.Tests.Faults;

/// <summary>
/// A PostgreSQL server of the test's own (initdb and pg_ctl in a temporary folder, on a free loopback port) that the
/// test may stop and start under load, as .ci/run starts the shared one: as the <c>postgres</c> user when
/// running as root. The shared server (THREADS_TEST_POSTGRES) is never touched. Like the other PostgreSQL tests, the
/// test is skipped where THREADS_TEST_POSTGRES is not set, and fails on CI when the server cannot be made.
/// </summary>
internal sealed class ThrowawayPostgres : IAsyncDisposable
{
    private static readonly TimeSpan CommandBudget = TimeSpan.FromSeconds(60);

    private readonly string _bin;
    private readonly string _folder;

    private ThrowawayPostgres(string bin, string folder, int port)
    {
        _bin = bin;
        _folder = folder;
        Port = port;
    }

    public int Port { get; }

    public string ConnectionString => $"Host=127.0.0.1;Port={Port.ToString(CultureInfo.InvariantCulture)};Username=threads;Database=postgres;Timeout=3";

    private string Data => Path.Combine(_folder, "data");

    /// <summary>Makes the server's data folder (initdb) without starting it; <see cref="StartAsync"/> starts it.</summary>
    public static async Task<ThrowawayPostgres> CreateAsync(CancellationToken cancellationToken)
    {
        TestPostgres.ConnectionString();
        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(static d => Path.Combine(d, "bin"))
                .Where(static d => File.Exists(Path.Combine(d, "pg_ctl")))
                .OrderBy(static d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), CultureInfo.InvariantCulture, out var v) ? v : 0)
                .LastOrDefault()
            : null;
        if (bin is null)
        {
            Assert.False(
                string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase),
                "CI=true but no PostgreSQL binaries under /usr/lib/postgresql/*/bin.");
            Assert.Skip("The fault tests start a PostgreSQL server of their own: no binaries under /usr/lib/postgresql/*/bin.");
        }

        var folder = Directory.CreateTempSubdirectory("threads-fault-pg.").FullName;
        var server = new ThrowawayPostgres(bin!, folder, LoopbackPort.Free());
        if (Environment.IsPrivilegedProcess)
        {
            await RunAsync("chown", ["postgres", folder], cancellationToken);
        }

        await server.PgAsync($"'{bin}/initdb' -D '{server.Data}' -U threads -A trust -E UTF8 --no-instructions", cancellationToken);
        return server;
    }

    public Task StartAsync(CancellationToken cancellationToken) =>
        PgAsync(
            $"'{_bin}/pg_ctl' -D '{Data}' -l '{_folder}/log' -w -o \"-p {Port.ToString(CultureInfo.InvariantCulture)} -k '{_folder}' -c listen_addresses=127.0.0.1 -c max_connections=100\" start",
            cancellationToken);

    /// <summary>Stops the server (fast: sessions are terminated, as in a restart by an operator).</summary>
    public Task StopAsync(CancellationToken cancellationToken) => PgAsync($"'{_bin}/pg_ctl' -D '{Data}' -m fast -w stop", cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (File.Exists(Path.Combine(Data, "postmaster.pid")))
        {
            await PgAsync($"'{_bin}/pg_ctl' -D '{Data}' -m immediate -w stop", CancellationToken.None);
        }

        Directory.Delete(_folder, recursive: true);
    }

    private Task PgAsync(string command, CancellationToken cancellationToken) =>
        Environment.IsPrivilegedProcess
            ? RunAsync("su", ["postgres", "-s", "/bin/sh", "-c", command], cancellationToken)
            : RunAsync("/bin/sh", ["-c", command], cancellationToken);

    private static async Task RunAsync(string file, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(CommandBudget);
        var output = process.StandardOutput.ReadToEndAsync(budget.Token);
        var error = process.StandardError.ReadToEndAsync(budget.Token);
        await process.WaitForExitAsync(budget.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await output}{await error}");
        }
    }
}
