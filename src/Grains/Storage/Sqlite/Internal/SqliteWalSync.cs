using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Win32.SafeHandles;

namespace Threads.Grains.Storage.Sqlite.Internal;

/// <summary>
/// Makes committed batches durable off the writer thread, for <see cref="SqliteDurability.Full"/>. The writer commits
/// with <c>synchronous=NORMAL</c> (its frames reach the WAL file but are not synced) and hands the batch here; this
/// thread syncs the WAL file and only then answers the batch's callers. Meanwhile the writer runs the next batch, so
/// the disk sync of one batch overlaps the statements and commit of the next, and one sync covers every batch
/// committed while the previous sync ran. What an acknowledged write has on disk is what <c>synchronous=FULL</c>
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
    private volatile bool _busy;
    private long _syncs;

    private SqliteWalSync(SafeFileHandle wal, ILogger logger)
    {
        _wal = wal;
        _logger = logger;
        new Thread(Run) { IsBackground = true, Name = "Threads SQLite WAL sync" }.Start();
    }

    /// <summary>How many times the WAL file was synced.</summary>
    public long Syncs => Interlocked.Read(ref _syncs);

    /// <summary>Ends when every batch handed over before <see cref="Complete"/> is synced and answered.</summary>
    public Task Stopped => _stopped.Task;

    /// <summary>
    /// Switches <paramref name="connection"/> (the writer, in WAL mode on a file) to committing without a sync and
    /// returns the syncer that makes its commits durable; null, leaving the connection as it is, when the database
    /// has no WAL file of its own (an in-memory database).
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
        if (batch.Count == 1 && !othersWaiting && !_busy)
        {
            SyncAndAnswer(batch);
            return;
        }

        lock (_lock)
        {
            _busy = true;
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
                while (_pending.Count == 0)
                {
                    _busy = false;
                    if (_completed)
                    {
                        _stopped.TrySetResult();
                        return;
                    }

                    Monitor.Wait(_lock);
                }

                (_pending, _syncing) = (_syncing, _pending);
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
