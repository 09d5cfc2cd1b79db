using BenchmarkDotNet.Attributes;
using Threads.Grains;
using Threads.Grains.Storage;
using Threads.Grains.Threads.Internal;

namespace Threads.Benchmarks;

/// <summary>
/// Reading the last 50 messages of a 100,000-message thread, live (the grain is active, its tail cached) and cold (the
/// grain is deactivated first, so the call activates it and reads the store); the same read from the store for one of
/// 16 threads appended to side by side (so each thread's messages are spread over the log); listing a page among
/// 100,000 threads.
/// </summary>
[Config(typeof(BenchmarkConfig))]
public class ReadBenchmarks
{
    private const string BigResource = "big-resource";
    private static readonly MessageQuery LastFifty = new() { Limit = 50, Order = SortOrder.Descending };

    private string _path = null!;
    private BenchSilo _live = null!;
    private BenchSilo _cold = null!;
    private string _threadId = null!;
    private IThreadGrain _liveGrain = null!;
    private IThreadGrain _coldGrain = null!;
    private IResourceIndexGrain _index = null!;
    private string _middleCursor = null!;
    private string _sideBySideThreadId = null!;

    [GlobalSetup]
    public void Setup()
    {
        _path = BenchSilo.TempDatabase("read");
        _live = new BenchSilo(_path);
        // Every activation of this silo is idle as soon as its call ends, so each collection deactivates it.
        _cold = new BenchSilo(_path);
        _threadId = Identifiers.NewThreadId();
        BenchData.SeedThreadAsync(_live.Store, _threadId, 100_000).GetAwaiter().GetResult();
        BenchData.SeedResourceAsync(_live.Store, BigResource, 100_000).GetAwaiter().GetResult();
        var sideBySide = Enumerable.Range(0, 16).Select(_ => Identifiers.NewThreadId()).ToArray();
        Task.WhenAll(sideBySide.Select(id => BenchData.SeedThreadAsync(_live.Store, id, 6_250, chunk: 1))).GetAwaiter().GetResult();
        _sideBySideThreadId = sideBySide[0];
        _liveGrain = _live.Thread(BenchData.Namespace, _threadId);
        _coldGrain = _cold.Thread(BenchData.Namespace, _threadId);
        _index = _live.Grains.GetResourceIndex(BenchData.Namespace, BigResource);
        _liveGrain.GetMessagesAsync(LastFifty).GetAwaiter().GetResult();
        _middleCursor = Cursor.ForThreads(BenchData.Start.AddSeconds(50_000), $"thread_{BigResource}_{50_000:D7}");
    }

    [Benchmark]
    public Task<MessagePage> LastFiftyLive() => _liveGrain.GetMessagesAsync(LastFifty);

    [Benchmark]
    public async Task<MessagePage> LastFiftyCold()
    {
        await _cold.CollectIdleActivationsAsync();
        return await _coldGrain.GetMessagesAsync(LastFifty);
    }

    [Benchmark]
    public Task<IReadOnlyList<ThreadMessage>> LastFiftyStoreOnly() =>
        _live.Store.ReadMessagesAsync(BenchData.Namespace, _threadId, new MessageRange(null, null, Descending: true, 50), CancellationToken.None);

    [Benchmark]
    public Task<IReadOnlyList<ThreadMessage>> LastFiftyStoreOnlySideBySide() =>
        _live.Store.ReadMessagesAsync(BenchData.Namespace, _sideBySideThreadId, new MessageRange(null, null, Descending: true, 50), CancellationToken.None);

    [Benchmark]
    public Task<ThreadPage> ListFirstPage() => _index.ListThreadsAsync(new ThreadListQuery { Limit = 20 });

    [Benchmark]
    public Task<ThreadPage> ListPageAt50000() => _index.ListThreadsAsync(new ThreadListQuery { Limit = 20, Cursor = _middleCursor });

    [GlobalCleanup]
    public void Cleanup()
    {
        _cold.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _live.DisposeAsync().AsTask().GetAwaiter().GetResult();
        BenchSilo.Delete(_path);
    }
}
