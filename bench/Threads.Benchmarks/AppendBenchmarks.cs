using BenchmarkDotNet.Attributes;
using Threads.Grains;
using Threads.Grains.Storage.Sqlite;

namespace Threads.Benchmarks;

/// <summary>Appending one message through the grain: the cost must not grow with the thread.</summary>
[Config(typeof(BenchmarkConfig))]
public class AppendBenchmarks
{
    private string _path = null!;
    private BenchSilo _silo = null!;
    private IThreadGrain _grain = null!;
    private AppendMessagesRequest _request = null!;

    /// <summary>How many messages the thread holds before the run.</summary>
    [Params(10, 100_000)]
    public int Length { get; set; }

    /// <summary>Full syncs every commit (the cost is mostly the disk's); Normal shows the CPU cost alone.</summary>
    [Params(SqliteDurability.Full, SqliteDurability.Normal)]
    public SqliteDurability Durability { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _path = BenchSilo.TempDatabase("append");
        _silo = new BenchSilo(_path, Durability);
        var id = Identifiers.NewThreadId();
        BenchData.SeedThreadAsync(_silo.Store, id, Length).GetAwaiter().GetResult();
        _grain = _silo.Thread(BenchData.Namespace, id);
        _grain.GetAsync().GetAwaiter().GetResult();
        _request = new AppendMessagesRequest { Messages = [BenchData.Turn(1)] };
    }

    [Benchmark]
    public Task<AppendMessagesResult> AppendOneMessage() => _grain.AppendAsync(_request);

    [GlobalCleanup]
    public void Cleanup()
    {
        _silo.DisposeAsync().AsTask().GetAwaiter().GetResult();
        BenchSilo.Delete(_path);
    }
}
