using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Npgsql;
using Threads.Grains.Diagnostics.Internal;
using Threads.Grains.Storage.Postgres.Internal;

namespace Threads.Grains.Storage.Postgres;

/// <summary>
/// Appends, committed together. A commit costs a disk flush whatever it holds, so appends from many callers go into a
/// queue and each of a few writers takes everything waiting and commits it as one statement (<see cref="AppendStatement"/>)
/// in one round trip. Each append writes only if its own ETag still matches, so one append's conflict leaves the others
/// in the batch untouched. If the batch fails as a whole, its appends are retried one by one.
/// <para>
/// Under load a writer commits without waiting for the server's WAL flush (on a connection whose session has
/// <c>synchronous_commit</c> off, so the batch is one statement in autocommit) and hands the batch to the flusher,
/// which commits a transaction of its own synchronously: the server flushes its WAL in order, so once that commit
/// returns, every batch committed before it is on disk too, and only then are their callers answered. The writer
/// meanwhile commits its next batch, so one flush covers the batches of every writer instead of each waiting for its
/// own. A lone append with nothing queued commits synchronously, in one round trip.
/// </para>
/// </summary>
public sealed partial class PostgresThreadStore
{
    /// <inheritdoc/>
    public Task<AppendOutcome> AppendAsync(AppendBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Checkpoint is not null && batch.Run is null)
        {
            throw new ArgumentException("A checkpoint needs its run.", nameof(batch));
        }

