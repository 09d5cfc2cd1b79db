using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Win32.SafeHandles;

namespace Threads.Grains.Storage.Sqlite.Internal;

/// <summary>
/// Makes committed batches durable off the writer thread, for <see cref="SqliteDurability.Full"/>. The writer commits
/// with <c>synchronous=NORMAL</c> (its frames reach the WAL file but are not synced) and hands the batch here; this
/// thread syncs the WAL file and only then answers the batch's callers. Meanwhile the writer runs the writes that come
/// in a transaction it holds open, and this thread, once free, commits that transaction and syncs it: the disk sync of
/// one commit overlaps the statements of the next, and each sync writes the pages of one commit of many writes, each
/// changed page once. What an acknowledged write has on disk is what <c>synchronous=FULL</c>
/// gives: the WAL's frames up to its commit, synced. SQLite still syncs the WAL before each checkpoint and the
/// database after it, as it does in <c>NORMAL</c> mode.
/// </summary>
internal sealed partial class SqliteWalSync : IDisposable
{
    private readonly SafeFileHandle _wal;
    private readonly ILogger _logger;
    private readonly object _lock = new();
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private List<WriteOperation> _pending = [];
    private List<WriteOperation> _syncing = [];
    private bool _completed;
    private int _busy;
    private Func<List<WriteOperation>, bool> _takeHeld = null!;
    private long _syncs;

    private SqliteWalSync(SafeFileHandle wal, ILogger logger)
    {
        _wal = wal;
        _logger = logger;
    }

    /// <summary>How many times the WAL file was synced.</summary>
    public long Syncs => Interlocked.Read(ref _syncs);

    /// <summary>True while this thread has commits to sync or answer; the writer then holds its transaction open for it.</summary>
    public bool IsBusy => Volatile.Read(ref _busy) != 0;

    /// <summary>
    /// Starts the thread. <paramref name="takeHeld"/> is how it, once it has synced and answered all it was given, takes
    /// the writes the writer held for it (committing them into the list); when there are none, the callback marks this
    /// thread idle (<see cref="MarkIdle"/>).
    /// </summary>
    public void Start(Func<List<WriteOperation>, bool> takeHeld)
    {
        _takeHeld = takeHeld;
        new Thread(Run) { IsBackground = true, Name = "Threads SQLite WAL sync" }.Start();
    }

    /// <summary>Marks this thread idle: the next commit is handed to it, or synced on the writer's thread.</summary>
    public void MarkIdle() => Volatile.Write(ref _busy, 0);

    /// <summary>Ends when every batch handed over before <see cref="Complete"/> is synced and answered.</summary>
    public Task Stopped => _stopped.Task;

    /// <summary>
    /// Switches <paramref name="connection"/> (the writer, in WAL mode on a file) to committing without a sync and
    /// returns the syncer that makes its commits durable (its thread starts with <see cref="Start"/>); null, leaving the
    /// connection as it is, when the database has no WAL file of its own (an in-memory database).
    /// </summary>
    public static SqliteWalSync? TryStart(SqliteConnection connection, ILogger logger)
    {
        if (!string.Equals(SqliteConnections.Scalar(connection, "PRAGMA journal_mode") as string, "wal", StringComparison.OrdinalIgnoreCase)
            || string.IsNullOrEmpty(connection.DataSource))
        {
            return null;
        }

        var walPath = connection.DataSource + "-wal";
        if (!File.Exists(walPath))
        {
            return null;
        }

        // Opened for writing only because a sync needs a writable handle on some systems; nothing is written through it.
        var wal = File.OpenHandle(walPath, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
        SqliteConnections.Execute(connection, "PRAGMA synchronous = NORMAL");
        return new SqliteWalSync(wal, logger);
    }

    /// <summary>
    /// Makes a committed batch durable and answers it: on the caller's thread when it is a lone write, none is queued
    /// behind it (<paramref name="othersWaiting"/> false) and this thread has nothing to do (a lone writer then waits
    /// for one sync, not also for a second thread to wake); else on this thread, overlapping the caller's next batch.
    /// </summary>
    public void Sync(List<WriteOperation> batch, bool othersWaiting)
    {
        if (batch.Count == 1 && !othersWaiting && !IsBusy)
        {
            SyncAndAnswer(batch);
            return;
        }

        lock (_lock)
        {
            Volatile.Write(ref _busy, 1);
            _pending.AddRange(batch);
            if (_pending.Count == batch.Count)
            {
                Monitor.Pulse(_lock);
            }
        }
    }

    /// <summary>Takes no more batches; the thread stops once it has synced those already handed over.</summary>
    public void Complete()
    {
        lock (_lock)
        {
            _completed = true;
            Monitor.Pulse(_lock);
        }
    }

    public void Dispose() => _wal.Dispose();

    private void Run()
    {
        while (true)
        {
            lock (_lock)
            {
                (_pending, _syncing) = (_syncing, _pending);
            }

            // Nothing handed over: commit what the writer held meanwhile, or else go idle and wait.
            if (_syncing.Count == 0 && !_takeHeld(_syncing))
            {
                lock (_lock)
                {
                    while (_pending.Count == 0)
                    {
                        if (_completed)
                        {
                            _stopped.TrySetResult();
                            return;
                        }

                        Monitor.Wait(_lock);
                    }

                    (_pending, _syncing) = (_syncing, _pending);
                }
            }

            SyncAndAnswer(_syncing);
            _syncing.Clear();
        }
    }

    private void SyncAndAnswer(List<WriteOperation> batch)
    {
        try
        {
            RandomAccess.FlushToDisk(_wal);
            Interlocked.Increment(ref _syncs);
        }
        catch (Exception ex)
        {
            // The commits are in the WAL but may not be on disk: their callers are told they failed.
            LogSyncFailed(ex, batch.Count);
            foreach (var operation in batch)
            {
                operation.Fail(ex);
            }

            return;
        }

        foreach (var operation in batch)
        {
            operation.Complete();
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Syncing the SQLite WAL failed; {Count} committed writes are reported as failed.")]
    private partial void LogSyncFailed(Exception exception, int count);
}
