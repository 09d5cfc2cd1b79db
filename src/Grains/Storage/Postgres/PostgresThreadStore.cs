using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Threads.Grains.Storage.Postgres.Internal;

namespace Threads.Grains.Storage.Postgres;

/// <summary>
/// Threads in PostgreSQL, for several silos over one database. Every write is one statement or one transaction,
/// conditional on the ETag, so other silos never need telling of a write: their next read checks the ETag. Appends
/// from many callers are committed together (group commit).
/// </summary>
public sealed partial class PostgresThreadStore : IThreadStore, IAsyncDisposable
{
    // The session settings of the append writers' connections under load (_unflushedCommits). They commit without
    // waiting for the WAL flush (the flusher waits for it), set for the session so that a batch is one statement. And
    // they never scan threads: the batch statement finds each thread by its key, but on a small threads table the
    // planner prefers a sequential scan, which visits every dead row version the appends' updates leave until vacuum.
    private const string UnflushedCommitSettings = "-c synchronous_commit=off -c enable_seqscan=off";

    private readonly NpgsqlDataSource _dataSource;

    // The append writers' connections when they commit without waiting for the WAL flush.
    private readonly NpgsqlDataSource _unflushedCommits;
    private readonly PostgresStorageOptions _options;
    private readonly ILogger<PostgresThreadStore> _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Channel<PendingAppend> _appends = Channel.CreateUnbounded<PendingAppend>(new UnboundedChannelOptions { SingleReader = false });
    private readonly Task[] _appendWriters;
    private readonly Channel<FlushGroup> _flushes = Channel.CreateUnbounded<FlushGroup>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _flusher;

    /// <summary>Creates the store; call <see cref="InitializeAsync"/> before use.</summary>
    public PostgresThreadStore(IOptions<PostgresStorageOptions> options, ILogger<PostgresThreadStore> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _logger = logger;
        var builder = new NpgsqlDataSourceBuilder(_options.ConnectionString);
        builder.ConnectionStringBuilder.SearchPath = _options.Schema;
        if (builder.ConnectionStringBuilder.MaxAutoPrepare == 0)
        {
            // The same few statements run all the time: prepared once per connection, they skip parsing and planning.
            builder.ConnectionStringBuilder.MaxAutoPrepare = 64;
        }

        // The store sets no session state with SQL (the writers' settings come with their connections, below), so a
        // pooled connection needs no reset query on its next use.
        builder.ConnectionStringBuilder.NoResetOnClose = true;
        builder.EnableParameterLogging(false);
        _dataSource = builder.Build();
        SessionSettings.Add(builder.ConnectionStringBuilder, UnflushedCommitSettings);
        _unflushedCommits = builder.Build();
        _appendWriters = new Task[_options.AppendWriters];
        for (var i = 0; i < _appendWriters.Length; i++)
        {
            _appendWriters[i] = Task.Run(() => WriteAppendsAsync(_stopping.Token));
        }

        _flusher = Task.Run(FlushAppendsAsync);
    }

