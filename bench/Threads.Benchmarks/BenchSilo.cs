using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Threads.Grains;
using Threads.Grains.Runtime;
using Threads.Grains.Storage.Sqlite;

namespace Threads.Benchmarks;

/// <summary>One in-process silo for the benchmarks: the grain runtime over the SQLite store, as the service hosts it.</summary>
public sealed class BenchSilo : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    public BenchSilo(string databasePath, SqliteDurability durability = SqliteDurability.Full, Action<GrainRuntimeOptions>? runtime = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddThreadsGrains(runtime);
        services.AddThreadsSqliteStorage(o =>
        {
            o.ConnectionString = $"Data Source={databasePath}";
            o.Durability = durability;
        });
        _services = services.BuildServiceProvider();
        Store = _services.GetRequiredService<SqliteThreadStore>();
        Runtime = _services.GetRequiredService<GrainRuntime>();
        Store.InitializeAsync(CancellationToken.None).GetAwaiter().GetResult();
    }

    public SqliteThreadStore Store { get; }

    public GrainRuntime Runtime { get; }

    public IGrainFactory Grains => Runtime;

    public IThreadGrain Thread(string ns, string id) => Runtime.GetGrain<IThreadGrain>(ns, id);

    public ValueTask DisposeAsync() => _services.DisposeAsync();

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
