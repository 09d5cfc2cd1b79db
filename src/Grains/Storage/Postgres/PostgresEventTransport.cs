using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using Threads.Grains.Events;
using Threads.Grains.Serialization;
using Threads.Grains.Storage.Postgres.Internal;

namespace Threads.Grains.Storage.Postgres;

/// <summary>
/// Carries events between silos over PostgreSQL's LISTEN/NOTIFY, on a channel per schema: the one path by which a silo
/// hears of another's writes. One loop sends every event waiting, after the write's commit, in one statement committed
/// asynchronously, so it never slows a write. A notification is the sending silo's id, then as many events' JSON as
/// fit in NOTIFY's 8,000 bytes, separated by line feeds (compact JSON escapes any in its strings): each notification
/// costs the server a queue entry and a wake-up of every listener, so under load one carries many events. An event
/// too large for a notification of its own travels without its <c>data</c> (the stream still says what happened; read
/// the thread for the rest).
/// <para>
/// A silo alone sends nothing: the silos on a channel tell each other they listen, and events are sent only while
/// another silo was heard from lately (<see cref="HasListeners"/>). A listener says "hello" (its id, then <c>?</c>)
/// when it connects, which every other listener answers with "here" (its id alone); each says "here" again every
/// <see cref="PresenceInterval"/>, and a silo counts as listening for three intervals after it was last heard. So two
/// silos know of each other one round of notifications after the later one connects, whatever the order.
/// </para>
/// </summary>
public sealed partial class PostgresEventTransport : IThreadEventTransport, IAsyncDisposable
{
    private const int MaxPayloadBytes = 7_900;

    // Events sent in one statement at most.
    private const int MaxSendBatch = 1_000;

    // What a listener says besides events: "hello" asks the others to answer, "here" answers (and repeats).
    private const string Hello = "?";
    private const string Here = "";

    private static readonly TimeSpan ReconnectDelay = TimeSpan.FromSeconds(1);

    /// <summary>How often a listener says it is here; it also proves the connection alive.</summary>
    private static readonly TimeSpan PresenceInterval = TimeSpan.FromSeconds(10);

    private readonly NpgsqlDataSource _dataSource;

