using Threads.Grains.Storage.Sqlite.Internal;

namespace Threads.Grains.Storage.Sqlite;

public sealed partial class SqliteThreadStore
{
    /// <inheritdoc/>
    public Task<bool> CreateThreadAsync(StoredThread thread, IReadOnlyList<ThreadMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(thread);
        ArgumentNullException.ThrowIfNull(messages);
        return WriteAsync((thread, messages, bodies: SqliteRows.Bodies(messages)), static (writer, s) =>
        {
            if (!writer.TryInsertThread(s.thread))
            {
                return (false, false);
            }

            writer.InsertMessages(s.thread.Thread.Namespace, s.thread.Thread.Id, s.messages, s.bodies);
            return (true, true);
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<bool> UpdateThreadAsync(StoredThread thread, long expectedETag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(thread);
        return WriteAsync((thread, expectedETag), static (writer, s) =>
        {
            var updated = writer.TryUpdateThread(s.thread, s.expectedETag);
            return (updated, updated);
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<AppendOutcome> AppendAsync(AppendBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return WriteAsync((batch, bodies: SqliteRows.Bodies(batch.Messages)), static (writer, s) =>
        {
            var b = s.batch;
            if (b.Idempotency is { } record && !writer.TryInsertIdempotency(record))
            {
                return (false, AppendOutcome.DuplicateRequest);
            }

            if (!(b.MovesLogOnly ? writer.TryMoveLog(b.Thread, b.ExpectedETag) : writer.TryUpdateThread(b.Thread, b.ExpectedETag)))
            {
                return (false, AppendOutcome.Conflict);
            }

            writer.InsertMessages(b.Thread.Thread.Namespace, b.Thread.Thread.Id, b.Messages, s.bodies);
            if (b.Run is { } run)
            {
                writer.UpsertRun(run);
                if (b.Checkpoint is { } checkpoint)
                {
                    writer.InsertCheckpoint(run.Namespace, run.ThreadId, run.Run.RunId, checkpoint);
                }
            }

            return (true, AppendOutcome.Appended);
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<long?> TrimAsync(StoredThread thread, long expectedETag, long throughSeq, bool keepSystem, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(thread);
        return WriteAsync((thread, expectedETag, throughSeq, keepSystem), static (writer, s) =>
        {
            var removed = writer.Trim(s.thread, s.expectedETag, s.throughSeq, s.keepSystem);
            return (removed is not null, removed);
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<long?> CloneThreadAsync(string sourceThreadId, StoredThread clone, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clone);
        return WriteAsync((sourceThreadId, clone), static (writer, s) =>
        {
            var copied = writer.Clone(s.sourceThreadId, s.clone);
            return (copied is not null, copied);
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<bool> DeleteThreadAsync(string ns, string threadId, long? expectedETag, CancellationToken cancellationToken) =>
        WriteAsync((ns, threadId, expectedETag), static (writer, s) => (true, writer.Delete(s.ns, s.threadId, s.expectedETag)), cancellationToken);

    /// <inheritdoc/>
    public Task<bool> TryPutIdempotencyAsync(IdempotencyRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        return WriteAsync(record, static (writer, r) =>
        {
            var put = writer.TryInsertIdempotency(r);
            return (put, put);
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<bool> DeleteIdempotencyAsync(string ns, string key, DateTimeOffset createdAt, CancellationToken cancellationToken) =>
        WriteAsync((ns, key, createdAt), static (writer, s) =>
        {
            var deleted = writer.DeleteIdempotency(s.ns, s.key, s.createdAt);
            return (deleted, deleted);
        }, cancellationToken);

    /// <inheritdoc/>
    public Task<int> PurgeIdempotencyAsync(DateTimeOffset createdBefore, int limit, CancellationToken cancellationToken) =>
        WriteAsync((createdBefore, limit), static (writer, s) => (true, writer.PurgeIdempotency(s.createdBefore, s.limit)), cancellationToken);

    /// <summary>Queues a write for the writer loop; the task ends once the batch holding it has committed. Tests queue their own writes through it too.</summary>
    internal Task<TResult> WriteAsync<TState, TResult>(
        TState state,
        Func<SqliteWriter, TState, (bool Keep, TResult Result)> step,
        CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<TResult>(cancellationToken);
        }

        return _ready ? Enqueue(state, step, cancellationToken) : SlowAsync(this, state, step, cancellationToken);

        static async Task<TResult> SlowAsync(
            SqliteThreadStore store,
            TState state,
            Func<SqliteWriter, TState, (bool Keep, TResult Result)> step,
            CancellationToken cancellationToken)
        {
            await store.ReadyAsync(cancellationToken).ConfigureAwait(false);
            return await store.Enqueue(state, step, cancellationToken).ConfigureAwait(false);
        }
    }

    private Task<TResult> Enqueue<TState, TResult>(
        TState state,
        Func<SqliteWriter, TState, (bool Keep, TResult Result)> step,
        CancellationToken cancellationToken)
    {
        var operation = new WriteOperation<TState, TResult>(state, step, cancellationToken);
        if (!_writes!.TryEnqueue(operation))
        {
            return Task.FromException<TResult>(new ObjectDisposedException(nameof(SqliteThreadStore)));
        }

        return operation.Task;
    }
}
