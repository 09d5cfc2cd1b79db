using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Threads.Grains.Diagnostics.Internal;
using Threads.Grains.Storage.Internal;

namespace Threads.Grains.Storage.Sqlite.Internal;

/// <summary>
/// The store's one write connection, used by the writer loop and, to commit held writes, by the WAL sync thread (one
/// lock keeps them apart). It runs a batch of writes in one transaction and commits once: one sync to disk for the
/// whole batch; while the WAL sync is still busy with earlier commits, it holds the transaction open for the writes
/// that come meanwhile (see <see cref="Run"/>). A write that fails (a conflict, a constraint) must be undone alone:
/// usually it fails before writing anything, so writes run without savepoints; if one fails after writing, the
/// transaction is undone and its writes run again, each in its own savepoint. Its statements are prepared once and reused.
/// </summary>
internal sealed partial class SqliteWriter : IDisposable
{
    private const string SetHeader =
        "resource_id = $resource_id, user_id = $user_id, title = $title, metadata = $metadata, parent_id = $parent_id, "
        + "parent_seq = $parent_seq, hidden = $hidden, archived = $archived, last_seq = $last_seq, state_schema_id = $state_schema_id, "
        + "created_at = $created_at, updated_at = $updated_at, version = $version, etag = $etag, state_json = $state_json, "
        + "state_version = $state_version, lock_holder = $lock_holder, lock_expires_at = $lock_expires_at, lock_token = $lock_token";

    // SQLite's own automatic checkpoint runs inside COMMIT, so the writes of that batch would wait for it, and a
    // checkpoint on another connection is starved by a busy writer (the WAL then grows without bound). So the writer
    // checkpoints itself, between batches and after answering the last one: the WAL is then fully copied back and
    // restarts from its beginning on the next transaction.
    private const int CommitsPerCheckpoint = 200;
    private const int WritesPerCheckpoint = 2000;

    // After rows are deleted: a new row's pos is one past the largest left, so while that is below the fold's mark, the
    // mark comes down to it (no indexed row lies above it). A new row is then always past the mark (see schema 6).
    private const string LowerFoldMark =
        "UPDATE message_fold SET through = coalesce((SELECT max(pos) FROM messages), 0) WHERE through > coalesce((SELECT max(pos) FROM messages), 0)";

    private readonly SqliteConnection _connection;
    private SqliteCommand? _threadETagCommand;
    private SqliteCommand? _deleteRunsCommand;
    private SqliteCommand? _deleteCheckpointsCommand;
    private SqliteCommand? _deleteFilesCommand;

    // Messages wait in the log's tail, not yet in messages_by_thread (see schema 6), until this many have come; their
    // index entries are then written in one transaction (SqliteStorageOptions.FoldSize).
    private readonly int _foldSize;
    private readonly ILogger _logger;
    private readonly SqliteWalSync? _sync;
    private readonly SqliteCommand _checkpoint;
    private readonly SqliteCommand _begin;
    private readonly SqliteCommand _commit;
    private readonly SqliteCommand _rollback;
    private readonly SqliteCommand _savepoint;
    private readonly SqliteCommand _release;
    private readonly SqliteCommand _rollbackToSavepoint;
    private readonly SqliteCommand _insertThread;
    private readonly SqliteCommand _updateThread;
    private readonly SqliteCommand _trimHeader;
    private readonly SqliteRawStatement _moveLog;
    private readonly SqliteRawStatement _insertMessage;
    private readonly SqliteCommand _fold;
    private readonly SqliteRawStatement _tailBodies;
    private readonly SqliteRawStatement _insertSearch;
    private readonly SqliteCommand _insertIdempotency;
    private readonly SqliteCommand _deleteThrough;
    private readonly SqliteCommand _deleteThroughKeepSystem;
    private readonly SqliteCommand _unindexThrough;
    private readonly SqliteCommand _threadExists;
    private readonly SqliteCommand _copyMessages;
    private readonly SqliteCommand _setMessageCount;
    private readonly SqliteCommand _deleteMessages;
    private readonly SqliteCommand _deleteIdempotency;
    private readonly SqliteCommand _deleteThread;
    private readonly List<SqliteCommand> _prepared = [];
    private readonly object _transaction = new();
    private readonly List<WriteOperation> _open = [];
    private readonly List<WriteOperation> _toAnswer = [];
    private readonly int _maxHeld;
    private long _openedAt;
    private long _commits;
    private long _operations;
    private long _checkpoints;
    private int _commitsSinceCheckpoint;
    private int _writesSinceCheckpoint;
    private int _unfolded;
    private long _folds;
    private long _reruns;