    // The listener's own connection, outside the pool: a connection that LISTENs must never be handed to a sender
    // (pooled connections keep their session here), or it would keep receiving every notification while idle.
    private readonly NpgsqlDataSource _listenerSource;
    private readonly string _channel;
    private readonly string _silo = Guid.NewGuid().ToString("N");
    private readonly Channel<Outgoing> _outbox = Channel.CreateBounded<Outgoing>(new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
    private readonly CancellationTokenSource _stopping = new();
    private readonly ILogger<PostgresEventTransport> _logger;
    private Task? _sender;

    // Until when (Environment.TickCount64) another silo counts as listening; and whether one asked who is here.
    private long _listenersUntil;
    private int _helloHeard;

    /// <summary>Creates the transport over the store's database and schema.</summary>
    public PostgresEventTransport(IOptions<PostgresStorageOptions> options, ILogger<PostgresEventTransport> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = new NpgsqlDataSourceBuilder(options.Value.ConnectionString);

        // A notifying transaction commits a record, and nothing here needs to wait for its WAL flush: its connections
        // commit asynchronously, so a send is one statement. The senders set no other session state, so a pooled
        // connection needs no reset query on its next use.
        SessionSettings.Add(builder.ConnectionStringBuilder, "-c synchronous_commit=off");
        builder.ConnectionStringBuilder.NoResetOnClose = true;
        _dataSource = builder.Build();
        builder.ConnectionStringBuilder.Pooling = false;
        _listenerSource = builder.Build();
        _channel = options.Value.Schema == "public" ? "threads_events" : "threads_events_" + options.Value.Schema;
        _logger = logger;
    }

    /// <inheritdoc/>
    public bool HasListeners => Environment.TickCount64 < Volatile.Read(ref _listenersUntil);

    /// <inheritdoc/>
    public void Send(ThreadEvent threadEvent)
    {
        ArgumentNullException.ThrowIfNull(threadEvent);
        var json = JsonSerializer.Serialize(threadEvent, ThreadsJsonContext.Default.ThreadEvent);
        var bytes = Encoding.UTF8.GetByteCount(json);
        if (_silo.Length + 1 + bytes > MaxPayloadBytes)
        {
            json = JsonSerializer.Serialize(threadEvent with { Data = null }, ThreadsJsonContext.Default.ThreadEvent);
            bytes = Encoding.UTF8.GetByteCount(json);
        }

        _outbox.Writer.TryWrite(new Outgoing(json, bytes));
        if (_sender is null)
        {
            lock (_outbox)
            {
                _sender ??= Task.Run(() => SendLoopAsync(_stopping.Token), CancellationToken.None);
            }
        }
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<ThreadEvent> ReceiveAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var received = Channel.CreateBounded<ThreadEvent>(new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropOldest, SingleWriter = true });
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
        var listener = Task.Run(() => ListenAsync(received.Writer, linked.Token), CancellationToken.None);
        try
        {
            await foreach (var threadEvent in received.Reader.ReadAllAsync(linked.Token).ConfigureAwait(false))
            {
                yield return threadEvent;
            }
        }
        finally
        {
            await linked.CancelAsync().ConfigureAwait(false);
            await listener.ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        _outbox.Writer.TryComplete();
        if (_sender is { } sender)
        {
            await sender.ConfigureAwait(false);
        }

        await _dataSource.DisposeAsync().ConfigureAwait(false);
        await _listenerSource.DisposeAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    private async Task SendLoopAsync(CancellationToken cancellationToken)
    {
        var events = new List<Outgoing>();
        try
        {
            while (await _outbox.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (events.Count < MaxSendBatch && _outbox.Reader.TryRead(out var outgoing))
                {
                    events.Add(outgoing);
                }

                try
                {
                    await using var notify = _dataSource.CreateCommand("SELECT count(pg_notify($1, p)) FROM unnest($2) AS p");
                    notify.Parameters.Add(new NpgsqlParameter { Value = _channel, NpgsqlDbType = NpgsqlDbType.Text });
                    notify.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = Pack(events), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
                    await notify.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (NpgsqlException ex)
                {
                    LogSendFailed(ex, events.Count);
                }

                events.Clear();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping: what is still queued is not sent.
        }
    }

    /// <summary>The notifications carrying <paramref name="events"/>, in order: the silo's id, then one event per line, each at most <see cref="MaxPayloadBytes"/>.</summary>
    private string[] Pack(List<Outgoing> events)
    {
        var payloads = new List<string>();
        var payload = new StringBuilder();
        var bytes = 0;
        foreach (var (json, size) in events)
        {
            if (payload.Length > 0 && bytes + 1 + size > MaxPayloadBytes)
            {
                payloads.Add(payload.ToString());
                payload.Clear();
            }

            if (payload.Length == 0)
            {
                payload.Append(_silo).Append('|');
                bytes = _silo.Length + 1;
            }
            else
            {
                payload.Append('\n');
                bytes++;
            }

            payload.Append(json);
            bytes += size;
        }

        payloads.Add(payload.ToString());
        return [.. payloads];
    }

    private async Task ListenAsync(ChannelWriter<ThreadEvent> received, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await _listenerSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
                connection.Notification += (_, e) => Unpack(e.Payload, received);
                await using (var listen = new NpgsqlCommand($"LISTEN \"{_channel}\"", connection))
                {
                    await listen.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                await SayAsync(connection, Hello, cancellationToken).ConfigureAwait(false);
                var nextHere = Environment.TickCount64 + (long)PresenceInterval.TotalMilliseconds;
                while (true)
                {
                    // Saying "here" on time also proves the connection alive: a dead one fails and is replaced.
                    var wait = TimeSpan.FromMilliseconds(Math.Max(0, nextHere - Environment.TickCount64));
                    await connection.WaitAsync(wait, cancellationToken).ConfigureAwait(false);
                    if (Interlocked.Exchange(ref _helloHeard, 0) == 1 || Environment.TickCount64 >= nextHere)
                    {
                        await SayAsync(connection, Here, cancellationToken).ConfigureAwait(false);
                        nextHere = Environment.TickCount64 + (long)PresenceInterval.TotalMilliseconds;
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or System.IO.IOException or TimeoutException)
            {
                LogListenFailed(ex);
                await Task.Delay(ReconnectDelay, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <summary>Says <paramref name="what"/> (<see cref="Hello"/> or <see cref="Here"/>) on the channel, after this silo's id.</summary>
    private async Task SayAsync(NpgsqlConnection connection, string what, CancellationToken cancellationToken)
    {
        await using var say = new NpgsqlCommand("SELECT pg_notify($1, $2)", connection);
        say.Parameters.Add(new NpgsqlParameter { Value = _channel, NpgsqlDbType = NpgsqlDbType.Text });
        say.Parameters.Add(new NpgsqlParameter { Value = _silo + "|" + what, NpgsqlDbType = NpgsqlDbType.Text });
        await say.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Takes in another silo's notification: the silo counts as listening from now; a hello is to be answered; events
    /// are passed on, in order. A notification of this silo's own is skipped.
    /// </summary>
    private void Unpack(string payload, ChannelWriter<ThreadEvent> received)
    {
        var separator = payload.IndexOf('|', StringComparison.Ordinal);
        if (separator <= 0 || payload.AsSpan(0, separator).SequenceEqual(_silo))
        {
            return;
        }

        Volatile.Write(ref _listenersUntil, Environment.TickCount64 + (3 * (long)PresenceInterval.TotalMilliseconds));
        var events = payload.AsSpan(separator + 1);
        if (events.SequenceEqual(Hello))
        {
            Volatile.Write(ref _helloHeard, 1);
            return;
        }

        if (events.IsEmpty)
        {
            return;
        }

        foreach (var range in events.Split('\n'))
        {
            try
            {
                if (JsonSerializer.Deserialize(events[range], ThreadsJsonContext.Default.ThreadEvent) is { } remote)
                {
                    received.TryWrite(remote);
                }
            }
            catch (JsonException ex)
            {
                // Not one of ours (another program on the channel, or a newer silo's format): skipped, not fatal.
                LogUnreadableEvent(ex);
            }
        }
    }

    /// <summary>An event's JSON, waiting to be sent, and its size in UTF-8.</summary>
    private readonly record struct Outgoing(string Json, int Bytes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sending {Count} events to the other silos failed; they are dropped (streams resume from each silo's window).")]
    private partial void LogSendFailed(Exception exception, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "An event on the channel could not be read; it is skipped.")]
    private partial void LogUnreadableEvent(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Listening for the other silos' events failed; reconnecting.")]
    private partial void LogListenFailed(Exception exception);
}
