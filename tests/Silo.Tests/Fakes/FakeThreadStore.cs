using Threads.Grains;
using Threads.Grains.Storage;
using Threads.Grains.Storage.Memory;

namespace Threads.Silo.Tests.Fakes;

/// <summary>The memory store with callbacks that override some of its answers.</summary>
public sealed class FakeThreadStore : IThreadStore
{
    private readonly MemoryThreadStore _inner = new();

    public Func<bool>? Ping { get; init; }

    /// <summary>Awaited before each read of messages, with the range asked for.</summary>
    public Func<MessageRange, Task>? BeforeReadMessages { get; set; }

    public Task InitializeAsync(CancellationToken cancellationToken) => _inner.InitializeAsync(cancellationToken);

    public Task<bool> PingAsync(CancellationToken cancellationToken) =>
        Ping is { } ping ? Task.FromResult(ping()) : _inner.PingAsync(cancellationToken);

    public Task<StoredThread?> GetThreadAsync(string ns, string threadId, CancellationToken cancellationToken) => _inner.GetThreadAsync(ns, threadId, cancellationToken);

    public ValueTask<long?> GetETagAsync(string ns, string threadId, CancellationToken cancellationToken) => _inner.GetETagAsync(ns, threadId, cancellationToken);

    public Task<bool> CreateThreadAsync(StoredThread thread, IReadOnlyList<ThreadMessage> messages, CancellationToken cancellationToken) =>
        _inner.CreateThreadAsync(thread, messages, cancellationToken);

    public Task<bool> UpdateThreadAsync(StoredThread thread, long expectedETag, CancellationToken cancellationToken) =>
        _inner.UpdateThreadAsync(thread, expectedETag, cancellationToken);

    public Task<AppendOutcome> AppendAsync(AppendBatch batch, CancellationToken cancellationToken) => _inner.AppendAsync(batch, cancellationToken);

    public async Task<IReadOnlyList<ThreadMessage>> ReadMessagesAsync(string ns, string threadId, MessageRange range, CancellationToken cancellationToken)
    {
        if (BeforeReadMessages is { } before)
        {
            await before(range);
        }

        return await _inner.ReadMessagesAsync(ns, threadId, range, cancellationToken);
    }

    public Task<long?> TrimAsync(StoredThread thread, long expectedETag, long throughSeq, bool keepSystem, CancellationToken cancellationToken) =>
        _inner.TrimAsync(thread, expectedETag, throughSeq, keepSystem, cancellationToken);

    public Task<long?> CloneThreadAsync(string sourceThreadId, StoredThread clone, CancellationToken cancellationToken) =>
        _inner.CloneThreadAsync(sourceThreadId, clone, cancellationToken);

    public Task<bool> DeleteThreadAsync(string ns, string threadId, long? expectedETag, CancellationToken cancellationToken) =>
        _inner.DeleteThreadAsync(ns, threadId, expectedETag, cancellationToken);

    public Task<IReadOnlyList<ThreadInfo>> ListThreadsAsync(string ns, ThreadFilter filter, CancellationToken cancellationToken) =>
        _inner.ListThreadsAsync(ns, filter, cancellationToken);

    public Task<IReadOnlyList<StoredHit>> SearchAsync(string ns, SearchFilter filter, CancellationToken cancellationToken) =>
        _inner.SearchAsync(ns, filter, cancellationToken);

    public Task<IdempotencyRecord?> GetIdempotencyAsync(string ns, string key, CancellationToken cancellationToken) => _inner.GetIdempotencyAsync(ns, key, cancellationToken);

    public Task<bool> TryPutIdempotencyAsync(IdempotencyRecord record, CancellationToken cancellationToken) => _inner.TryPutIdempotencyAsync(record, cancellationToken);

    public Task<int> PurgeIdempotencyAsync(DateTimeOffset createdBefore, int limit, CancellationToken cancellationToken) =>
        _inner.PurgeIdempotencyAsync(createdBefore, limit, cancellationToken);

    public Task<bool> DeleteIdempotencyAsync(string ns, string key, DateTimeOffset createdAt, CancellationToken cancellationToken) =>
        _inner.DeleteIdempotencyAsync(ns, key, createdAt, cancellationToken);

    public Task<StoredRun?> GetRunAsync(string ns, string threadId, string runId, CancellationToken cancellationToken) => _inner.GetRunAsync(ns, threadId, runId, cancellationToken);

    public Task<IReadOnlyList<StoredRun>> ListRunsAsync(string ns, string threadId, RunFilter filter, CancellationToken cancellationToken) =>
        _inner.ListRunsAsync(ns, threadId, filter, cancellationToken);

    public Task<IReadOnlyList<StoredCheckpoint>> ListCheckpointsAsync(string ns, string threadId, string runId, CancellationToken cancellationToken) =>
        _inner.ListCheckpointsAsync(ns, threadId, runId, cancellationToken);

    public Task<StoredSchema?> GetSchemaAsync(string ns, string schemaId, CancellationToken cancellationToken) => _inner.GetSchemaAsync(ns, schemaId, cancellationToken);

    public Task<bool> PutSchemaAsync(StoredSchema schema, long expectedVersion, CancellationToken cancellationToken) =>
        _inner.PutSchemaAsync(schema, expectedVersion, cancellationToken);

    public Task<IReadOnlyList<StoredSchema>> ListSchemasAsync(string ns, string? afterId, int limit, CancellationToken cancellationToken) =>
        _inner.ListSchemasAsync(ns, afterId, limit, cancellationToken);

    public Task<bool> DeleteSchemaAsync(string ns, string schemaId, CancellationToken cancellationToken) => _inner.DeleteSchemaAsync(ns, schemaId, cancellationToken);

    public Task<IReadOnlyList<string>> ListNamespacesAsync(string? after, int limit, CancellationToken cancellationToken) =>
        _inner.ListNamespacesAsync(after, limit, cancellationToken);

    public Task<bool> PutFileAsync(StoredThread thread, long expectedETag, StoredFile file, CancellationToken cancellationToken) =>
        _inner.PutFileAsync(thread, expectedETag, file, cancellationToken);

    public Task<bool> DeleteFileAsync(StoredThread thread, long expectedETag, string filename, CancellationToken cancellationToken) =>
        _inner.DeleteFileAsync(thread, expectedETag, filename, cancellationToken);

    public Task<IReadOnlyList<ThreadFileInfo>> ListFilesAsync(string ns, string threadId, CancellationToken cancellationToken) => _inner.ListFilesAsync(ns, threadId, cancellationToken);

    public Task<StoredFile?> GetFileAsync(string ns, string threadId, string filename, CancellationToken cancellationToken) =>
        _inner.GetFileAsync(ns, threadId, filename, cancellationToken);

    public Task<bool> ImportThreadAsync(StoredThread thread, IReadOnlyList<ThreadMessage> messages, IReadOnlyList<StoredFile> files, CancellationToken cancellationToken) =>
        _inner.ImportThreadAsync(thread, messages, files, cancellationToken);
}
