using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Threads.Client;
using Threads.TestingHost;

namespace Threads.Cluster.Tests;

/// <summary>One silo of a cluster under test, as its clients see it.</summary>
public sealed record SiloUnderTest(string Name, ThreadsClient Client, HttpClient Http, int SiloPort)
{
    /// <inheritdoc/>
    public override string ToString() => Name;
}

/// <summary>Three silos over one database, in process or as processes; the same tests run on both.</summary>
public abstract class ClusterUnderTest : IAsyncDisposable
{
    /// <summary>The silos, by index; a restarted silo keeps its index.</summary>
    public abstract IReadOnlyList<SiloUnderTest> Silos { get; }

    /// <summary>An Orleans cluster client of these silos (to ask where a grain is active).</summary>
    public abstract IClusterClient ClusterClient { get; }

    /// <summary>
    /// A client for one request: of the next silo, or of the one a thread routes to; a silo that is going down may
    /// still be picked, and its calls then answer unavailable.
    /// </summary>
    public abstract ThreadsClient NextClient();

    /// <summary>Ends the silo at once: no shutdown code runs (kill -9 for a process).</summary>
    public abstract Task KillAsync(int silo);

    /// <summary>Stops the silo gracefully and starts it again on the same ports.</summary>
    public abstract Task RestartAsync(int silo, CancellationToken cancellationToken);

    /// <inheritdoc/>
    public abstract ValueTask DisposeAsync();
}

/// <summary>A <see cref="ThreadsTestCluster"/>: silos in this process on an in-memory membership table.</summary>
public sealed class InProcessCluster(ThreadsTestCluster cluster) : ClusterUnderTest
{
    private readonly List<ThreadsTestSilo> _silos = [.. cluster.Silos];

    public override IReadOnlyList<SiloUnderTest> Silos => [.. _silos.Select(static s => new SiloUnderTest(s.Name, s.Client, s.Http, s.SiloPort))];

    public override IClusterClient ClusterClient => cluster.ClusterClient;

    public override ThreadsClient NextClient() => cluster.Client;

    public override Task KillAsync(int silo) => cluster.KillSiloAsync(_silos[silo]);

    public override async Task RestartAsync(int silo, CancellationToken cancellationToken) =>
        _silos[silo] = await cluster.RestartSiloAsync(_silos[silo], cancellationToken);

    public override ValueTask DisposeAsync() => cluster.DisposeAsync();
}

/// <summary>Silo processes (<c>dotnet Threads.Silo.dll</c>) in one AdoNet cluster, with an Orleans client in this process.</summary>
public sealed class ProcessCluster : ClusterUnderTest
{
    private const int ReportedLines = 40;

    private readonly ThreadsSiloProcess[] _silos;
    private readonly IHost _client;
    private int _turn;

    private ProcessCluster(ThreadsSiloProcess[] silos, IHost client)
    {
        _silos = silos;
        _client = client;
    }

    public override IReadOnlyList<SiloUnderTest> Silos => [.. _silos.Select(static (s, i) => new SiloUnderTest($"silo-{i}", s.Client, s.Http, s.SiloPort))];

    public override IClusterClient ClusterClient => _client.Services.GetRequiredService<IClusterClient>();

    public override ThreadsClient NextClient() => _silos[(int)((uint)Interlocked.Increment(ref _turn) % _silos.Length)].Client;

    /// <summary>Starts <paramref name="count"/> silos with <paramref name="configuration"/> (one cluster: AdoNet, one ClusterId).</summary>
    public static async Task<ProcessCluster> StartAsync(int count, IReadOnlyDictionary<string, string?> configuration, Action<ThreadsClusterClientOptions> client, CancellationToken cancellationToken)
    {
        // One after another: three processes starting at once on a small machine (each compiling Orleans and the
        // HTTP stack) can leave a silo that just became active too starved to answer its peers' 1 s probes twice, and
        // its peers then declare it dead, as they would in production; that is not what these tests are about.
        List<ThreadsSiloProcess> silos = [];
        try
        {
            for (var i = 0; i < count; i++)
            {
                silos.Add(await ThreadsSiloProcess.StartAsync(configuration, cancellationToken));
            }
        }
        catch
        {
            // One silo failed to start: the ones before it did, and no one else will stop their processes.
            await Task.WhenAll(silos.Select(static s => s.DisposeAsync().AsTask()));
            throw;
        }

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.AddThreadsClusterClient(client);
        var host = builder.Build();
        await host.StartAsync(cancellationToken);
        return new ProcessCluster([.. silos], host);
    }

    public override Task KillAsync(int silo) => _silos[silo].KillAsync();

    public override async Task RestartAsync(int silo, CancellationToken cancellationToken)
    {
        await _silos[silo].TerminateAsync(cancellationToken);
        await _silos[silo].RestartAsync(cancellationToken);
    }

    public override async ValueTask DisposeAsync()
    {
        Report();
        await _client.StopAsync();
        _client.Dispose();

        // Killed, not stopped: nothing after the test needs their goodbye, and each graceful stop takes seconds.
        await Task.WhenAll(_silos.Select(static s => s.DisposeAsync().AsTask()));
    }

    /// <summary>
    /// Writes each silo's state and the end of its log to the test's output, which a failed test shows: a silo that
    /// ended on its own (declared dead by its peers, say) leaves its exit code and last words there.
    /// </summary>
    private void Report()
    {
        var output = TestContext.Current.TestOutputHelper;
        if (output is null)
        {
            return;
        }

        for (var i = 0; i < _silos.Length; i++)
        {
            var silo = _silos[i];
            output.WriteLine($"silo-{i} ({silo.BaseAddress}, silo port {silo.SiloPort}): {(silo.HasExited ? $"exited with {silo.ExitCode}" : "running")}");
            foreach (var line in silo.Errors.TakeLast(ReportedLines))
            {
                output.WriteLine($"  stderr | {line}");
            }

            foreach (var line in silo.Output.TakeLast(ReportedLines))
            {
                output.WriteLine($"  log    | {line}");
            }
        }
    }
}
