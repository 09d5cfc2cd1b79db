using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Threads.Grains.Storage.Sqlite.Internal;

namespace Threads.Grains.Storage.Sqlite;

/// <summary>
/// Threads in one SQLite database file (WAL). Writes go through one writer connection owned by a single thread that
/// commits every pending write in one transaction (group commit); with <see cref="SqliteDurability.Full"/> a second
/// thread syncs the WAL and answers each commit, and the writes that come during a sync wait in the open transaction
/// for the next one (<see cref="SqliteWalSync"/>). A write's task completes on one of those two threads and its
/// continuation runs there, so code that awaits a write must not block on the store. Reads use pooled read
/// connections beside it. Every write is conditional on the ETag, so two stores (two silos) over one file stay
/// correct: SQLite's file lock serializes their transactions.
/// </summary>
public sealed partial class SqliteThreadStore : IThreadStore, IAsyncDisposable, IDisposable
{
    private readonly SqliteStorageOptions _options;
    private readonly ILogger<SqliteThreadStore> _logger;
    private readonly TimeProvider _time;
    private readonly Stack<SqliteReader> _idleReaders = new();
    private readonly Lock _lock = new();
    private string? _connectionString;
    private SqliteWriter? _writer;
    private SqliteWalSync? _sync;
    private Task? _initialization;
    private SqliteWriteQueue? _writes;
    private volatile bool _ready;
    private bool _disposed;

    /// <summary>Creates the store; the database is opened and migrated by <see cref="InitializeAsync"/> (or the first call).</summary>
    /// <param name="options">The store's options.</param>
    /// <param name="logger">Where the store logs.</param>
    /// <param name="time">The clock of the writer's idle delays; <see cref="TimeProvider.System"/> when null.</param>
    public SqliteThreadStore(IOptions<SqliteStorageOptions> options, ILogger<SqliteThreadStore> logger, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _logger = logger;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>How many transactions the writer committed.</summary>
    internal long CommitCount => _writer?.Commits ?? 0;

    /// <summary>How many writes those transactions held.</summary>
    internal long WriteCount => _writer?.Operations ?? 0;

    /// <summary>How many times the WAL was synced after commits (durability Full).</summary>
    internal long SyncCount => _sync?.Syncs ?? 0;

    /// <summary>How many batches ran again with a savepoint per write.</summary>
    internal long RerunCount => _writer?.Reruns ?? 0;

    /// <summary>How many times the log's tail was indexed (folded into messages_by_thread).</summary>
    internal long FoldCount => _writer?.Folds ?? 0;

    /// <summary>How many WAL checkpoints ran.</summary>
    internal long CheckpointCount => _writer?.Checkpoints ?? 0;

    /// <inheritdoc/>
    public Task InitializeAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_initialization is null || _initialization.IsFaulted || _initialization.IsCanceled)
            {
                _initialization = Task.Run(Initialize, cancellationToken);
            }

