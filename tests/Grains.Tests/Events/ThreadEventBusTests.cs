using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Threads.Grains.Events;
using Threads.Testing;

namespace Threads.Grains.Tests.Events;

public sealed class ThreadEventBusTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Subscribe_WithLastEventId_ReplaysLaterEventsThenLiveOnes()
    {
        var bus = NewBus(recent: 100);
        for (var i = 0; i < 5; i++)
        {
            bus.Publish(Event("ns", $"t{i}"));
        }

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await using var stream = bus.SubscribeAsync(new ThreadEventFilter("ns"), lastEventId: 3, cts.Token).GetAsyncEnumerator(cts.Token);
        Assert.True(await stream.MoveNextAsync());
        Assert.Equal(4, stream.Current.Id);
        Assert.True(await stream.MoveNextAsync());
        Assert.Equal(5, stream.Current.Id);
        var live = stream.MoveNextAsync();
        bus.Publish(Event("ns", "t5"));
        Assert.True(await live);
        Assert.Equal(("t5", 6L), (stream.Current.ThreadId, stream.Current.Id));
    }

    [Fact]
    public async Task Publish_DataAsAFunction_MadeOnlyWhenAStreamNeedsItAndOnlyOnce()
    {
        var bus = NewBus(recent: 100);
        var made = 0;
        Func<System.Text.Json.JsonElement> Data(string text) => () =>
        {
            Interlocked.Increment(ref made);
            return System.Text.Json.JsonSerializer.SerializeToElement(text);
        };

        bus.Publish(Event("ns", "t1"), Data("first"));
        bus.Publish(Event("ns", "t2"), Data("second"));
        var madeWithNoStream = made;
        var replayed = await TakeAsync(bus.SubscribeAsync(new ThreadEventFilter("ns", ThreadId: "t1"), lastEventId: 0), 1);
        var again = await TakeAsync(bus.SubscribeAsync(new ThreadEventFilter("ns"), lastEventId: 0), 2);

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await using var stream = bus.SubscribeAsync(new ThreadEventFilter("ns"), lastEventId: null, cts.Token).GetAsyncEnumerator(cts.Token);
        var live = stream.MoveNextAsync();
        bus.Publish(Event("ns", "t3"), Data("third"));
        Assert.True(await live);

        Assert.Equal(0, madeWithNoStream);
        Assert.Equal("first", replayed[0].Data!.Value.GetString());
        Assert.Equal(["first", "second"], again.Select(e => e.Data!.Value.GetString()));
        Assert.Equal("third", stream.Current.Data!.Value.GetString());
        Assert.Equal(3, made);
    }

    [Fact]
    public async Task Subscribe_Filters_OnlyMatchingNamespaceThreadAndResource()
    {
        var bus = NewBus(recent: 100);
        bus.Publish(Event("other", "t1"));
        bus.Publish(Event("ns", "t1", resourceId: "r1"));
        bus.Publish(Event("ns", "t2", resourceId: "r2"));
        bus.Publish(Event("ns", "t1", resourceId: "r1"));

        var thread = await TakeAsync(bus.SubscribeAsync(new ThreadEventFilter("ns", ThreadId: "t1"), lastEventId: 0), 2);
        var resource = await TakeAsync(bus.SubscribeAsync(new ThreadEventFilter("ns", ResourceId: "r2"), lastEventId: 0), 1);

        Assert.Equal([2L, 4L], thread.Select(e => e.Id));
        Assert.Equal([3L], resource.Select(e => e.Id));
    }

    [Fact]
    public async Task Subscribe_LastEventIdOlderThanWindow_ReplaysOnlyWhatIsKept()
    {
        var bus = NewBus(recent: 3);
        for (var i = 0; i < 10; i++)
        {
            bus.Publish(Event("ns", "t"));
        }

        var replayed = await TakeAsync(bus.SubscribeAsync(new ThreadEventFilter("ns"), lastEventId: 1), 3);

        Assert.Equal([8L, 9L, 10L], replayed.Select(e => e.Id));
    }

    [Fact]
    public async Task Publish_SubscriberTooSlow_ItsStreamEnds()
    {
        var bus = new ThreadEventBus(Options.Create(new ThreadEventOptions { RecentEvents = 10, SubscriberBuffer = 2 }));
        await using var stream = bus.SubscribeAsync(new ThreadEventFilter("ns"), null).GetAsyncEnumerator();
        var first = stream.MoveNextAsync();

        for (var i = 0; i < 5; i++)
        {
            bus.Publish(Event("ns", "t"));
        }

        var received = 0;
        while (await first || await stream.MoveNextAsync())
        {
            first = ValueTask.FromResult(false);
            received++;
        }

        Assert.InRange(received, 1, 3);
    }

    [Fact]
    public async Task PublishRelayed_OtherSilosEvents_StampedWithLocalIdsInOrder()
    {
        var bus = NewBus(recent: 100);
        bus.Publish(Event("ns", "local"));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await using var stream = bus.SubscribeAsync(new ThreadEventFilter("ns"), lastEventId: null, cts.Token).GetAsyncEnumerator(cts.Token);
        var live = stream.MoveNextAsync();

        // Ids as the sending silo stamped them: meaningless here, where the stream's ids are this silo's.
        bus.PublishRelayed([Event("ns", "r1") with { Id = 70 }, Event("other", "r2") with { Id = 71 }, Event("ns", "r3") with { Id = 72 }]);

        Assert.True(await live);
        Assert.Equal(("r1", 2L), (stream.Current.ThreadId, stream.Current.Id));
        Assert.True(await stream.MoveNextAsync());
        Assert.Equal(("r3", 4L), (stream.Current.ThreadId, stream.Current.Id));
        Assert.Equal(4, bus.LastEventId);
        var replayed = await TakeAsync(bus.SubscribeAsync(new ThreadEventFilter("ns"), lastEventId: 0), 3);
        Assert.Equal(["local", "r1", "r3"], replayed.Select(e => e.ThreadId));
    }

    [Fact]
    public async Task PublishRelayed_ThreadDeleted_PurgesThatThreadsKeptEvents()
    {
        var bus = NewBus(recent: 100);
        bus.Publish(Event("ns", "gone"));
        bus.PublishRelayed([Event("ns", "gone"), Event("ns", "kept")]);

        bus.PublishRelayed([Event("ns", "gone") with { Type = ThreadEventTypes.ThreadDeleted }]);

        var replayed = await TakeAsync(bus.SubscribeAsync(new ThreadEventFilter("ns"), lastEventId: 0), 2);
        Assert.Equal([("kept", ThreadEventTypes.ThreadUpdated), ("gone", ThreadEventTypes.ThreadDeleted)], replayed.Select(e => (e.ThreadId, e.Type)));
    }

    [Fact]
    public void Publish_TransportWithListeners_SendsTheStampedEventWithItsData()
    {
        var transport = new RecordingTransport { HasListeners = true };
        var bus = new ThreadEventBus(Options.Create(new ThreadEventOptions()), transport);

        bus.Publish(Event("ns", "t1"), () => System.Text.Json.JsonSerializer.SerializeToElement("made"));

        var sent = Assert.Single(transport.Sent);
        Assert.Equal((1L, "made"), (sent.Id, sent.Data!.Value.GetString()));
    }

    [Fact]
    public void Publish_TransportWithoutListeners_SendsNothingAndMakesNoData()
    {
        var transport = new RecordingTransport { HasListeners = false };
        var bus = new ThreadEventBus(Options.Create(new ThreadEventOptions()), transport);
        var made = false;

        bus.Publish(Event("ns", "t1"), () =>
        {
            made = true;
            return System.Text.Json.JsonSerializer.SerializeToElement("made");
        });

        Assert.Empty(transport.Sent);
        Assert.False(made);
    }

    [Fact]
    public async Task ThreadGrain_Writes_PublishEventsInOrder()
    {
        var clock = TestClock.Create();
        var services = new ServiceCollection()
            .AddSingleton(typeof(ILogger<>), typeof(NullLogger<>))
            .AddSingleton<TimeProvider>(clock)
            .AddThreadsGrains()
            .AddThreadsMemoryStorage()
            .StartTestSilo();
        await using var _ = services;
        var bus = services.GetRequiredService<ThreadEventBus>();
        var thread = services.GetRequiredService<IGrainFactory>().GetThread("ev", "t1");
        var live = TakeAsync(bus.SubscribeAsync(new ThreadEventFilter("ev", ThreadId: "t1"), lastEventId: null), 11);

        await thread.CreateAsync(new CreateThreadRequest { ResourceId = "r" });
        await thread.AppendAsync(new AppendMessagesRequest { Messages = [NewMessage.FromText(MessageRole.User, "hi")] });
        await thread.PatchStateAsync(System.Text.Json.JsonDocument.Parse("""{"a":1}""").RootElement);
        var held = await thread.AcquireLockAsync(new AcquireLockRequest("h", 30));
        await thread.ReleaseLockAsync(held.Token);
        await thread.StartRunAsync(new StartRunRequest { RunId = "r1" });
        await thread.CheckpointAsync("r1", new CheckpointRequest { Label = "one" });
        await thread.CompleteRunAsync("r1");
        await thread.UpdateAsync(new UpdateThreadRequest { Title = "t" });
        await thread.CloneAsync(new CloneThreadRequest { Id = "t2" });
        await thread.DeleteAsync();

        var events = await live;
        Assert.Equal(
            [
                ThreadEventTypes.ThreadCreated, ThreadEventTypes.MessagesAppended, ThreadEventTypes.StateChanged,
                ThreadEventTypes.LockAcquired, ThreadEventTypes.LockReleased, ThreadEventTypes.RunStarted,
                ThreadEventTypes.RunCheckpoint, ThreadEventTypes.RunEnded, ThreadEventTypes.ThreadUpdated,
                ThreadEventTypes.ThreadCloned, ThreadEventTypes.ThreadDeleted,
            ],
            events.Select(e => e.Type));
        Assert.All(events, e => Assert.Equal("r", e.ResourceId));
        Assert.Equal("hi", events[1].Data!.Value.GetProperty("messages")[0].GetProperty("content")[0].GetProperty("text").GetString());
        Assert.Equal("a", events[2].Data!.Value.GetProperty("changedKeys")[0].GetString());

        // Who holds the lock and until when, as GET …/lock shows it: the token is the holder's alone, never an event's.
        var locked = events[3].Data!.Value;
        Assert.Equal("h", locked.GetProperty("holder").GetString());
        Assert.Equal(held.ExpiresAt, locked.GetProperty("expiresAt").GetDateTimeOffset());
        Assert.False(locked.TryGetProperty("token", out var _));
        Assert.Equal("h", events[4].Data!.Value.GetProperty("holder").GetString());
        Assert.False(events[4].Data!.Value.TryGetProperty("token", out var _));
        // Erase: once the thread is deleted, a replay holds nothing of what it said, only that it is gone.
        var replay = await TakeAsync(bus.SubscribeAsync(new ThreadEventFilter("ev", ThreadId: "t1"), lastEventId: 0), 1);
        Assert.Equal(ThreadEventTypes.ThreadDeleted, Assert.Single(replay).Type);
    }

    private sealed class RecordingTransport : IThreadEventTransport
    {
        public bool HasListeners { get; init; }

        public List<ThreadEvent> Sent { get; } = [];

        public void Send(ThreadEvent threadEvent) => Sent.Add(threadEvent);
    }

    private static ThreadEventBus NewBus(int recent) =>
        new(Options.Create(new ThreadEventOptions { RecentEvents = recent, SubscriberBuffer = 100 }));

    private static ThreadEvent Event(string ns, string threadId, string? resourceId = null) =>
        new() { Type = ThreadEventTypes.ThreadUpdated, Namespace = ns, ThreadId = threadId, ResourceId = resourceId, CreatedAt = At };

    private static async Task<List<ThreadEvent>> TakeAsync(IAsyncEnumerable<ThreadEvent> stream, int count)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var taken = new List<ThreadEvent>();
        await foreach (var threadEvent in stream.WithCancellation(cts.Token))
        {
            taken.Add(threadEvent);
            if (taken.Count == count)
            {
                break;
            }
        }

        return taken;
    }
}
