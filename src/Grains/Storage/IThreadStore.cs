namespace Threads.Grains.Storage;

/// <summary>
/// Grain storage for threads, shaped for an append-only log. Every write is conditional on the ETag the writer
/// read, and every multi-row change is one transaction, so that several silos over one database never lose or
/// reorder each other's writes. Implementations are thread-safe.
/// </summary>
public interface IThreadStore
{
    /// <summary>Creates the schema or migrates it to the current version; idempotent.</summary>
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>Answers if the database can be reached.</summary>
    Task<bool> PingAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Completes if the storage takes writes now: it answers, has room, and commits a small write; otherwise throws
    /// what the failing step threw (which <see cref="Classify"/> names). What readiness asks.
    /// </summary>
    async Task ProbeWritesAsync(CancellationToken cancellationToken)
    {
        if (!await PingAsync(cancellationToken).ConfigureAwait(false))
        {
            throw new StorageUnavailableException("The storage does not answer.");
        }
    }

    /// <summary>
    /// What <paramref name="exception"/>, thrown by this store, means to a caller: transient (a restart, a timeout, a
    /// lock held too long), no space left, or neither. Only the exception itself: <see cref="StorageFaults"/> walks inner ones.
    /// </summary>
    StorageFault Classify(Exception exception) => StorageFault.None;

    /// <summary>The database, as logs name it: its host and port, or its file; never credentials.</summary>
    string Target => GetType().Name;

    /// <summary>The thread's header, or null.</summary>
    Task<StoredThread?> GetThreadAsync(string ns, string threadId, CancellationToken cancellationToken);