        cancellationToken.ThrowIfCancellationRequested();
        var pending = new PendingAppend(batch, cancellationToken);
        return _appends.Writer.TryWrite(pending) ? pending.Outcome : throw new ObjectDisposedException(nameof(PostgresThreadStore));
    }

    // Batches committed without a flush and not yet answered; while there are some, a lone append joins them.
    private int _unflushed;
    private long _walFlushes;
    private long _batches;

    /// <summary>How many synchronous commits the flusher made to answer batches committed without a flush.</summary>
    internal long WalFlushCount => Interlocked.Read(ref _walFlushes);

    /// <summary>How many batches of appends the writers committed.</summary>
    internal long AppendBatchCount => Interlocked.Read(ref _batches);

    private async Task WriteAppendsAsync(CancellationToken stopping)
    {
        var reader = _appends.Reader;
        var batch = new List<PendingAppend>(_options.MaxAppendBatch);
        var deferred = new List<PendingAppend>();
        var keys = new HashSet<(string, string)>();
        var lingerTicks = (long)(_options.AppendLinger.TotalSeconds * Stopwatch.Frequency);
        var lastBatch = 0;

        // Runs until the store is disposed and the queue is drained: nothing queued is left without an answer.
        while (await reader.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false))
        {
            batch.Clear();
            deferred.Clear();
            keys.Clear();
            while (batch.Count < _options.MaxAppendBatch && reader.TryRead(out var pending))
            {
                Take(pending, batch, deferred, keys);
            }

            // Callers that append back to back come back a few hundred microseconds after their answer, some while this
            // writer already commits the first of them: the batches then split in two, each paying a statement and a
            // flush. A batch smaller than the last waits for the others: until it is as large as the last, then for as
            // long as they keep coming (each within a tenth of AppendLinger of the one before), up to AppendLinger in all.
            if (lingerTicks > 0 && batch.Count < lastBatch && deferred.Count == 0)
            {
                var now = Stopwatch.GetTimestamp();
                var until = now + lingerTicks;
                var lastArrival = now;
                while (batch.Count < _options.MaxAppendBatch && deferred.Count == 0 && now < until
                    && (batch.Count < lastBatch || now - lastArrival < lingerTicks / 10))
                {
                    if (reader.TryRead(out var pending))
                    {
                        Take(pending, batch, deferred, keys);
                        lastArrival = now;
                    }
                    else
                    {
                        Thread.Yield();
                    }

                    now = Stopwatch.GetTimestamp();
                }
            }

            // Remembered with a decay, so that a burst does not keep the batches after it waiting for callers long gone.
            lastBatch = Math.Max(batch.Count, lastBatch - ((lastBatch + 7) / 8));
            if (batch.Count > 0)
            {
                var lone = batch.Count == 1 && deferred.Count == 0 && !reader.TryPeek(out _) && Volatile.Read(ref _unflushed) == 0;
                await CommitAppendsAsync(batch, deferFlush: !lone, stopping).ConfigureAwait(false);
            }

            foreach (var pending in deferred)
            {
                await CommitAppendsAsync([pending], deferFlush: false, stopping).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Adds a queued append to the batch; answers a cancelled one at once, and defers one whose idempotency key the
    /// batch already holds (a retried request racing itself): it goes after the batch, alone, where it finds the first
    /// one's record or writes its own.
    /// </summary>
    private static void Take(PendingAppend pending, List<PendingAppend> batch, List<PendingAppend> deferred, HashSet<(string, string)> keys)
    {
        if (pending.CancellationToken.IsCancellationRequested)
        {
            pending.Cancel();
        }
        else if (pending.Batch.Idempotency is { } record && !keys.Add((record.Namespace, record.Key)))
        {
            deferred.Add(pending);
        }
        else
        {
            batch.Add(pending);
        }
    }

    private async Task CommitAppendsAsync(List<PendingAppend> batch, bool deferFlush, CancellationToken stopping)
    {
        batch.Sort(PendingAppend.ByThread);
        var startedAt = ThreadsInstruments.CommitStarted();

        // Current for the statement, so that Npgsql's own span of it is a child of this one.
        using var activity = ThreadsInstruments.StartCommit(ThreadsInstruments.Postgres, batch, static pending => pending.Caller);
        try
        {
            if (await TryCommitTogetherAsync(batch, deferFlush, stopping).ConfigureAwait(false) is { } outcomes)
            {
                // How well group commit works: appends per statement (1 means no batching happened).
                ThreadsInstruments.RecordCommit(ThreadsInstruments.Postgres, batch.Count, startedAt);
                Interlocked.Increment(ref _batches);
                if (deferFlush)
                {
                    Interlocked.Increment(ref _unflushed);
                    _flushes.Writer.TryWrite(new FlushGroup([.. batch], outcomes));
                    return;
                }

                Answer(batch, outcomes);
                return;
            }
        }
        catch (PostgresException e) when (batch.Count > 1)
        {
            // The server refused a statement and rolled the transaction back: nothing was written, so each append
            // is tried again alone and only the one at fault gets the error.
            LogBatchFailed(batch.Count, e);
        }
        catch (Exception e)
        {
            // Unknown outcome (the connection broke, perhaps during COMMIT): retrying could append twice.
            activity?.SetStatus(ActivityStatusCode.Error, e.GetType().Name);
            foreach (var pending in batch)
            {
                pending.Fail(e);
            }

            return;
        }

        foreach (var pending in batch)
        {
            try
            {
                var outcome = (await TryCommitTogetherAsync([pending], deferFlush: false, stopping).ConfigureAwait(false))?[0] ?? AppendOutcome.DuplicateRequest;
                pending.Complete(outcome);
            }
            catch (Exception e)
            {
                pending.Fail(e);
            }
        }
    }

    /// <summary>
    /// Answers the batches committed without a flush: takes every one waiting, commits one synchronous transaction
    /// (it has an id, so its commit waits for the WAL flush that also covers theirs), then answers their callers.
    /// Runs until the writers have stopped and every batch they handed over is answered.
    /// </summary>
    private async Task FlushAppendsAsync()
    {
        var reader = _flushes.Reader;
        var groups = new List<FlushGroup>();
        while (await reader.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false))
        {
            groups.Clear();
            while (reader.TryRead(out var group))
            {
                groups.Add(group);
            }

            Exception? failure = null;
            try
            {
                await using var flush = _dataSource.CreateCommand("SELECT txid_current()");
                await flush.ExecuteScalarAsync(CancellationToken.None).ConfigureAwait(false);
                Interlocked.Increment(ref _walFlushes);
            }
            catch (Exception e)
            {
                // Whether the batches reached the disk is unknown, as when a connection breaks during COMMIT.
                LogFlushFailed(groups.Count, e);
                failure = e;
            }

            foreach (var (appends, outcomes) in groups)
            {
                if (failure is null)
                {
                    Answer(appends, outcomes);
                }
                else
                {
                    foreach (var pending in appends)
                    {
                        pending.Fail(failure);
                    }
                }
            }

            Interlocked.Add(ref _unflushed, -groups.Count);
        }
    }

    private static void Answer(IReadOnlyList<PendingAppend> appends, AppendOutcome[] outcomes)
    {
        for (var i = 0; i < appends.Count; i++)
        {
            appends[i].Complete(outcomes[i]);
        }
    }

    /// <summary>
    /// Commits the appends in one statement and one round trip (with <paramref name="deferFlush"/>, without waiting for
    /// the WAL flush); null (rolled back) if a key was taken concurrently.
    /// </summary>
    private async Task<AppendOutcome[]?> TryCommitTogetherAsync(List<PendingAppend> batch, bool deferFlush, CancellationToken cancellationToken)
    {
        var appends = new AppendBatch[batch.Count];
        var keyed = false;
        var logOnly = true;
        for (var i = 0; i < appends.Length; i++)
        {
            appends[i] = batch[i].Batch;
            keyed |= appends[i].Idempotency is not null;
            logOnly &= AppendStatement.MovesLogOnly(appends[i]);
        }

        // A deferred flush commits on a connection whose session commits without waiting for the WAL flush.
        await using var connection = await (deferFlush ? _unflushedCommits : _dataSource).OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var commands = new NpgsqlBatch(connection);

        // Without idempotency keys nothing can call for a rollback: the statement commits alone (autocommit). With
        // keys, the transaction stays open until the outcomes are read.
        if (keyed)
        {
            commands.BatchCommands.Add(new NpgsqlBatchCommand("BEGIN"));
        }

        var statement = new NpgsqlBatchCommand(logOnly ? AppendStatement.LogOnlySql : AppendStatement.Sql);
        if (logOnly)
        {
            AppendStatement.AddLogOnly(statement.Parameters, appends);
        }
        else
        {
            AppendStatement.Add(statement.Parameters, appends);
        }

        commands.BatchCommands.Add(statement);

        var outcomes = new AppendOutcome[batch.Count];
        var raced = false;
        try
        {
            await using (var reader = await commands.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                for (var i = 0; i < batch.Count; i++)
                {
                    await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                    var (duplicate, appended, recorded) = (reader.GetBoolean(0), reader.GetBoolean(1), reader.GetBoolean(2));
                    outcomes[i] = duplicate ? AppendOutcome.DuplicateRequest : appended ? AppendOutcome.Appended : AppendOutcome.Conflict;

                    // Appended but not recorded: a concurrent request with the same key got there first.
                    raced |= appended && appends[i].Idempotency is not null && !recorded;
                }
            }

            if (keyed)
            {
                await using var end = new NpgsqlCommand(raced ? "ROLLBACK" : "COMMIT", connection);
                await end.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (PostgresException) when (keyed)
        {
            // A refused statement leaves the transaction aborted: undo it so the connection goes back to the pool clean.
            // A server that ended the session (shutting down: 57P01) leaves nothing to undo, and the connection closed:
            // the caller gets the server's error, not a second one about the connection.
            if (connection.FullState == System.Data.ConnectionState.Open)
            {
                await using var rollback = new NpgsqlCommand("ROLLBACK", connection);
                await rollback.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            throw;
        }

        return raced ? null : outcomes;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Flushing {Count} committed batches of appends failed; their callers are told the appends failed.")]
    private partial void LogFlushFailed(int count, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A batch of {Count} appends failed as a whole; retrying each alone.")]
    private partial void LogBatchFailed(int count, Exception exception);
}
