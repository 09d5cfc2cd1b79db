using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Threads.Grains.Events;
using Threads.Grains.Serialization;
using Threads.Grains.Storage.Postgres;

namespace Threads.Grains.Tests.Storage.Postgres;

/// <summary>Events cross silos over LISTEN/NOTIFY: a stream on one silo sees another silo's writes.</summary>
public sealed class PostgresEventTransportTests(PostgresDatabaseFixture database)
{
    private static readonly DateTimeOffset At = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Publish_OnOneSilo_StreamOnTheOtherReceivesIt()
    {
        await using var silos = await TwoSilos.ConnectAsync(database, "events");

        Assert.Equal(("ready", ThreadEventTypes.ThreadUpdated), (silos.Stream.Current.ThreadId, silos.Stream.Current.Type));
        var big = new string('x', 20_000);
        silos.First.Publish(new ThreadEvent { Type = ThreadEventTypes.MessagesAppended, Namespace = silos.Namespace, ThreadId = "t2", CreatedAt = At, Data = JsonDocument.Parse($"\"{big}\"").RootElement });
        while (await silos.Stream.MoveNextAsync() && silos.Stream.Current.ThreadId != "t2")
        {
        }

        // Too large for a notification: it arrives without its data.
        Assert.Equal(ThreadEventTypes.MessagesAppended, silos.Stream.Current.Type);
        Assert.Null(silos.Stream.Current.Data);
    }

    [Fact]
    public async Task Publish_ManyAtOnce_FewNotificationsCarryThemAllInOrder()
    {
        const int Count = 300;
        await using var silos = await TwoSilos.ConnectAsync(database, "packing");
        var (stream, timeout) = (silos.Stream, silos.Timeout);

        // What the server delivers on the channel, counted by a plain listener.
        await using var raw = new NpgsqlConnection(database.RequireConnectionString());
        await raw.OpenAsync(timeout);
        var notifications = new List<string>();
        raw.Notification += (_, e) => notifications.Add(e.Payload);
        await using (var listen = new NpgsqlCommand($"LISTEN \"threads_events_{database.Schema("packing")}\"", raw))
        {
            await listen.ExecuteNonQueryAsync(timeout);
        }

        var data = JsonDocument.Parse("{\"text\":\"line one\\nline two \\u2028 three\"}").RootElement;
        for (var i = 0; i < Count; i++)
        {
            silos.First.Publish(new ThreadEvent { Type = ThreadEventTypes.MessagesAppended, Namespace = silos.Namespace, ThreadId = $"pack-{i}", CreatedAt = At, Data = data });
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
            await raw.WaitAsync(timeout);
        }

        Assert.Equal(Enumerable.Range(0, Count).Select(i => $"pack-{i}"), heard.Select(e => e.ThreadId));
        Assert.All(heard, e => Assert.Equal(data.GetRawText(), e.Data?.GetRawText()));
        var carrying = notifications.Count(n => n.Contains("\"pack-", StringComparison.Ordinal));
        Assert.InRange(carrying, 1, Count / 4);
    }

    [Fact]
    public async Task Listen_UnreadableLineInANotification_IsSkippedAndTheRestArrive()
    {
        await using var silos = await TwoSilos.ConnectAsync(database, "unreadable");
        var after = new ThreadEvent { Type = ThreadEventTypes.ThreadUpdated, Namespace = silos.Namespace, ThreadId = "after", CreatedAt = At };
        var payload = "another-silo|not json\n" + JsonSerializer.Serialize(after, ThreadsJsonContext.Default.ThreadEvent);
        await using var raw = new NpgsqlConnection(database.RequireConnectionString());
        await raw.OpenAsync(silos.Timeout);
        await using (var notify = new NpgsqlCommand("SELECT pg_notify($1, $2)", raw))
        {
            notify.Parameters.AddWithValue($"threads_events_{database.Schema("unreadable")}");
            notify.Parameters.AddWithValue(payload);
            await notify.ExecuteNonQueryAsync(silos.Timeout);
        }

        // The probe may have been heard more than once.
        while (await silos.Stream.MoveNextAsync() && silos.Stream.Current.ThreadId == "ready")
        {
        }

        Assert.Equal("after", silos.Stream.Current.ThreadId);
    }