    /// <summary>
    /// The thread's header and its newest <paramref name="count"/> messages, or null if it does not exist: what an
    /// activation's first "last N" read needs. By default two reads, the header first; a store that can answer both
    /// in one round trip does.
    /// </summary>
    async Task<ThreadWithNewest?> GetThreadWithNewestAsync(string ns, string threadId, int count, CancellationToken cancellationToken)
    {
        var thread = await GetThreadAsync(ns, threadId, cancellationToken).ConfigureAwait(false);
        return thread is null
            ? null
            : new ThreadWithNewest(thread, await ReadMessagesAsync(ns, threadId, new MessageRange(null, null, Descending: true, count), cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Only the thread's ETag, or null if it does not exist: the cheap check that a cached header is still fresh.</summary>
    ValueTask<long?> GetETagAsync(string ns, string threadId, CancellationToken cancellationToken);

    /// <summary>Creates a thread with its first messages in one transaction; false (nothing written) if the id is taken.</summary>
    Task<bool> CreateThreadAsync(StoredThread thread, IReadOnlyList<ThreadMessage> messages, CancellationToken cancellationToken);

    /// <summary>Replaces the header if the thread is still at <paramref name="expectedETag"/>; false (nothing written) otherwise.</summary>
    Task<bool> UpdateThreadAsync(StoredThread thread, long expectedETag, CancellationToken cancellationToken);

    /// <summary>Appends messages and the new header in one transaction, conditional on the ETag; costs the same at any length of the log.</summary>
    Task<AppendOutcome> AppendAsync(AppendBatch batch, CancellationToken cancellationToken);

    /// <summary>A slice of the log, in the order asked for.</summary>
    Task<IReadOnlyList<ThreadMessage>> ReadMessagesAsync(string ns, string threadId, MessageRange range, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes messages with seq up to <paramref name="throughSeq"/> (system messages kept when <paramref name="keepSystem"/>)
    /// and writes the new header, in one transaction conditional on the ETag. The header's message count is set by the store.
    /// Returns the number removed, or null (nothing written) on a conflict.
    /// </summary>
    Task<long?> TrimAsync(StoredThread thread, long expectedETag, long throughSeq, bool keepSystem, CancellationToken cancellationToken);

    /// <summary>
    /// Creates <paramref name="clone"/> holding a copy of the source's messages up to its parent seq and of its files, inside the
    /// database, in one transaction; the clone's message count is set by the store to the number copied, which it returns.
    /// Null (nothing written) if the clone's id is taken; throws <see cref="NotFoundException"/> if the source is gone.
    /// </summary>
    Task<long?> CloneThreadAsync(string sourceThreadId, StoredThread clone, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes the thread and every row that belongs to it (messages, runs, checkpoints, files, idempotency records) in one
    /// transaction; with <paramref name="expectedETag"/>, only if the thread is still at it. False if nothing was deleted.
    /// </summary>
    Task<bool> DeleteThreadAsync(string ns, string threadId, long? expectedETag, CancellationToken cancellationToken);

    /// <summary>Lists headers through the (namespace, resource, updatedAt desc, id desc) index, never a scan of the namespace.</summary>
    Task<IReadOnlyList<ThreadInfo>> ListThreadsAsync(string ns, ThreadFilter filter, CancellationToken cancellationToken);

    /// <summary>
    /// The namespace's messages matching every term, best first (ties by thread id, then seq), at most the filter's
    /// limit, through the store's full-text index, kept in the same transaction as every write of the log. The
    /// filters, the user scope and the keyset are applied inside the search.
    /// </summary>
    Task<IReadOnlyList<StoredHit>> SearchAsync(string ns, SearchFilter filter, CancellationToken cancellationToken);

    /// <summary>The record kept for an idempotency key, or null.</summary>
    Task<IdempotencyRecord?> GetIdempotencyAsync(string ns, string key, CancellationToken cancellationToken);

    /// <summary>Keeps a record for an idempotency key; false (nothing written) if the key has one already.</summary>
    Task<bool> TryPutIdempotencyAsync(IdempotencyRecord record, CancellationToken cancellationToken);

    /// <summary>
    /// Removes the record for an idempotency key if it is still the one created at <paramref name="createdAt"/> (an
    /// expired record, so that the key can be used again); false if there is none or another one.
    /// </summary>
    Task<bool> DeleteIdempotencyAsync(string ns, string key, DateTimeOffset createdAt, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes at most <paramref name="limit"/> idempotency records created before <paramref name="createdBefore"/>, in
    /// every namespace, oldest first, through an index on the creation time; returns how many.
    /// </summary>
    Task<int> PurgeIdempotencyAsync(DateTimeOffset createdBefore, int limit, CancellationToken cancellationToken);

    /// <summary>One run of a thread, or null.</summary>
    Task<StoredRun?> GetRunAsync(string ns, string threadId, string runId, CancellationToken cancellationToken);

    /// <summary>A thread's runs, newest first, through an index on (namespace, thread, startedAt).</summary>
    Task<IReadOnlyList<StoredRun>> ListRunsAsync(string ns, string threadId, RunFilter filter, CancellationToken cancellationToken);

    /// <summary>A run's checkpoints, oldest first.</summary>
    Task<IReadOnlyList<StoredCheckpoint>> ListCheckpointsAsync(string ns, string threadId, string runId, CancellationToken cancellationToken);

    /// <summary>A registered state schema, or null.</summary>
    Task<StoredSchema?> GetSchemaAsync(string ns, string schemaId, CancellationToken cancellationToken);

    /// <summary>Registers or replaces a schema if it is still at <paramref name="expectedVersion"/> (0: absent); false otherwise.</summary>
    Task<bool> PutSchemaAsync(StoredSchema schema, long expectedVersion, CancellationToken cancellationToken);

    /// <summary>Up to <paramref name="limit"/> of the namespace's schemas whose id sorts (ordinally) after <paramref name="afterId"/>, by id.</summary>
    Task<IReadOnlyList<StoredSchema>> ListSchemasAsync(string ns, string? afterId, int limit, CancellationToken cancellationToken);

    /// <summary>Deletes a schema; false if there was none. Threads that name it keep their id and state.</summary>
    Task<bool> DeleteSchemaAsync(string ns, string schemaId, CancellationToken cancellationToken);

    /// <summary>Up to <paramref name="limit"/> of the namespaces that hold at least one thread, after <paramref name="after"/> in ordinal order.</summary>
    Task<IReadOnlyList<string>> ListNamespacesAsync(string? after, int limit, CancellationToken cancellationToken);

    /// <summary>Writes (or replaces, by filename) a file and the new header in one transaction, conditional on the ETag; false (nothing written) on a conflict.</summary>
    Task<bool> PutFileAsync(StoredThread thread, long expectedETag, StoredFile file, CancellationToken cancellationToken);

    /// <summary>Deletes a file (if present) and writes the new header in one transaction, conditional on the ETag; false (nothing written) on a conflict.</summary>
    Task<bool> DeleteFileAsync(StoredThread thread, long expectedETag, string filename, CancellationToken cancellationToken);

    /// <summary>A thread's files without their bytes, ordered by filename (ordinal).</summary>
    Task<IReadOnlyList<ThreadFileInfo>> ListFilesAsync(string ns, string threadId, CancellationToken cancellationToken);

    /// <summary>One file with its bytes, or null.</summary>
    Task<StoredFile?> GetFileAsync(string ns, string threadId, string filename, CancellationToken cancellationToken);

    /// <summary>Creates a thread with all its messages (seqs, ids and times as given) and files in one transaction; false (nothing written) if the id is taken.</summary>
    Task<bool> ImportThreadAsync(StoredThread thread, IReadOnlyList<ThreadMessage> messages, IReadOnlyList<StoredFile> files, CancellationToken cancellationToken);
}
