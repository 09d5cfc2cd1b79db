using Threads.Grains.Storage.Internal;

namespace Threads.Grains.Storage.Memory;

/// <summary>A store in process memory, for unit tests: one lock around plain collections, nothing durable.</summary>
public sealed class MemoryThreadStore : IThreadStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(string Ns, string Id), Entry> _threads = [];
    private readonly Dictionary<(string Ns, string Key), IdempotencyRecord> _idempotency = [];
    private readonly Dictionary<(string Ns, string Id), StoredSchema> _schemas = [];

    /// <inheritdoc/>
    public string Target => "in memory (kept until the silo stops)";

    /// <inheritdoc/>
    public Task InitializeAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc/>
    public Task<bool> PingAsync(CancellationToken cancellationToken) => Task.FromResult(true);

    /// <inheritdoc/>
    public Task<StoredThread?> GetThreadAsync(string ns, string threadId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_threads.GetValueOrDefault((ns, threadId))?.Thread);
        }
    }

    /// <inheritdoc/>
    public ValueTask<long?> GetETagAsync(string ns, string threadId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return ValueTask.FromResult(_threads.GetValueOrDefault((ns, threadId))?.Thread.ETag);
        }
    }

    /// <inheritdoc/>
    public Task<bool> CreateThreadAsync(StoredThread thread, IReadOnlyList<ThreadMessage> messages, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_threads.TryAdd(Key(thread), new Entry(thread, [.. messages])));
        }
    }

    /// <inheritdoc/>
    public Task<bool> UpdateThreadAsync(StoredThread thread, long expectedETag, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (At(thread, expectedETag) is not { } entry)
            {
                return Task.FromResult(false);
            }

            entry.Thread = thread;
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc/>
    public Task<AppendOutcome> AppendAsync(AppendBatch batch, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (batch.Idempotency is { } record && _idempotency.ContainsKey((record.Namespace, record.Key)))
            {
                return Task.FromResult(AppendOutcome.DuplicateRequest);
            }

            if (!_threads.TryGetValue(Key(batch.Thread), out var entry) || entry.Thread.ETag != batch.ExpectedETag)
            {
                return Task.FromResult(AppendOutcome.Conflict);
            }

            if (batch.Checkpoint is not null && batch.Run is null)
            {
                throw new ArgumentException("A checkpoint needs its run.", nameof(batch));
            }

            entry.Messages.AddRange(batch.Messages);
            entry.Thread = batch.Thread;
            if (batch.Run is { } run)
            {
                entry.Runs[run.Run.RunId] = run;
                if (batch.Checkpoint is { } checkpoint)
                {
                    entry.Checkpoints.Add((run.Run.RunId, checkpoint));
                }
            }
            if (batch.Idempotency is { } kept)
            {
                _idempotency[(kept.Namespace, kept.Key)] = kept;
            }

            return Task.FromResult(AppendOutcome.Appended);
        }
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<ThreadMessage>> ReadMessagesAsync(string ns, string threadId, MessageRange range, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!_threads.TryGetValue((ns, threadId), out var entry))
            {
                return Task.FromResult<IReadOnlyList<ThreadMessage>>([]);
            }

            var selected = entry.Messages.Where(m =>
                m.Seq > (range.After ?? 0) && m.Seq < (range.Before ?? long.MaxValue) && (range.RunId is null || m.RunId == range.RunId));
            if (range.Descending)
            {
                selected = selected.Reverse();
            }

            return Task.FromResult<IReadOnlyList<ThreadMessage>>(selected.Take(range.Limit).ToArray());
        }
    }

    /// <inheritdoc/>
    public Task<long?> TrimAsync(StoredThread thread, long expectedETag, long throughSeq, bool keepSystem, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (At(thread, expectedETag) is not { } entry)
            {
                return Task.FromResult<long?>(null);
            }

            long removed = entry.Messages.RemoveAll(m => m.Seq <= throughSeq && !(keepSystem && m.Role == MessageRole.System));
            entry.Thread = thread with { Thread = thread.Thread with { MessageCount = entry.Messages.Count } };
            return Task.FromResult<long?>(removed);
        }
    }

    /// <inheritdoc/>
    public Task<long?> CloneThreadAsync(string sourceThreadId, StoredThread clone, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!_threads.TryGetValue((clone.Thread.Namespace, sourceThreadId), out var source))
            {
                throw new NotFoundException($"Thread '{sourceThreadId}' was not found.");
            }

            if (_threads.ContainsKey(Key(clone)))
            {
                return Task.FromResult<long?>(null);
            }

            var upTo = clone.Thread.Parent?.Seq ?? clone.Thread.LastSeq;
            var messages = source.Messages.Where(m => m.Seq <= upTo).ToList();
            var entry = new Entry(clone with { Thread = clone.Thread with { MessageCount = messages.Count } }, messages);
            foreach (var (name, file) in source.Files)
            {
                entry.Files[name] = file;
            }

            _threads[Key(clone)] = entry;
            return Task.FromResult<long?>(messages.Count);
        }
    }

    /// <inheritdoc/>
    public Task<bool> DeleteThreadAsync(string ns, string threadId, long? expectedETag, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!_threads.TryGetValue((ns, threadId), out var entry) || (expectedETag is { } etag && entry.Thread.ETag != etag))
            {
                return Task.FromResult(false);
            }

            foreach (var key in _idempotency.Where(p => p.Key.Ns == ns && p.Value.ThreadId == threadId).Select(p => p.Key).ToList())
            {
                _idempotency.Remove(key);
            }

            return Task.FromResult(_threads.Remove((ns, threadId)));
        }
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<ThreadInfo>> ListThreadsAsync(string ns, ThreadFilter filter, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var result = _threads.Values
                .Select(e => e.Thread.Thread)
                .Where(t => t.Namespace == ns && Matches(t, filter))
                .OrderByDescending(t => t.UpdatedAt)
                .ThenByDescending(t => t.Id, StringComparer.Ordinal)
                .Take(filter.Limit)
                .ToArray();
            return Task.FromResult<IReadOnlyList<ThreadInfo>>(result);
        }
    }

    /// <inheritdoc/>
    /// <remarks>A scan of the namespace's messages, scored by <see cref="SearchText.Score"/>.</remarks>
    public Task<IReadOnlyList<StoredHit>> SearchAsync(string ns, SearchFilter filter, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var hits = new List<StoredHit>();
            foreach (var entry in _threads.Values)
            {
                var thread = entry.Thread.Thread;
                if (thread.Namespace != ns || (filter.ResourceId is not null && thread.ResourceId != filter.ResourceId)
                    || (filter.ThreadId is not null && thread.Id != filter.ThreadId) || (filter.UserId is not null && thread.UserId != filter.UserId)
                    || (thread.Hidden && !filter.IncludeHidden))
                {
                    continue;
                }

                foreach (var message in entry.Messages.Where(m => filter.Role is null || m.Role.Value == filter.Role))
                {
                    var tokens = SearchText.Tokens(SearchText.Of(message.Content));
                    if (SearchText.Matches(tokens, filter.Terms))
                    {
                        hits.Add(new StoredHit(thread.Id, message.Seq, message.Id, message.Role.Value, message.CreatedAt, SearchText.Score(tokens, filter.Terms), StoredJson.WriteBody(message)));
                    }
                }
            }

            var after = filter.After;
            var result = hits
                .Where(h => after is not { } a || h.Score < a.Score || (h.Score == a.Score && (string.CompareOrdinal(h.ThreadId, a.ThreadId) > 0 || (h.ThreadId == a.ThreadId && h.Seq > a.Seq))))
                .OrderByDescending(h => h.Score)
                .ThenBy(h => h.ThreadId, StringComparer.Ordinal)
                .ThenBy(h => h.Seq)
                .Take(filter.Limit)
                .ToArray();
            return Task.FromResult<IReadOnlyList<StoredHit>>(result);
        }
    }

    /// <inheritdoc/>
    public Task<IdempotencyRecord?> GetIdempotencyAsync(string ns, string key, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_idempotency.GetValueOrDefault((ns, key)));
        }
    }

    /// <inheritdoc/>
    public Task<bool> TryPutIdempotencyAsync(IdempotencyRecord record, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_idempotency.TryAdd((record.Namespace, record.Key), record));
        }
    }

    /// <inheritdoc/>
    public Task<bool> DeleteIdempotencyAsync(string ns, string key, DateTimeOffset createdAt, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(
                _idempotency.TryGetValue((ns, key), out var record) && record.CreatedAt == createdAt && _idempotency.Remove((ns, key)));
        }
    }

    /// <inheritdoc/>
    public Task<int> PurgeIdempotencyAsync(DateTimeOffset createdBefore, int limit, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var expired = _idempotency.Where(p => p.Value.CreatedAt < createdBefore).OrderBy(p => p.Value.CreatedAt).Take(limit).Select(p => p.Key).ToList();
            foreach (var key in expired)
            {
                _idempotency.Remove(key);
            }

            return Task.FromResult(expired.Count);
        }
    }

    /// <inheritdoc/>
    public Task<StoredRun?> GetRunAsync(string ns, string threadId, string runId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_threads.GetValueOrDefault((ns, threadId))?.Runs.GetValueOrDefault(runId));
        }
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<StoredRun>> ListRunsAsync(string ns, string threadId, RunFilter filter, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!_threads.TryGetValue((ns, threadId), out var entry))
            {
                return Task.FromResult<IReadOnlyList<StoredRun>>([]);
            }

            var runs = entry.Runs.Values
                .Where(r => filter.StoredStatuses is null || filter.StoredStatuses.Contains(r.Run.Status))
                .Where(r => filter.After is not { } after
                    || r.Run.StartedAt < after.StartedAt
                    || (r.Run.StartedAt == after.StartedAt && string.CompareOrdinal(r.Run.RunId, after.RunId) < 0))
                .OrderByDescending(r => r.Run.StartedAt)
                .ThenByDescending(r => r.Run.RunId, StringComparer.Ordinal)
                .Take(filter.Limit)
                .ToArray();
            return Task.FromResult<IReadOnlyList<StoredRun>>(runs);
        }
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<StoredCheckpoint>> ListCheckpointsAsync(string ns, string threadId, string runId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var checkpoints = _threads.GetValueOrDefault((ns, threadId))?.Checkpoints
                .Where(c => c.RunId == runId)
                .Select(c => c.Checkpoint)
                .OrderBy(c => c.Number)
                .ToArray() ?? [];
            return Task.FromResult<IReadOnlyList<StoredCheckpoint>>(checkpoints);
        }
    }

    /// <inheritdoc/>
    public Task<StoredSchema?> GetSchemaAsync(string ns, string schemaId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_schemas.GetValueOrDefault((ns, schemaId)));
        }
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<StoredSchema>> ListSchemasAsync(string ns, string? afterId, int limit, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            IReadOnlyList<StoredSchema> page = [.. _schemas.Values
                .Where(s => s.Namespace == ns && (afterId is null || string.CompareOrdinal(s.Id, afterId) > 0))
                .OrderBy(static s => s.Id, StringComparer.Ordinal)
                .Take(limit)];
            return Task.FromResult(page);
        }
    }

    /// <inheritdoc/>
    public Task<bool> DeleteSchemaAsync(string ns, string schemaId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_schemas.Remove((ns, schemaId)));
        }
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<string>> ListNamespacesAsync(string? after, int limit, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            IReadOnlyList<string> page = [.. _threads.Keys
                .Select(static k => k.Ns)
                .Where(ns => after is null || string.CompareOrdinal(ns, after) > 0)
                .Distinct()
                .Order(StringComparer.Ordinal)
                .Take(limit)];
            return Task.FromResult(page);
        }
    }

    /// <inheritdoc/>
    public Task<bool> PutSchemaAsync(StoredSchema schema, long expectedVersion, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var current = _schemas.GetValueOrDefault((schema.Namespace, schema.Id))?.Version ?? 0;
            if (current != expectedVersion)
            {
                return Task.FromResult(false);
            }

            _schemas[(schema.Namespace, schema.Id)] = schema;
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc/>
    public Task<bool> PutFileAsync(StoredThread thread, long expectedETag, StoredFile file, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (At(thread, expectedETag) is not { } entry)
            {
                return Task.FromResult(false);
            }

            entry.Thread = thread;
            entry.Files[file.Info.Filename] = file;
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc/>
    public Task<bool> DeleteFileAsync(StoredThread thread, long expectedETag, string filename, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (At(thread, expectedETag) is not { } entry)
            {
                return Task.FromResult(false);
            }

            entry.Thread = thread;
            entry.Files.Remove(filename);
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<ThreadFileInfo>> ListFilesAsync(string ns, string threadId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var files = _threads.GetValueOrDefault((ns, threadId))?.Files.Values.Select(f => f.Info).OrderBy(f => f.Filename, StringComparer.Ordinal).ToArray() ?? [];
            return Task.FromResult<IReadOnlyList<ThreadFileInfo>>(files);
        }
    }

    /// <inheritdoc/>
    public Task<StoredFile?> GetFileAsync(string ns, string threadId, string filename, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_threads.GetValueOrDefault((ns, threadId))?.Files.GetValueOrDefault(filename));
        }
    }

    /// <inheritdoc/>
    public Task<bool> ImportThreadAsync(StoredThread thread, IReadOnlyList<ThreadMessage> messages, IReadOnlyList<StoredFile> files, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var entry = new Entry(thread, [.. messages]);
            foreach (var file in files)
            {
                entry.Files[file.Info.Filename] = file;
            }

            return Task.FromResult(_threads.TryAdd(Key(thread), entry));
        }
    }

    private static bool Matches(ThreadInfo thread, ThreadFilter filter) =>
        (filter.ResourceId is null || thread.ResourceId == filter.ResourceId)
        && (filter.UserId is null || thread.UserId == filter.UserId)
        && (filter.IncludeHidden || !thread.Hidden)
        && (filter.Archived is null || thread.Archived == filter.Archived)
        && (filter.UpdatedAfter is null || thread.UpdatedAt > filter.UpdatedAfter)
        && (filter.UpdatedBefore is null || thread.UpdatedAt < filter.UpdatedBefore)
        && (filter.Metadata is null || filter.Metadata.All(p => thread.Metadata.TryGetValue(p.Key, out var v) && v == p.Value))
        && (filter.After is not { } after
            || thread.UpdatedAt < after.UpdatedAt
            || (thread.UpdatedAt == after.UpdatedAt && string.CompareOrdinal(thread.Id, after.Id) < 0));

    private static (string, string) Key(StoredThread thread) => (thread.Thread.Namespace, thread.Thread.Id);

    /// <summary>The thread's entry if it is stored at <paramref name="expectedETag"/>; called under the lock.</summary>
    private Entry? At(StoredThread thread, long expectedETag) =>
        _threads.TryGetValue(Key(thread), out var entry) && entry.Thread.ETag == expectedETag ? entry : null;

    private sealed class Entry(StoredThread thread, List<ThreadMessage> messages)
    {
        public StoredThread Thread { get; set; } = thread;

        public List<ThreadMessage> Messages { get; } = messages;

        public Dictionary<string, StoredRun> Runs { get; } = [];

        public List<(string RunId, StoredCheckpoint Checkpoint)> Checkpoints { get; } = [];

        public Dictionary<string, StoredFile> Files { get; } = new(StringComparer.Ordinal);
    }
}