    [Fact]
    public async Task Publish_NoOtherSiloListening_SendsNothingUntilOneSaysHello()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var options = Options.Create(new PostgresStorageOptions { ConnectionString = database.RequireConnectionString(), Schema = database.Schema("presence") });
        await using var transport = new PostgresEventTransport(options, NullLogger<PostgresEventTransport>.Instance);
        var bus = new ThreadEventBus(Options.Create(new ThreadEventOptions()), transport);
        var channel = $"threads_events_{database.Schema("presence")}";
        await using var raw = new NpgsqlConnection(database.RequireConnectionString());
        await raw.OpenAsync(timeout.Token);
        var notifications = new List<string>();
        raw.Notification += (_, e) => notifications.Add(e.Payload);
        await using (var listen = new NpgsqlCommand($"LISTEN \"{channel}\"", raw))
        {
            await listen.ExecuteNonQueryAsync(timeout.Token);
        }

        // The silo's listener says hello when it connects; nobody answers.
        var relay = bus.RelayAsync(timeout.Token);
        while (!notifications.Any(n => n.EndsWith("|?", StringComparison.Ordinal)))
        {
            await raw.WaitAsync(timeout.Token);
        }

        var silo = notifications.First(n => n.EndsWith("|?", StringComparison.Ordinal))[..^2];
        Assert.False(transport.HasListeners);
        bus.Publish(new ThreadEvent { Type = ThreadEventTypes.ThreadUpdated, Namespace = "presence", ThreadId = "alone", CreatedAt = At });

        // Another silo says hello: this one answers "here" and from then on sends its events.
        await using (var hello = new NpgsqlCommand("SELECT pg_notify($1, 'another-silo|?')", raw))
        {
            hello.Parameters.AddWithValue(channel);
            await hello.ExecuteNonQueryAsync(timeout.Token);
        }

        while (!notifications.Contains(silo + "|"))
        {
            await raw.WaitAsync(timeout.Token);
        }

        Assert.True(transport.HasListeners);
        bus.Publish(new ThreadEvent { Type = ThreadEventTypes.ThreadUpdated, Namespace = "presence", ThreadId = "heard", CreatedAt = At });
        while (!notifications.Any(n => n.Contains("\"heard\"", StringComparison.Ordinal)))
        {
            await raw.WaitAsync(timeout.Token);
        }

        // One loop sends in order: had the first event been sent, it would have come before the second.
        Assert.DoesNotContain(notifications, n => n.Contains("\"alone\"", StringComparison.Ordinal));
        await timeout.CancelAsync();
        await relay;
    }

    /// <summary>
    /// Two silos on one channel and a stream of a fresh namespace on the second, connected: the first's probe event
    /// (thread "ready") is the stream's current event.
    /// </summary>
    private sealed class TwoSilos : IAsyncDisposable
    {
        private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(30));
        private readonly PostgresEventTransport[] _transports;
        private readonly Task[] _relays;

        private TwoSilos(PostgresDatabaseFixture database, string purpose)
        {
            var options = Options.Create(new PostgresStorageOptions { ConnectionString = database.RequireConnectionString(), Schema = database.Schema(purpose) });
            _transports = [new(options, NullLogger<PostgresEventTransport>.Instance), new(options, NullLogger<PostgresEventTransport>.Instance)];
            First = new ThreadEventBus(Options.Create(new ThreadEventOptions()), _transports[0]);
            var second = new ThreadEventBus(Options.Create(new ThreadEventOptions()), _transports[1]);
            _relays = [First.RelayAsync(_timeout.Token), second.RelayAsync(_timeout.Token)];
            Stream = second.SubscribeAsync(new ThreadEventFilter(Namespace), lastEventId: null, _timeout.Token).GetAsyncEnumerator(_timeout.Token);
        }

        public ThreadEventBus First { get; }

        public string Namespace { get; } = "ev" + Guid.NewGuid().ToString("N")[..12];

        public IAsyncEnumerator<ThreadEvent> Stream { get; }

        public CancellationToken Timeout => _timeout.Token;

        public static async Task<TwoSilos> ConnectAsync(PostgresDatabaseFixture database, string purpose)
        {
            var silos = new TwoSilos(database, purpose);
            var next = silos.Stream.MoveNextAsync().AsTask();

            // The listener connects asynchronously: publish until the other silo hears.
            while (!next.IsCompleted)
            {
                silos.First.Publish(new ThreadEvent { Type = ThreadEventTypes.ThreadUpdated, Namespace = silos.Namespace, ThreadId = "ready", CreatedAt = At });
                await Task.WhenAny(next, Task.Delay(100, silos.Timeout));
            }

            Assert.True(await next);
            return silos;
        }

        public async ValueTask DisposeAsync()
        {
            await Stream.DisposeAsync();
            await _timeout.CancelAsync();
            await Task.WhenAll(_relays);
            foreach (var transport in _transports)
            {
                await transport.DisposeAsync();
            }

            _timeout.Dispose();
        }
    }
}
