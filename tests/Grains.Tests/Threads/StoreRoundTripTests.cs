using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Threads.Grains.Storage;
using Threads.Grains.Storage.Memory;

namespace Threads.Grains.Tests.Threads;

/// <summary>What a read asks of the store: a cold read pays no freshness query for a header it has just read.</summary>
public sealed class StoreRoundTripTests : IAsyncDisposable
{
    private readonly CountingStore _counts;
    private readonly TestSilo _services;

    public StoreRoundTripTests()
    {
        var store = DispatchProxy.Create<IThreadStore, CountingStore>();
        _counts = (CountingStore)(object)store;
        _counts.Inner = new MemoryThreadStore();
        _services = new ServiceCollection()
            .AddSingleton(typeof(ILogger<>), typeof(NullLogger<>))
            .AddThreadsGrains()
            .AddSingleton(store)
            .StartTestSilo();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask DisposeAsync() => _services.DisposeAsync();

    [Fact]
    public async Task GetMessages_ColdThenWarm_WarmReadNeverReachesTheStore()
    {
        var thread = await ColdThreadAsync(title: null, ["hi"]);

        var cold = await thread.GetMessagesAsync(new MessageQuery { Limit = 50 }, Ct);
        var (coldHeaders, coldETags) = (_counts.Calls("GetThreadAsync"), _counts.Calls("GetETagAsync"));
        _counts.Reset();
        var warm = await thread.GetMessagesAsync(new MessageQuery { Limit = 50 }, Ct);

        Assert.Equal(["hi"], cold.Messages.Select(m => Assert.IsType<TextPart>(m.Content[0]).Text));
        Assert.Equal((1, 0), (coldHeaders, coldETags));
        Assert.Equal((0, 0, 0), (_counts.Calls("GetThreadAsync"), _counts.Calls("GetETagAsync"), _counts.Calls("ReadMessagesAsync")));
        Assert.Equal(cold.Messages.Select(m => m.Id), warm.Messages.Select(m => m.Id));
    }

    [Fact]
    public async Task GetMessages_ColdLastFewThenMore_OneQueryEachAndTheTailFillsUp()
    {
        var thread = await ColdThreadAsync(title: null, [.. Enumerable.Range(1, 150).Select(i => $"m{i}")]);

        var lastTen = await thread.GetMessagesAsync(new MessageQuery { Limit = 10, Order = SortOrder.Descending }, Ct);
        var coldCalls = _counts.Total;
        var coldReads = _counts.Calls("GetThreadWithNewestAsync");
        var lastEighty = await thread.GetMessagesAsync(new MessageQuery { Limit = 80, Order = SortOrder.Descending }, Ct);
        var widerReads = _counts.Calls("ReadMessagesAsync");
        var lastFifty = await thread.GetMessagesAsync(new MessageQuery { Limit = 50, Order = SortOrder.Descending }, Ct);

        Assert.Equal(Enumerable.Range(141, 10).Reverse().Select(i => $"m{i}"), lastTen.Messages.Select(m => Assert.IsType<TextPart>(m.Content[0]).Text));
        Assert.Equal(Enumerable.Range(71, 80).Reverse().Select(i => $"m{i}"), lastEighty.Messages.Select(m => Assert.IsType<TextPart>(m.Content[0]).Text));
        Assert.Equal(Enumerable.Range(101, 50).Reverse().Select(i => $"m{i}"), lastFifty.Messages.Select(m => Assert.IsType<TextPart>(m.Content[0]).Text));
        // The cold read is one store call, header and newest messages together; the wider one reads the whole tail once.
        Assert.Equal((1, 1, 1), (coldCalls, coldReads, widerReads));
        Assert.Equal(1, _counts.Calls("ReadMessagesAsync"));
    }

    [Fact]
    public async Task Get_ColdWithLastMessages_OneStoreCall()
    {
        var grains = _services.GetRequiredService<IGrainFactory>();
        var thread = await ColdThreadAsync("t", ["m1", "m2", "m3", "m4", "m5"]);

        var info = await thread.GetAsync(lastMessages: 3, Ct);
        var calls = _counts.Total;
        var missing = grains.GetThread("ns", Identifiers.NewThreadId());
        await Assert.ThrowsAsync<NotFoundException>(() => missing.GetMessagesAsync(new MessageQuery { Limit = 5, Order = SortOrder.Descending }, Ct));

        Assert.Equal("t", info.Title);
        Assert.Equal(["m3", "m4", "m5"], info.Messages!.Select(m => Assert.IsType<TextPart>(m.Content[0]).Text));
        Assert.Equal(1, calls);
        Assert.Equal(2, _counts.Calls("GetThreadWithNewestAsync"));
    }

    [Fact]
    public async Task FirstCall_StoreFailsToRead_CallerGetsTheErrorAndTheNextCallReadsAgain()
    {
        var thread = await ColdThreadAsync("t", ["hi"]);

        // The activation reads its header on its first call: when that read fails, the call fails, and the
        // activation has cached nothing, so the next call reads the header again.
        _counts.FailNext = new TimeoutException("the database did not answer");
        await Assert.ThrowsAsync<TimeoutException>(() => thread.GetAsync(cancellationToken: Ct));
        var info = await thread.GetAsync(lastMessages: 1, Ct);
        var page = await thread.GetMessagesAsync(new MessageQuery { Limit = 5 }, Ct);

        Assert.Equal("t", info.Title);
        Assert.Equal(["hi"], info.Messages!.Select(m => Assert.IsType<TextPart>(m.Content[0]).Text));
        Assert.Equal(["hi"], page.Messages.Select(m => Assert.IsType<TextPart>(m.Content[0]).Text));
    }

    /// <summary>A thread holding <paramref name="texts"/> (appended 75 at a time) whose activation is collected, with the store's counts reset.</summary>
    private async Task<IThreadGrain> ColdThreadAsync(string? title, string[] texts)
    {
        var thread = _services.GetRequiredService<IGrainFactory>().GetThread("ns", Identifiers.NewThreadId());
        await thread.CreateAsync(new CreateThreadRequest { Title = title }, Ct);
        foreach (var chunk in texts.Chunk(75))
        {
            await thread.AppendAsync(new AppendMessagesRequest { Messages = [.. chunk.Select(t => NewMessage.FromText(MessageRole.User, t))] }, cancellationToken: Ct);
        }

        await _services.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        _counts.Reset();
        return thread;
    }

    /// <summary>Forwards every call to the memory store and counts them by method name.</summary>
    public class CountingStore : DispatchProxy
    {
        private readonly Dictionary<string, int> _calls = [];

        public IThreadStore Inner { get; set; } = null!;

        /// <summary>Thrown by the next call instead of calling the store.</summary>
        public Exception? FailNext { get; set; }

        public int Calls(string method)
        {
            lock (_calls)
            {
                return _calls.GetValueOrDefault(method);
            }
        }

        public int Total
        {
            get
            {
                lock (_calls)
                {
                    return _calls.Values.Sum();
                }
            }
        }

        public void Reset()
        {
            lock (_calls)
            {
                _calls.Clear();
            }
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            ArgumentNullException.ThrowIfNull(targetMethod);
            lock (_calls)
            {
                _calls[targetMethod.Name] = _calls.GetValueOrDefault(targetMethod.Name) + 1;
            }

            if (FailNext is { } error)
            {
                FailNext = null;
                throw error;
            }

            return targetMethod.Invoke(Inner, args);
        }
    }
}
