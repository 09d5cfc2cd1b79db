using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Threads.Benchmarks.Telemetry;
using Threads.Grains;
using Threads.TestingHost;
using Threads.Grains.Storage;
using Threads.Grains.Storage.Sqlite;

namespace Threads.Benchmarks;

/// <summary>One in-process Orleans silo for the benchmarks over a store (SQLite unless given another), as the service hosts it.</summary>
public sealed class BenchSilo : IAsyncDisposable
{
    private readonly IHost _host;

    public BenchSilo(string databasePath, SqliteDurability durability = SqliteDurability.Full)
        : this(services => services.AddThreadsSqliteStorage(o =>
        {
            o.ConnectionString = $"Data Source={databasePath}";
            o.Durability = durability;
        }))
    {
    }

    /// <summary>
    /// A silo over the store <paramref name="addStorage"/> registers; with <paramref name="telemetry"/>, it records every
    /// span and metric as the silo does with an OTLP endpoint set (Orleans' activity propagation included), into
    /// exporters that drop them, so that what is measured is the recording, not a network.
    /// </summary>
    public BenchSilo(Action<IServiceCollection> addStorage, bool telemetry = false)
    {
        ArgumentNullException.ThrowIfNull(addStorage);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        addStorage(builder.Services);
        if (telemetry)
        {
            DroppingExporters.Add(builder.Services.AddThreadsTelemetry());
        }

        var cluster = $"bench-{Guid.NewGuid():N}";
        builder.UseOrleans(silo =>
        {
            silo.AddThreads().UseLocalhostClustering(LoopbackPort.Free(), LoopbackPort.Free(), serviceId: cluster, clusterId: cluster);
            if (telemetry)
            {
                silo.AddActivityPropagation();
            }
        });
        _host = builder.Build();
        Storage = _host.Services.GetRequiredService<IThreadStore>();
        Storage.InitializeAsync(CancellationToken.None).GetAwaiter().GetResult();
        _host.Start();
    }

    /// <summary>The silo's store.</summary>
    public IThreadStore Storage { get; }

    /// <summary>The silo's store, for a silo over SQLite.</summary>
    public SqliteThreadStore Store => (SqliteThreadStore)Storage;

    public IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();

    public IThreadGrain Thread(string ns, string id) => Grains.GetThread(ns, id);

    /// <summary>Deactivates every idle activation now, as Orleans' idle collection would later.</summary>
    public Task CollectIdleActivationsAsync() => Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }

    /// <summary>A temporary database path in a fresh folder.</summary>
    public static string TempDatabase(string name)
    {
        var folder = Path.Combine(Path.GetTempPath(), "threads-bench", name + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, "threads.db");
    }

    /// <summary>Deletes a database made by <see cref="TempDatabase"/>, with its folder.</summary>
    public static void Delete(string databasePath) => Directory.Delete(Path.GetDirectoryName(databasePath)!, recursive: true);
}