    /// <param name="connection">The write connection.</param>
    /// <param name="sync">Syncs the WAL after each commit and answers the batch; null to answer on commit.</param>
    /// <param name="logger">Logs failed batches.</param>
    /// <param name="maxHeld">The most writes one transaction commits together.</param>
    /// <param name="foldSize">How many messages wait in the log's tail before their index entries are written.</param>
    public SqliteWriter(SqliteConnection connection, SqliteWalSync? sync, ILogger logger, int maxHeld, int foldSize)
    {
        _maxHeld = maxHeld;
        _foldSize = foldSize;
        _connection = connection;
        _sync = sync;
        _logger = logger;
        _checkpoint = Command("PRAGMA wal_checkpoint(PASSIVE)");
        _begin = Command("BEGIN IMMEDIATE");
        _commit = Command("COMMIT");
        _rollback = Command("ROLLBACK");
        _savepoint = Command("SAVEPOINT write");
        _release = Command("RELEASE write");
        _rollbackToSavepoint = Command("ROLLBACK TO write");
        _insertThread = ThreadCommand(
            $"INSERT INTO threads ({SqliteRows.ThreadColumns}) VALUES ({string.Join(", ", SqliteRows.ThreadParameters)}) ON CONFLICT (ns, id) DO NOTHING");
        _updateThread = ThreadCommand(
            $"UPDATE threads SET {SetHeader}, message_count = $message_count WHERE ns = $ns AND id = $id AND etag = $expected",
            "$expected");
        _trimHeader = ThreadCommand(
            $"UPDATE threads SET {SetHeader}, message_count = message_count - $removed WHERE ns = $ns AND id = $id AND etag = $expected",
            "$expected",
            "$removed");
        _moveLog = new SqliteRawStatement(
            connection,
            "UPDATE threads SET last_seq = ?3, message_count = ?4, updated_at = ?5, etag = ?6 WHERE ns = ?1 AND id = ?2 AND etag = ?7");
        _insertMessage = new SqliteRawStatement(
            connection, $"INSERT INTO messages (ns, thread_id, {SqliteRows.MessageColumns}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
        _fold = Command(
            "INSERT INTO messages_by_thread (ns, thread_id, seq, pos, run_id) "
            + $"SELECT ns, thread_id, seq, pos, run_id FROM messages WHERE {SqliteRows.UnfoldedMessages} ORDER BY ns, thread_id, seq; "
            + "UPDATE message_fold SET through = coalesce((SELECT max(pos) FROM messages), through)");
        _tailBodies = new SqliteRawStatement(connection, $"SELECT pos, body FROM messages WHERE {SqliteRows.UnfoldedMessages}");
        _insertSearch = new SqliteRawStatement(connection, "INSERT INTO messages_search (rowid, text) VALUES (?1, ?2)");
        _insertIdempotency = Command(
            "INSERT INTO idempotency (ns, key, request_hash, thread_id, status_code, response, created_at) "
            + "VALUES ($ns, $key, $hash, $thread, $status, $response, $created_at) ON CONFLICT (ns, key) DO NOTHING",
            "$ns", "$key", "$hash", "$thread", "$status", "$response", "$created_at");
        _deleteThrough = Command(DeleteLogRows("seq <= $through", "TRUE"), "$ns", "$thread", "$through");
        _deleteThroughKeepSystem = Command(DeleteLogRows("seq <= $through", "role <> 'system'"), "$ns", "$thread", "$through");
        _unindexThrough = Command(
            "DELETE FROM messages_by_thread WHERE ns = $ns AND thread_id = $thread AND seq <= $through "
            + "AND NOT EXISTS (SELECT 1 FROM messages WHERE pos = messages_by_thread.pos); "
            + LowerFoldMark,
            "$ns", "$thread", "$through");
        _threadExists = Command("SELECT 1 FROM threads WHERE ns = $ns AND id = $id", "$ns", "$id");
        _copyMessages = Command(
            $"INSERT INTO messages (ns, thread_id, {SqliteRows.MessageColumns}) "
            + $"SELECT m.ns, $clone, {SqliteRows.LogMessageColumns} FROM messages_by_thread AS t CROSS JOIN messages AS m ON m.pos = t.pos "
            + "WHERE t.ns = $ns AND t.thread_id = $source AND t.seq <= $through "
            + $"UNION ALL SELECT ns, $clone, {SqliteRows.MessageColumns} FROM messages "
            + $"WHERE {SqliteRows.UnfoldedMessages} AND ns = $ns AND thread_id = $source AND seq <= $through ORDER BY seq",
            "$ns", "$source", "$clone", "$through");
        _setMessageCount = Command("UPDATE threads SET message_count = $count WHERE ns = $ns AND id = $id", "$ns", "$id", "$count");
        _deleteMessages = Command(
            DeleteLogRows("TRUE", "TRUE") + "; DELETE FROM messages_by_thread WHERE ns = $ns AND thread_id = $thread; " + LowerFoldMark, "$ns", "$thread");
        _deleteIdempotency = Command("DELETE FROM idempotency WHERE ns = $ns AND thread_id = $thread", "$ns", "$thread");
        _deleteThread = Command("DELETE FROM threads WHERE ns = $ns AND id = $id", "$ns", "$id");

        // What an earlier run (or another process) left unindexed counts toward the next fold.
        _unfolded = (int)(long)SqliteConnections.Scalar(connection, $"SELECT count(*) FROM messages WHERE {SqliteRows.UnfoldedMessages}")!;

        // Last: the sync thread may call back into this writer at once.
        sync?.Start(TakeHeld);
    }

    /// <summary>How many transactions committed.</summary>
    public long Commits => Interlocked.Read(ref _commits);

    /// <summary>How many writes ran in them.</summary>
    public long Operations => Interlocked.Read(ref _operations);

    /// <summary>How many batches ran again with a savepoint per write, because one write failed after writing.</summary>
    public long Reruns => Interlocked.Read(ref _reruns);

    /// <summary>How many times the writer indexed the log's tail (see schema 6).</summary>
    public long Folds => Interlocked.Read(ref _folds);

    /// <summary>How many WAL checkpoints the writer ran.</summary>
    public long Checkpoints => Interlocked.Read(ref _checkpoints);

    /// <summary>True while the WAL sync thread has commits to sync or answer.</summary>
    public bool Syncing => _sync is { IsBusy: true };

    /// <summary>The connection, for the loop's own reads of its settings.</summary>
    public SqliteConnection Connection => _connection;

    /// <summary>
    /// Runs the batch in the open transaction (opening one if none is) and commits it, answering every write in it;
    /// <paramref name="othersWaiting"/> tells whether more writes are queued behind it. While the WAL sync is busy
    /// (syncing or answering earlier commits), the transaction is held open instead: no sync could start before the
    /// current one ends, so the writes that come meanwhile are committed together by the sync thread the moment it is
    /// free (<see cref="TakeHeld"/>). One commit then writes each changed page once, and the sync has fewer pages to write.
    /// </summary>
    public void Run(List<WriteOperation> batch, bool othersWaiting)
    {
        bool answer;

        // The sync thread holds the lock only to commit (well under a millisecond): waiting for it without sleeping
        // spares it waking this thread afterwards, which costs it tens of microseconds on a virtual machine.
        while (!Monitor.TryEnter(_transaction))
        {
            Thread.Yield();
        }

        try
        {
            answer = RunLocked(batch);
        }
        finally
        {
            Monitor.Exit(_transaction);
        }

        if (answer)
        {
            Answer(_toAnswer, othersWaiting);
            _toAnswer.Clear();
        }
    }

    /// <summary>Commits the writes held in the open transaction and answers them; nothing if none are held.</summary>
    public void CommitHeld()
    {
        bool committed;
        lock (_transaction)
        {
            committed = _open.Count > 0 && TryCommit(_toAnswer);
        }

        if (committed)
        {
            Answer(_toAnswer, othersWaiting: false);
            _toAnswer.Clear();
        }
    }

    /// <summary>Indexes the log's tail and checkpoints the WAL when they are due and no transaction is open.</summary>
    public void Maintain()
    {
        lock (_transaction)
        {
            if (_open.Count == 0)
            {
                MaintainLocked();
            }
        }
    }

    /// <summary>True while messages wait in the log's tail for a fold.</summary>
    public bool HasTail => _unfolded > 0;

    /// <summary>Folds the log's tail whatever its size, when no transaction is open: what the writer does once writes pause.</summary>
    public void FoldTail()
    {
        lock (_transaction)
        {
            if (_open.Count == 0 && _unfolded > 0)
            {
                Fold();
            }
        }
    }

    /// <summary>Answers the held writes with a failure of the writer loop itself (nothing of them is committed).</summary>
    public void FailHeld(Exception error)
    {
        lock (_transaction)
        {
            if (_open.Count > 0)
            {
                TryRollback();
                FailAll(_open, error);
                _open.Clear();
            }
        }
    }

    public bool TryInsertThread(StoredThread thread)
    {
        SqliteRows.BindThread(_insertThread.Parameters, thread);
        return _insertThread.ExecuteNonQuery() == 1;
    }

    public bool TryUpdateThread(StoredThread thread, long expectedETag)
    {
        SqliteRows.BindThread(_updateThread.Parameters, thread);
        _updateThread.Parameters[SqliteRows.ThreadParameters.Length].Value = expectedETag;
        return _updateThread.ExecuteNonQuery() == 1;
    }

    /// <summary>Writes only the fields an append moves (<see cref="AppendBatch.MovesLogOnly"/>); false if the thread is not at the expected ETag.</summary>
    public bool TryMoveLog(StoredThread thread, long expectedETag)
    {
        _moveLog.Bind(1, thread.Thread.Namespace);
        _moveLog.Bind(2, thread.Thread.Id);
        _moveLog.Bind(3, thread.Thread.LastSeq);
        _moveLog.Bind(4, thread.Thread.MessageCount);
        _moveLog.Bind(5, SqliteRows.Millis(thread.Thread.UpdatedAt));
        _moveLog.Bind(6, thread.ETag);
        _moveLog.Bind(7, expectedETag);
        return _moveLog.Execute() == 1;
    }

    /// <summary>
    /// Inserts the messages, with their bodies (<see cref="SqliteRows.Bodies"/>, written before the batch, off the
    /// writer's thread), at the end of the log; the next fold indexes them.
    /// </summary>
    public void InsertMessages(string ns, string threadId, IReadOnlyList<ThreadMessage> messages, string[] bodies)
    {
        _unfolded += messages.Count;
        _insertMessage.Bind(1, ns);
        _insertMessage.Bind(2, threadId);
        for (var i = 0; i < messages.Count; i++)
        {
            var message = messages[i];
            _insertMessage.Bind(3, message.Seq);
            _insertMessage.Bind(4, message.Id);
            _insertMessage.Bind(5, message.Role.Value);
            _insertMessage.Bind(6, message.UserId);
            _insertMessage.Bind(7, message.RunId);
            _insertMessage.Bind(8, SqliteRows.Millis(message.CreatedAt));
            _insertMessage.Bind(9, bodies[i]);
            _insertMessage.Execute();
        }
    }

    public bool TryInsertIdempotency(IdempotencyRecord record)
    {
        var parameters = _insertIdempotency.Parameters;
        parameters[0].Value = record.Namespace;
        parameters[1].Value = record.Key;
        parameters[2].Value = record.RequestHash;
        parameters[3].Value = SqliteRows.Db(record.ThreadId);
        parameters[4].Value = (long)record.StatusCode;
        parameters[5].Value = record.Response;
        parameters[6].Value = SqliteRows.Millis(record.CreatedAt);
        return _insertIdempotency.ExecuteNonQuery() == 1;
    }

    /// <summary>Deletes the messages and writes the header; null if the thread is not at the expected ETag (the caller undoes the delete).</summary>
    public long? Trim(StoredThread thread, long expectedETag, long throughSeq, bool keepSystem)
    {
        var delete = keepSystem ? _deleteThroughKeepSystem : _deleteThrough;
        delete.Parameters[0].Value = thread.Thread.Namespace;
        delete.Parameters[1].Value = thread.Thread.Id;
        delete.Parameters[2].Value = throughSeq;
        long removed = delete.ExecuteNonQuery();
        _unindexThrough.Parameters[0].Value = thread.Thread.Namespace;
        _unindexThrough.Parameters[1].Value = thread.Thread.Id;
        _unindexThrough.Parameters[2].Value = throughSeq;
        _unindexThrough.ExecuteNonQuery();

        SqliteRows.BindThread(_trimHeader.Parameters, thread);
        _trimHeader.Parameters[SqliteRows.ThreadParameters.Length].Value = expectedETag;
        _trimHeader.Parameters[SqliteRows.ThreadParameters.Length + 1].Value = removed;
        return _trimHeader.ExecuteNonQuery() == 1 ? removed : null;
    }

    /// <summary>Creates the clone and copies the source's messages into it; null if the clone's id is taken.</summary>
    public long? Clone(string sourceThreadId, StoredThread clone)
    {
        var ns = clone.Thread.Namespace;
        _threadExists.Parameters[0].Value = ns;
        _threadExists.Parameters[1].Value = sourceThreadId;
        if (_threadExists.ExecuteScalar() is null)
        {
            throw new NotFoundException($"Thread '{sourceThreadId}' was not found.");
        }

        if (!TryInsertThread(clone))
        {
            return null;
        }

        _copyMessages.Parameters[0].Value = ns;
        _copyMessages.Parameters[1].Value = sourceThreadId;
        _copyMessages.Parameters[2].Value = clone.Thread.Id;
        _copyMessages.Parameters[3].Value = clone.Thread.Parent?.Seq ?? clone.Thread.LastSeq;
        long copied = _copyMessages.ExecuteNonQuery();
        _unfolded += (int)Math.Min(copied, int.MaxValue);
        CopyFiles(ns, sourceThreadId, clone.Thread.Id);

        _setMessageCount.Parameters[0].Value = ns;
        _setMessageCount.Parameters[1].Value = clone.Thread.Id;
        _setMessageCount.Parameters[2].Value = copied;
        _setMessageCount.ExecuteNonQuery();
        return copied;
    }

    /// <summary>Deletes every row of the thread (with <paramref name="expectedETag"/>, only if it is still at it); false if nothing was deleted.</summary>
    public bool Delete(string ns, string threadId, long? expectedETag)
    {
        ThreadETag.Parameters[0].Value = ns;
        ThreadETag.Parameters[1].Value = threadId;
        if (ThreadETag.ExecuteScalar() is not long etag || (expectedETag is { } expected && expected != etag))
        {
            return false;
        }

        foreach (var command in (ReadOnlySpan<SqliteCommand>)[_deleteMessages, _deleteIdempotency, DeleteRuns, DeleteCheckpoints, DeleteFiles])
        {
            command.Parameters[0].Value = ns;
            command.Parameters[1].Value = threadId;
            command.ExecuteNonQuery();
        }

        _deleteThread.Parameters[0].Value = ns;
        _deleteThread.Parameters[1].Value = threadId;
        return _deleteThread.ExecuteNonQuery() == 1;
    }

    public void Dispose()
    {
        _moveLog.Dispose();
        _insertMessage.Dispose();
        _tailBodies.Dispose();
        _insertSearch.Dispose();
        foreach (var command in (ReadOnlySpan<SqliteCommand>)[
            _checkpoint, _begin, _commit, _rollback, _savepoint, _release, _rollbackToSavepoint, _insertThread, _updateThread, _trimHeader, _fold,
            _insertIdempotency, _deleteThrough, _deleteThroughKeepSystem, _unindexThrough, _threadExists, _copyMessages, _setMessageCount,
            _deleteMessages, _deleteIdempotency, _deleteThread, .. _prepared])
        {
            command.Dispose();
        }

        _connection.Dispose();
    }

    /// <summary>
    /// Runs the writes one after another with no savepoint between them (two statements fewer per write); false if
    /// one failed or declined after changing rows, which only a savepoint could have undone alone. A write that
    /// declines or fails before changing anything (an ETag conflict, the usual case) needs no undo.
    /// </summary>
    private bool TryRunWithoutSavepoints(List<WriteOperation> batch)
    {
        var handle = _connection.Handle;
        foreach (var operation in batch)
        {
            var before = SQLitePCL.raw.sqlite3_total_changes(handle);
            if (!TryExecute(operation) && SQLitePCL.raw.sqlite3_total_changes(handle) != before)
            {
                return false;
            }
        }

        return true;
    }

    private bool TryExecute(WriteOperation operation)
    {
        try
        {
            return operation.Execute(this);
        }
        catch (Exception ex) when (SQLitePCL.raw.sqlite3_get_autocommit(_connection.Handle) == 0)
        {
            // The write failed alone (a constraint, a missing thread) and the transaction is still open: undo just it.
            // When SQLite has rolled the whole transaction back (I/O error, disk full), the exception fails the batch.
            operation.SetError(ex);
            return false;
        }
    }

    /// <summary>
    /// Deletes the rows of a thread's log whose seq meets <paramref name="seqCondition"/> and that meet
    /// <paramref name="rowCondition"/>, both found through messages_by_thread and in the log's tail (the number of
    /// changes is the number of rows deleted); their index entries stay for the caller to delete.
    /// </summary>
    private static string DeleteLogRows(string seqCondition, string rowCondition) =>
        $"DELETE FROM messages WHERE pos IN (SELECT pos FROM messages_by_thread WHERE ns = $ns AND thread_id = $thread AND {seqCondition}) AND {rowCondition}; "
        + $"DELETE FROM messages WHERE {SqliteRows.UnfoldedMessages} AND ns = $ns AND thread_id = $thread AND {seqCondition} AND {rowCondition}";

    /// <summary>
    /// Writes the index entries (by thread, and for search) of the log's tail, in a transaction of its own; on failure
    /// the tail stays as it is and the next fold indexes it.
    /// </summary>
    private void Fold()
    {
        _unfolded = 0;
        try
        {
            _begin.ExecuteNonQuery();
            InsertTailSearchEntries();
            _fold.ExecuteNonQuery();
            _commit.ExecuteNonQuery();
            Interlocked.Increment(ref _folds);
        }
        catch (SqliteException ex)
        {
            // Another process may hold the write lock past the busy timeout, or the disk failed: nothing moved.
            LogFoldFailed(ex);
            TryRollback();
        }
    }

    /// <summary>Inserts the search entry of each message in the log's tail (see schema 8), in pos order.</summary>
    private void InsertTailSearchEntries()
    {
        try
        {
            while (_tailBodies.Step())
            {
                _insertSearch.Bind(1, _tailBodies.Int64(0));
                _insertSearch.Bind(2, SearchText.OfBody(_tailBodies.Utf8(1)));
                _insertSearch.Execute();
            }
        }
        finally
        {
            _tailBodies.Reset();
        }
    }

    private void Checkpoint()
    {
        _commitsSinceCheckpoint = 0;
        _writesSinceCheckpoint = 0;
        try
        {
            _checkpoint.ExecuteNonQuery();
            Interlocked.Increment(ref _checkpoints);
        }
        catch (SqliteException ex)
        {
            // Another process's checkpoint may hold the lock; the next one catches up.
            LogCheckpointFailed(ex);
        }
    }

    /// <summary>
    /// Called by the WAL sync thread when it has synced and answered everything it was given: commits the held writes
    /// into <paramref name="into"/> for it to sync and answer, or, if none are held, marks it idle (under the same lock
    /// under which <see cref="Run"/> decides to hold, so no write is left held with no sync to take it).
    /// </summary>
    private bool TakeHeld(List<WriteOperation> into)
    {
        lock (_transaction)
        {
            if (_open.Count > 0 && TryCommit(into))
            {
                return true;
            }

            _sync!.MarkIdle();
            return false;
        }
    }

    /// <summary>Runs the batch in the open transaction; true if writes are to be answered (in <see cref="_toAnswer"/>), false if held or failed.</summary>
    private bool RunLocked(List<WriteOperation> batch)
    {
        var answer = false;
        if (_open.Count > 0 && _open.Count + batch.Count > _maxHeld)
        {
            // No transaction commits more than the most a batch may hold: commit the held writes first.
            answer = TryCommit(_toAnswer);
        }

        var opened = _open.Count == 0;
        if (opened)
        {
            MaintainLocked();
            try
            {
                _begin.ExecuteNonQuery();
                _openedAt = ThreadsInstruments.CommitStarted();
            }
            catch (Exception ex)
            {
                LogBatchFailed(ex, batch.Count);
                FailAll(batch, ex);
                return answer;
            }
        }

        try
        {
            if (opened && batch.Count == 1)
            {
                // A lone write needs no savepoint: its own transaction is undone on failure.
                if (!TryExecute(batch[0]))
                {
                    _rollback.ExecuteNonQuery();
                    _toAnswer.AddRange(batch);
                    return true;
                }
            }
            else if (!TryRunWithoutSavepoints(batch))
            {
                // A write failed after changing rows: undo the transaction and run its writes again, each in a savepoint.
                Interlocked.Increment(ref _reruns);
                _rollback.ExecuteNonQuery();
                _begin.ExecuteNonQuery();
                RunWithSavepoints(_open);
                RunWithSavepoints(batch);
            }
        }
        catch (Exception ex)
        {
            // The transaction itself failed (disk full, I/O error): nothing of it is committed.
            LogBatchFailed(ex, _open.Count + batch.Count);
            TryRollback();
            FailAll(_open, ex);
            FailAll(batch, ex);
            _open.Clear();
            return answer;
        }

        _open.AddRange(batch);
        return ((_sync is not { IsBusy: true } || _open.Count >= _maxHeld) && TryCommit(_toAnswer)) || answer;
    }

    /// <summary>Commits the open transaction and moves its writes into <paramref name="into"/>; false (its writes failed) if the commit failed.</summary>
    private bool TryCommit(List<WriteOperation> into)
    {
        try
        {
            _commit.ExecuteNonQuery();
        }
        catch (Exception ex)
        {
            LogBatchFailed(ex, _open.Count);
            TryRollback();
            FailAll(_open, ex);
            _open.Clear();
            return false;
        }

        ThreadsInstruments.RecordCommit(ThreadsInstruments.Sqlite, _open.Count, _openedAt);
        if (_openedAt != 0 && ThreadsInstruments.Source.HasListeners())
        {
            // Recorded once committed, dated from its BEGIN: the transaction may have been held open across batches
            // and is committed by whichever thread is free, so no span could be current on one thread for its length.
            ThreadsInstruments.StartCommit(ThreadsInstruments.Sqlite, _open, static operation => operation.Caller, Stopwatch.GetElapsedTime(_openedAt))?.Dispose();
        }

        Interlocked.Increment(ref _commits);
        Interlocked.Add(ref _operations, _open.Count);
        _commitsSinceCheckpoint++;
        _writesSinceCheckpoint += _open.Count;
        into.AddRange(_open);
        _open.Clear();
        return true;
    }

    private void MaintainLocked()
    {
        if (_unfolded >= _foldSize)
        {
            Fold();
        }

        if (_commitsSinceCheckpoint >= CommitsPerCheckpoint || _writesSinceCheckpoint >= WritesPerCheckpoint)
        {
            Checkpoint();
        }
    }

    /// <summary>Answers writes that are committed or undone: after the WAL sync, with one; else at once.</summary>
    private void Answer(List<WriteOperation> operations, bool othersWaiting)
    {
        if (_sync is not null)
        {
            _sync.Sync(operations, othersWaiting);
            return;
        }

        foreach (var operation in operations)
        {
            operation.Complete();
        }
    }

    private void RunWithSavepoints(List<WriteOperation> operations)
    {
        foreach (var operation in operations)
        {
            operation.ClearError();
            _savepoint.ExecuteNonQuery();
            if (!TryExecute(operation))
            {
                _rollbackToSavepoint.ExecuteNonQuery();
            }

            _release.ExecuteNonQuery();
        }
    }

    private static void FailAll(List<WriteOperation> batch, Exception error)
    {
        foreach (var operation in batch)
        {
            operation.Fail(error);
        }
    }

    private void TryRollback()
    {
        // SQLite rolls the whole transaction back itself after some failures (a full disk, an I/O error): then there
        // is nothing left to undo, and a ROLLBACK would only fail with "no transaction is active".
        if (_connection.State != System.Data.ConnectionState.Open || SQLitePCL.raw.sqlite3_get_autocommit(_connection.Handle) != 0)
        {
            return;
        }

        try
        {
            _rollback.ExecuteNonQuery();
        }
        catch (SqliteException ex)
        {
            LogRollbackFailed(ex);
        }
    }

    private SqliteCommand Command(string sql, params ReadOnlySpan<string> parameters) => SqliteConnections.Prepare(_connection, sql, parameters);

    /// <summary>A command whose first parameters are the header's (<see cref="SqliteRows.BindThread"/> sets them), then <paramref name="extraParameters"/>.</summary>
    private SqliteCommand ThreadCommand(string sql, params ReadOnlySpan<string> extraParameters) =>
        Command(sql, [.. SqliteRows.ThreadParameters, .. extraParameters]);

    [LoggerMessage(Level = LogLevel.Error, Message = "A batch of {Count} SQLite writes failed; none of them was committed.")]
    private partial void LogBatchFailed(Exception exception, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Indexing recently appended SQLite messages failed; the next fold retries.")]
    private partial void LogFoldFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "A SQLite WAL checkpoint did not run.")]
    private partial void LogCheckpointFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rolling back a failed SQLite write batch failed.")]
    private partial void LogRollbackFailed(Exception exception);

    private SqliteCommand ThreadETag => _threadETagCommand ??= Prepared("SELECT etag FROM threads WHERE ns = $ns AND id = $id", "$ns", "$id");

    private SqliteCommand DeleteRuns => _deleteRunsCommand ??= Prepared("DELETE FROM runs WHERE ns = $ns AND thread_id = $thread", "$ns", "$thread");

    private SqliteCommand DeleteCheckpoints => _deleteCheckpointsCommand ??= Prepared("DELETE FROM checkpoints WHERE ns = $ns AND thread_id = $thread", "$ns", "$thread");

    private SqliteCommand DeleteFiles => _deleteFilesCommand ??= Prepared("DELETE FROM files WHERE ns = $ns AND thread_id = $thread", "$ns", "$thread");

    private SqliteCommand Prepared(string sql, params ReadOnlySpan<string> parameters)
    {
        var command = Command(sql, parameters);
        _prepared.Add(command);
        return command;
    }
}