            return _initialization.WaitAsync(cancellationToken);
        }
    }

    /// <inheritdoc/>
    public async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        try
        {
            await ReadyAsync(cancellationToken).ConfigureAwait(false);
            return Read(static (reader, _) =>
            {
                using var command = reader.Connection.CreateCommand();
                command.CommandText = "SELECT 1";
                return command.ExecuteScalar() is 1L;
            }, 0);
        }
        catch (SqliteException ex)
        {
            LogPingFailed(ex);
            return false;
        }
    }

    /// <inheritdoc/>
    public Task<StoredThread?> GetThreadAsync(string ns, string threadId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return _ready
            ? Task.FromResult(Read(static (reader, key) => reader.GetThread(key.ns, key.threadId), (ns, threadId)))
            : SlowAsync(this, ns, threadId, cancellationToken);

        static async Task<StoredThread?> SlowAsync(SqliteThreadStore store, string ns, string threadId, CancellationToken cancellationToken)
        {
            await store.ReadyAsync(cancellationToken).ConfigureAwait(false);
            return store.Read(static (reader, key) => reader.GetThread(key.ns, key.threadId), (ns, threadId));
        }
    }

    /// <inheritdoc/>
    public ValueTask<long?> GetETagAsync(string ns, string threadId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return _ready
            ? ValueTask.FromResult(Read(static (reader, key) => reader.GetETag(key.ns, key.threadId), (ns, threadId)))
            : SlowAsync(this, ns, threadId, cancellationToken);

        static async ValueTask<long?> SlowAsync(SqliteThreadStore store, string ns, string threadId, CancellationToken cancellationToken)
        {
            await store.ReadyAsync(cancellationToken).ConfigureAwait(false);
            return store.Read(static (reader, key) => reader.GetETag(key.ns, key.threadId), (ns, threadId));
        }
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<ThreadMessage>> ReadMessagesAsync(string ns, string threadId, MessageRange range, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return _ready
            ? Task.FromResult(Read(static (reader, q) => reader.ReadMessages(q.ns, q.threadId, q.range), (ns, threadId, range)))
            : SlowAsync(this, ns, threadId, range, cancellationToken);

        static async Task<IReadOnlyList<ThreadMessage>> SlowAsync(
            SqliteThreadStore store, string ns, string threadId, MessageRange range, CancellationToken cancellationToken)
        {
            await store.ReadyAsync(cancellationToken).ConfigureAwait(false);
            return store.Read(static (reader, q) => reader.ReadMessages(q.ns, q.threadId, q.range), (ns, threadId, range));
        }
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<ThreadInfo>> ListThreadsAsync(string ns, ThreadFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await ReadyAsync(cancellationToken).ConfigureAwait(false);
        return Read(static (reader, q) => reader.ListThreads(q.ns, q.filter), (ns, filter));
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<StoredHit>> SearchAsync(string ns, SearchFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await ReadyAsync(cancellationToken).ConfigureAwait(false);
        return Read(static (reader, q) => reader.Search(q.ns, q.filter), (ns, filter));
    }

    /// <inheritdoc/>
    public async Task<IdempotencyRecord?> GetIdempotencyAsync(string ns, string key, CancellationToken cancellationToken)
    {
        await ReadyAsync(cancellationToken).ConfigureAwait(false);
        return Read(static (reader, q) => reader.GetIdempotency(q.ns, q.key), (ns, key));
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync()
    {
        Task loop;
        lock (_lock)
        {
            if (_disposed)
            {
                return ValueTask.CompletedTask;
            }

            _disposed = true;
            _ready = false;
            _writes?.Complete();
            loop = _writes?.Stopped ?? Task.CompletedTask;
        }

        return new ValueTask(CloseAsync(loop));
    }

    /// <inheritdoc/>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>Reads a setting of the writer connection, such as <c>synchronous</c>, through the writer loop.</summary>
    internal Task<object?> ReadWriterPragmaAsync(string pragma, CancellationToken cancellationToken) =>
        WriteAsync(pragma, static (writer, name) => (true, SqliteConnections.Scalar(writer.Connection, $"PRAGMA {name}")), cancellationToken);

    /// <summary>Runs a query on a rented read connection, for tests that look at the database itself.</summary>
    internal async Task<T> ReadRawAsync<T>(Func<SqliteConnection, T> query, CancellationToken cancellationToken)
    {
        await ReadyAsync(cancellationToken).ConfigureAwait(false);
        return Read(static (reader, q) => q(reader.Connection), query);
    }

    private async Task CloseAsync(Task loop)
    {
        await loop.ConfigureAwait(false);
        if (_sync is not null)
        {
            _sync.Complete();
            await _sync.Stopped.ConfigureAwait(false);
            _sync.Dispose();
        }

        lock (_lock)
        {
            while (_idleReaders.TryPop(out var reader))
            {
                reader.Dispose();
            }
        }

        _writer?.Dispose();
    }

    private void Initialize()
    {
        _connectionString = SqliteConnections.Prepare(_options);
        var connection = SqliteConnections.OpenWriter(_connectionString, _options);
        try
        {
            var found = SqliteSchema.Migrate(connection);
            // A migration is worth a line at start; opening a database already at this version is not.
            LogOpened(found == SqliteSchema.CurrentVersion ? LogLevel.Debug : LogLevel.Information, connection.DataSource, found, SqliteSchema.CurrentVersion, _options.Durability);
            _sync = _options.Durability == SqliteDurability.Full ? SqliteWalSync.TryStart(connection, _logger) : null;
            _writer = new SqliteWriter(connection, _sync, _logger, _options.MaxBatchSize, _options.FoldSize);
        }
        catch
        {
            _sync?.Dispose();
            _sync = null;
            connection.Dispose();
            throw;
        }

        lock (_lock)
        {
            if (!_disposed)
            {
                _writes = new SqliteWriteQueue(_writer, _options.MaxBatchSize, _time);
                _ready = true;
                return;
            }
        }

        // Disposed while opening: close what was opened.
        _sync?.Complete();
        _sync?.Dispose();
        _writer.Dispose();
        throw new ObjectDisposedException(nameof(SqliteThreadStore));
    }

    private Task ReadyAsync(CancellationToken cancellationToken) =>
        _ready ? Task.CompletedTask : InitializeAsync(cancellationToken);

    private T Read<TState, T>(Func<SqliteReader, TState, T> query, TState state)
    {
        var reader = RentReader();
        try
        {
            var result = query(reader, state);
            ReturnReader(reader);
            return result;
        }
        catch
        {
            // A connection that failed mid-query is not worth keeping.
            reader.Dispose();
            throw;
        }
    }

    private SqliteReader RentReader()
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_idleReaders.TryPop(out var idle))
            {
                return idle;
            }
        }

        return new SqliteReader(SqliteConnections.OpenReader(_connectionString!, _options));
    }

    private void ReturnReader(SqliteReader reader)
    {
        lock (_lock)
        {
            if (!_disposed && _idleReaders.Count < _options.MaxIdleReadConnections)
            {
                _idleReaders.Push(reader);
                return;
            }
        }

        reader.Dispose();
    }

    [LoggerMessage(Message = "Opened SQLite database {DataSource} at schema version {Found}, now {Current}; durability {Durability}.")]
    private partial void LogOpened(LogLevel level, string dataSource, int found, int current, SqliteDurability durability);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The SQLite database did not answer a ping.")]
    private partial void LogPingFailed(Exception exception);
}
