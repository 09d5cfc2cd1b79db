using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Threads.Grains.Events;
using Threads.Grains.Storage.Postgres;

namespace Threads.Grains.Tests.Storage.Postgres;

/// <summary>Events cross silos over LISTEN/NOTIFY: a stream on one silo sees another silo's writes.</summary>
public sealed class PostgresEventTransportTests(PostgresDatabaseFixture database)
{
    private static readonly DateTimeOffset At = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Publish_OnOneSilo_StreamOnTheOtherReceivesIt()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var (first, firstTransport) = NewSilo();
        var (second, secondTransport) = NewSilo();
        await using var _ = firstTransport;
        await using var __ = secondTransport;
        var relays = new[] { first.RelayAsync(timeout.Token), second.RelayAsync(timeout.Token) };
        var ns = "ev" + Guid.NewGuid().ToString("N")[..12];
        var stream = second.SubscribeAsync(new ThreadEventFilter(ns), lastEventId: null, timeout.Token).GetAsyncEnumerator(timeout.Token);
        var next = stream.MoveNextAsync().AsTask();

        // The listener connects asynchronously: publish until the other silo hears, then check what it heard.
        while (!next.IsCompleted)
        {
            first.Publish(new ThreadEvent { Type = ThreadEventTypes.ThreadUpdated, Namespace = ns, ThreadId = "t1", CreatedAt = At });
            await Task.WhenAny(next, Task.Delay(100, timeout.Token));
        }

        Assert.True(await next);
        Assert.Equal(("t1", ThreadEventTypes.ThreadUpdated), (stream.Current.ThreadId, stream.Current.Type));
        var big = new string('x', 20_000);
        first.Publish(new ThreadEvent { Type = ThreadEventTypes.MessagesAppended, Namespace = ns, ThreadId = "t2", CreatedAt = At, Data = JsonDocument.Parse($"\"{big}\"").RootElement });
        while (await stream.MoveNextAsync() && stream.Current.ThreadId != "t2")
        {
        }

        // Too large for a notification: it arrives without its data.
        Assert.Equal(ThreadEventTypes.MessagesAppended, stream.Current.Type);
        Assert.Null(stream.Current.Data);
        await stream.DisposeAsync();
        await timeout.CancelAsync();
        await Task.WhenAll(relays);
    }

    [Fact]
    public async Task Publish_ManyAtOnce_FewNotificationsCarryThemAllInOrder()
    {
        const int Count = 300;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var (first, firstTransport) = NewSilo("packing");
        var (second, secondTransport) = NewSilo("packing");
        await using var _ = firstTransport;
        await using var __ = secondTransport;
        var relays = new[] { first.RelayAsync(timeout.Token), second.RelayAsync(timeout.Token) };
        var ns = "ev" + Guid.NewGuid().ToString("N")[..12];
        var stream = second.SubscribeAsync(new ThreadEventFilter(ns), lastEventId: null, timeout.Token).GetAsyncEnumerator(timeout.Token);
        var next = stream.MoveNextAsync().AsTask();
        while (!next.IsCompleted)
        {
            first.Publish(new ThreadEvent { Type = ThreadEventTypes.ThreadUpdated, Namespace = ns, ThreadId = "ready", CreatedAt = At });
            await Task.WhenAny(next, Task.Delay(100, timeout.Token));
        }

        // What the server delivers on the channel, counted by a plain listener.
        await using var raw = new NpgsqlConnection(database.RequireConnectionString());
        await raw.OpenAsync(timeout.Token);
        var notifications = new List<string>();
        raw.Notification += (_, e) => notifications.Add(e.Payload);
        await using (var listen = new NpgsqlCommand($"LISTEN \"threads_events_{database.Schema("packing")}\"", raw))
        {
            await listen.ExecuteNonQueryAsync(timeout.Token);
        }

        var data = JsonDocument.Parse("{\"text\":\"line one\\nline two \\u2028 three\"}").RootElement;
        for (var i = 0; i < Count; i++)
        {
            first.Publish(new ThreadEvent { Type = ThreadEventTypes.MessagesAppended, Namespace = ns, ThreadId = $"pack-{i}", CreatedAt = At, Data = data });
        }

        var heard = new List<ThreadEvent>();
        while (heard.Count < Count && await stream.MoveNextAsync())
        {
            if (stream.Current.ThreadId.StartsWith("pack-", StringComparison.Ordinal))
            {
                heard.Add(stream.Current);
            }
        }

        while (!notifications.Any(n => n.Contains($"\"pack-{Count - 1}\"", StringComparison.Ordinal)))
        {
            await raw.WaitAsync(timeout.Token);
        }

        Assert.Equal(Enumerable.Range(0, Count).Select(i => $"pack-{i}"), heard.Select(e => e.ThreadId));
        Assert.All(heard, e => Assert.Equal(data.GetRawText(), e.Data?.GetRawText()));
        var carrying = notifications.Count(n => n.Contains("\"pack-", StringComparison.Ordinal));
        Assert.InRange(carrying, 1, Count / 4);
        await stream.DisposeAsync();
        await timeout.CancelAsync();
        await Task.WhenAll(relays);
    }

    private (ThreadEventBus Bus, PostgresEventTransport Transport) NewSilo(string purpose = "events")
    {
        var options = Options.Create(new PostgresStorageOptions { ConnectionString = database.RequireConnectionString(), Schema = database.Schema(purpose) });
        var transport = new PostgresEventTransport(options, NullLogger<PostgresEventTransport>.Instance);
        return (new ThreadEventBus(Options.Create(new ThreadEventOptions()), transport), transport);
    }
}
