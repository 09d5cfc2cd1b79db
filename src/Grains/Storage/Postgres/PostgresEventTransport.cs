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

namespace Threads.Grains.Storage.Postgres;

/// <summary>
/// Carries events between silos over PostgreSQL's LISTEN/NOTIFY, on a channel per schema. A payload is the event's
/// JSON with the sending silo's id; NOTIFY takes at most 8,000 bytes, so a larger event travels without its
/// <c>data</c> (the stream still says what happened; read the thread for the rest). Sent after the write's commit,
/// in small batches with asynchronous commit, so it never slows a write.
/// </summary>
public sealed partial class PostgresEventTransport : IThreadEventTransport, IAsyncDisposable
{
    private const int MaxPayloadBytes = 7_900;
    private static readonly TimeSpan ReconnectDelay = TimeSpan.FromSeconds(1);

    private readonly NpgsqlDataSource _dataSource;
    private readonly string _channel;
    private readonly string _silo = Guid.NewGuid().ToString("N");
    private readonly Channel<string> _outbox = Channel.CreateBounded<string>(new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
    private readonly CancellationTokenSource _stopping = new();
    private readonly ILogger<PostgresEventTransport> _logger;
    private Task? _sender;

    /// <summary>Creates the transport over the store's database and schema.</summary>
    public PostgresEventTransport(IOptions<PostgresStorageOptions> options, ILogger<PostgresEventTransport> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _dataSource = NpgsqlDataSource.Create(options.Value.ConnectionString);
        _channel = options.Value.Schema == "public" ? "threads_events" : "threads_events_" + options.Value.Schema;
        _logger = logger;
    }

    /// <inheritdoc/>
    public void Send(ThreadEvent threadEvent)
    {
        ArgumentNullException.ThrowIfNull(threadEvent);
        var payload = Payload(threadEvent);
        if (Encoding.UTF8.GetByteCount(payload) > MaxPayloadBytes)
        {
            payload = Payload(threadEvent with { Data = null });
        }

        _outbox.Writer.TryWrite(payload);
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
        _stopping.Dispose();
    }

    private string Payload(ThreadEvent threadEvent) =>
        _silo + "|" + JsonSerializer.Serialize(threadEvent, ThreadsJsonContext.Default.ThreadEvent);

    private async Task SendLoopAsync(CancellationToken cancellationToken)
    {
        var batch = new List<string>();
        try
        {
            while (await _outbox.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (batch.Count < 256 && _outbox.Reader.TryRead(out var payload))
                {
                    batch.Add(payload);
                }

                try
                {
                    await using var notify = _dataSource.CreateBatch();
                    notify.BatchCommands.Add(new NpgsqlBatchCommand("BEGIN"));
                    notify.BatchCommands.Add(new NpgsqlBatchCommand("SET LOCAL synchronous_commit TO off"));
                    var send = new NpgsqlBatchCommand("SELECT count(pg_notify($1, p)) FROM unnest($2) AS p");
                    send.Parameters.Add(new NpgsqlParameter { Value = _channel, NpgsqlDbType = NpgsqlDbType.Text });
                    send.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. batch], NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
                    notify.BatchCommands.Add(send);
                    notify.BatchCommands.Add(new NpgsqlBatchCommand("COMMIT"));
                    await notify.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (NpgsqlException ex)
                {
                    LogSendFailed(ex, batch.Count);
                }

                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping: what is still queued is not sent.
        }
    }

    private async Task ListenAsync(ChannelWriter<ThreadEvent> received, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
                connection.Notification += (_, e) =>
                {
                    var separator = e.Payload.IndexOf('|', StringComparison.Ordinal);
                    if (separator > 0 && !e.Payload.AsSpan(0, separator).SequenceEqual(_silo)
                        && JsonSerializer.Deserialize(e.Payload.AsSpan(separator + 1), ThreadsJsonContext.Default.ThreadEvent) is { } remote)
                    {
                        received.TryWrite(remote);
                    }
                };
                await using (var listen = new NpgsqlCommand($"LISTEN \"{_channel}\"", connection))
                {
                    await listen.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                while (true)
                {
                    await connection.WaitAsync(cancellationToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or JsonException or System.IO.IOException)
            {
                LogListenFailed(ex);
                await Task.Delay(ReconnectDelay, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sending {Count} events to the other silos failed; they are dropped (streams resume from each silo's window).")]
    private partial void LogSendFailed(Exception exception, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Listening for the other silos' events failed; reconnecting.")]
    private partial void LogListenFailed(Exception exception);
}