    /// <inheritdoc/>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        var found = await PostgresSchema.MigrateAsync(_dataSource, _options.Schema, cancellationToken).ConfigureAwait(false);
        if (found != PostgresSchema.CurrentVersion)
        {
            LogMigrated(_options.Schema, found, PostgresSchema.CurrentVersion);
        }
    }

    /// <inheritdoc/>
    public async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var command = _dataSource.CreateCommand("SELECT 1");
            return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is 1;
        }
        catch (NpgsqlException e)
        {
            LogPingFailed(e);
            return false;
        }
    }

    /// <inheritdoc/>
    public async Task<StoredThread?> GetThreadAsync(string ns, string threadId, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand($"SELECT {ThreadRow.Columns} FROM threads WHERE ns = $1 AND id = $2");
        command.Parameters.Add(Param.Text(ns));
        command.Parameters.Add(Param.Text(threadId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ThreadRow.Read(reader) : null;
    }

    /// <inheritdoc/>
    /// <remarks>One round trip: both statements go in one batch, the header's first.</remarks>
    public async Task<ThreadWithNewest?> GetThreadWithNewestAsync(string ns, string threadId, int count, CancellationToken cancellationToken)
    {
        await using var batch = _dataSource.CreateBatch();
        var header = new NpgsqlBatchCommand($"SELECT {ThreadRow.Columns} FROM threads WHERE ns = $1 AND id = $2");
        header.Parameters.Add(Param.Text(ns));
        header.Parameters.Add(Param.Text(threadId));
        var newest = new NpgsqlBatchCommand($"SELECT {MessageRows.Columns} FROM messages WHERE ns = $1 AND thread_id = $2 ORDER BY seq DESC LIMIT $3");
        newest.Parameters.Add(Param.Text(ns));
        newest.Parameters.Add(Param.Text(threadId));
        newest.Parameters.Add(Param.Integer(count));
        batch.BatchCommands.Add(header);
        batch.BatchCommands.Add(newest);

        await using var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var thread = ThreadRow.Read(reader);
        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        return new ThreadWithNewest(thread, await ReadMessageRowsAsync(reader, count, cancellationToken).ConfigureAwait(false));
    }

    /// <inheritdoc/>
    public async ValueTask<long?> GetETagAsync(string ns, string threadId, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand("SELECT etag FROM threads WHERE ns = $1 AND id = $2");
        command.Parameters.Add(Param.Text(ns));
        command.Parameters.Add(Param.Text(threadId));
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long etag ? etag : null;
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<ThreadMessage>> ReadMessagesAsync(string ns, string threadId, MessageRange range, CancellationToken cancellationToken)
    {
        var sql = new StringBuilder($"SELECT {MessageRows.Columns} FROM messages WHERE ns = $1 AND thread_id = $2");
        await using var command = _dataSource.CreateCommand();
        command.Parameters.Add(Param.Text(ns));
        command.Parameters.Add(Param.Text(threadId));
        if (range.After is { } after)
        {
            command.Parameters.Add(Param.Bigint(after));
            sql.Append(" AND seq > $").Append(command.Parameters.Count);
        }

        if (range.Before is { } before)
        {
            command.Parameters.Add(Param.Bigint(before));
            sql.Append(" AND seq < $").Append(command.Parameters.Count);
        }

        if (range.RunId is { } runId)
        {
            command.Parameters.Add(Param.Text(runId));
            sql.Append(" AND run_id = $").Append(command.Parameters.Count);
        }

        command.Parameters.Add(Param.Integer(range.Limit));
        sql.Append(range.Descending ? " ORDER BY seq DESC" : " ORDER BY seq").Append(" LIMIT $").Append(command.Parameters.Count);
        command.CommandText = sql.ToString();

        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await ReadMessageRowsAsync(reader, range.Limit, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The messages of the reader's current result; <paramref name="limit"/>, the query's own LIMIT, sizes the list.</summary>
    private static async Task<IReadOnlyList<ThreadMessage>> ReadMessageRowsAsync(NpgsqlDataReader reader, int limit, CancellationToken cancellationToken)
    {
        var messages = new List<ThreadMessage>(Math.Min(limit, 256));
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            messages.Add(MessageRows.Read(reader));
        }

        return messages;
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<ThreadInfo>> ListThreadsAsync(string ns, ThreadFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await using var command = _dataSource.CreateCommand();
        ListQuery.Build(command, ns, filter);
        var threads = new List<ThreadInfo>(Math.Min(filter.Limit, 256));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            threads.Add(ThreadRow.ReadInfo(reader));
        }

        return threads;
    }

    /// <inheritdoc/>
    public async Task<IdempotencyRecord?> GetIdempotencyAsync(string ns, string key, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(
            "SELECT request_hash, thread_id, status_code, response, created_at FROM idempotency WHERE ns = $1 AND key = $2");
        command.Parameters.Add(Param.Text(ns));
        command.Parameters.Add(Param.Text(key));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return new IdempotencyRecord(
            ns,
            key,
            reader.GetString(0),
            reader.IsDBNull(1) ? null : reader.GetString(1),
            reader.GetInt32(2),
            reader.GetString(3),
            reader.GetFieldValue<DateTimeOffset>(4));
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        _appends.Writer.TryComplete();
        await Task.WhenAll(_appendWriters).ConfigureAwait(false);
        _flushes.Writer.TryComplete();
        await _flusher.ConfigureAwait(false);
        await _stopping.CancelAsync().ConfigureAwait(false);

        await _dataSource.DisposeAsync().ConfigureAwait(false);
        await _unflushedCommits.DisposeAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Migrated the PostgreSQL schema '{Schema}' from version {From} to {To}.")]
    private partial void LogMigrated(string schema, int from, int to);

    [LoggerMessage(Level = LogLevel.Warning, Message = "PostgreSQL did not answer the ping.")]
    private partial void LogPingFailed(Exception exception);
}
