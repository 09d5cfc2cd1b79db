using Threads.Grains;
using Threads.Grains.Storage;
using Threads.Grains.Storage.Memory;

namespace Threads.Silo.Tests.Fakes;

/// <summary>The memory store with callbacks that override some of its answers.</summary>
public sealed class FakeThreadStore : IThreadStore
{
    private readonly MemoryThreadStore _inner = new();

    public Func<bool>? Ping { get; init; }

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

    public Task<IReadOnlyList<ThreadMessage>> ReadMessagesAsync(string ns, string threadId, MessageRange range, CancellationToken cancellationToken) =>
        _inner.ReadMessagesAsync(ns, threadId, range, cancellationToken);

    public Task<long?> TrimAsync(StoredThread thread, long expectedETag, long throughSeq, bool keepSystem, CancellationToken cancellationToken) =>
        _inner.TrimAsync(thread, expectedETag, throughSeq, keepSystem, cancellationToken);

    public Task<long?> CloneThreadAsync(string sourceThreadId, StoredThread clone, CancellationToken cancellationToken) =>
        _inner.CloneThreadAsync(sourceThreadId, clone, cancellationToken);

    public Task<bool> DeleteThreadAsync(string ns, string threadId, CancellationToken cancellationToken) => _inner.DeleteThreadAsync(ns, threadId, cancellationToken);

    public Task<IReadOnlyList<ThreadInfo>> ListThreadsAsync(string ns, ThreadFilter filter, CancellationToken cancellationToken) =>
        _inner.ListThreadsAsync(ns, filter, cancellationToken);

    public Task<IdempotencyRecord?> GetIdempotencyAsync(string ns, string key, CancellationToken cancellationToken) => _inner.GetIdempotencyAsync(ns, key, cancellationToken);

    public Task<bool> TryPutIdempotencyAsync(IdempotencyRecord record, CancellationToken cancellationToken) => _inner.TryPutIdempotencyAsync(record, cancellationToken);
}
