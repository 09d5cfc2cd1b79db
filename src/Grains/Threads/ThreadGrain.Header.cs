using Threads.Grains.Serialization;
using Threads.Grains.Storage;
using Threads.Grains.Threads.Internal;

namespace Threads.Grains.Threads;

public sealed partial class ThreadGrain
{
    /// <inheritdoc/>
    public async Task<ThreadInfo> CreateAsync(CreateThreadRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        Identifiers.RequireIdIfPresent(request.ResourceId, "resourceId");
        Identifiers.RequireIdIfPresent(request.UserId, "userId");
        _validate.Title(request.Title, "title");
        _validate.Metadata(request.Metadata, "metadata");
        _validate.Messages(request.Messages, "messages", required: false);
        Identifiers.RequireIdIfPresent(request.StateSchemaId, "stateSchemaId");
        var stateJson = await InitialStateAsync(request, cancellationToken);
        var now = Now();
        var messages = NewMessages(request.Messages ?? [], firstSeq: 1, runId: null, now);
        var thread = new ThreadInfo
        {
            Id = ThreadId,
            Namespace = Namespace,
            ResourceId = request.ResourceId,
            UserId = ActingUser.Resolve(request.UserId, "userId"),
            Title = request.Title,
            Metadata = request.Metadata is null ? System.Collections.ObjectModel.ReadOnlyDictionary<string, string>.Empty : new Dictionary<string, string>(request.Metadata),
            Hidden = request.Hidden,
            StateSchemaId = request.StateSchemaId,
            MessageCount = messages.Length,
            LastSeq = messages.Length,
            CreatedAt = now,
            UpdatedAt = now,
            Version = 1,
        };
        var stored = new StoredThread(thread, ETag: 1) { StateJson = stateJson, StateVersion = 1 };
        if (!await _store.CreateThreadAsync(stored, messages, cancellationToken))
        {
            _thread = null;
            throw new AlreadyExistsException($"Thread '{ThreadId}' already exists in namespace '{Namespace}'.");
        }

        _thread = stored;
        _tail.Reset(messages);
        _tailLoaded = true;
        Publish(ThreadEventTypes.ThreadCreated, thread, Data(thread, ThreadsJsonContext.Default.ThreadInfo));
        return thread;
    }

    /// <inheritdoc/>
    public async Task<ThreadInfo> GetAsync(int lastMessages = 0, CancellationToken cancellationToken = default)
    {
        if (lastMessages != 0)
        {
            _validate.Limit(lastMessages, "messages");
        }

        if (lastMessages == 0)
        {
            return (await CurrentAsync(cancellationToken)).Thread;
        }

        var newest = new MessageRange(null, null, Descending: true, lastMessages);
        var current = await CurrentForReadAsync(newest, cancellationToken);
        var newestFirst = await ReadAsync(current, newest, cancellationToken);
        newestFirst.Reverse();
        return current.Thread with { Messages = newestFirst };
    }

    /// <inheritdoc/>
    public async Task<ThreadInfo> UpdateAsync(UpdateThreadRequest request, long? expectedVersion = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ResourceId is { Length: > 0 })
        {
            Identifiers.RequireIdIfPresent(request.ResourceId, "resourceId");
        }

        _validate.Title(request.Title, "title");
        _validate.Metadata(request.Metadata, "metadata", nullRemoves: true);

        return await WriteAsync((Request: request, Expected: expectedVersion), static (grain, update, cancellationToken) =>
            grain.TryUpdateAsync(update.Request, update.Expected, cancellationToken), cancellationToken);
    }

    /// <summary>One attempt at an update of the header's fields, conditional on its ETag.</summary>
    private async Task<WriteAttempt<ThreadInfo>> TryUpdateAsync(UpdateThreadRequest request, long? expectedVersion, CancellationToken cancellationToken)
    {
        var current = await DecideAsync(expectedVersion, static (grain, current, expected) =>
        {
            grain.EnsureWritable(current);
            if (expected is { } version && version != current.Thread.Version)
            {
                throw new PreconditionFailedException($"Thread '{grain.ThreadId}' is at version {current.Thread.Version}, not {version}.");
            }
        }, cancellationToken);

        var metadata = MergeMetadata(current.Thread.Metadata, request.Metadata);
        _validate.Metadata(metadata, "metadata");
        var updated = current.Thread with
        {
            Title = request.Title is null ? current.Thread.Title : NullIfEmpty(request.Title),
            ResourceId = request.ResourceId is null ? current.Thread.ResourceId : NullIfEmpty(request.ResourceId),
            Metadata = metadata,
            Hidden = request.Hidden ?? current.Thread.Hidden,
            Archived = request.Archived ?? current.Thread.Archived,
            UpdatedAt = Now(),
            Version = current.Thread.Version + 1,
        };
        var stored = current with { Thread = updated, ETag = current.ETag + 1 };
        if (await _store.UpdateThreadAsync(stored, current.ETag, cancellationToken))
        {
            _thread = stored;
            Publish(ThreadEventTypes.ThreadUpdated, updated, Data(updated, ThreadsJsonContext.Default.ThreadInfo));
            return updated;
        }

        return WriteAttempt<ThreadInfo>.Lost;
    }

    /// <inheritdoc/>
    public async Task DeleteAsync(DateTimeOffset? ifUpdatedBefore = null, CancellationToken cancellationToken = default)
    {
        await WriteAsync(ifUpdatedBefore, static (grain, cutoff, cancellationToken) => grain.TryDeleteAsync(cutoff, cancellationToken), cancellationToken);
    }

    /// <summary>One attempt at deleting the thread, conditional on its ETag.</summary>
    private async Task<WriteAttempt<bool>> TryDeleteAsync(DateTimeOffset? ifUpdatedBefore, CancellationToken cancellationToken)
    {
        var current = await CurrentAsync(cancellationToken);
        if (ifUpdatedBefore is { } cutoff && current.Thread.UpdatedAt >= cutoff)
        {
            throw new PreconditionFailedException($"Thread '{ThreadId}' was updated at {UtcTimestampJsonConverter.Format(current.Thread.UpdatedAt)}, not before {UtcTimestampJsonConverter.Format(cutoff)}.");
        }

        EnsureWritable(current);
        if (await _store.DeleteThreadAsync(Namespace, ThreadId, current.ETag, cancellationToken))
        {
            Forget();
            _events.Purge(Namespace, ThreadId);
            Publish(ThreadEventTypes.ThreadDeleted, current.Thread);
            return true;
        }

        return WriteAttempt<bool>.Lost;
    }

    /// <inheritdoc/>
    public async Task<ThreadInfo> CloneAsync(CloneThreadRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        Identifiers.RequireIdIfPresent(request.Id, "id");
        Identifiers.RequireIdIfPresent(request.ResourceId, "resourceId");
        _validate.Title(request.Title, "title");
        _validate.Metadata(request.Metadata, "metadata", nullRemoves: true);
        if (request.UpToSeq is < 0)
        {
            throw InvalidArgumentException.ForField("upToSeq", "must be 0 or more");
        }

        var sourceStored = await CurrentAsync(cancellationToken);
        var source = sourceStored.Thread;
        var upToSeq = request.UpToSeq ?? source.LastSeq;
        if (upToSeq > source.LastSeq)
        {
            throw InvalidArgumentException.ForField("upToSeq", $"must be at most the thread's last seq, {source.LastSeq}");
        }

        var metadata = MergeMetadata(source.Metadata, request.Metadata);
        _validate.Metadata(metadata, "metadata");
        var cloneId = request.Id ?? Identifiers.NewThreadId();
        if (cloneId == ThreadId)
        {
            throw new AlreadyExistsException($"Thread '{cloneId}' already exists in namespace '{Namespace}'.");
        }

        var now = Now();
        var clone = source with
        {
            Id = cloneId,
            Title = request.Title ?? source.Title,
            ResourceId = request.ResourceId ?? source.ResourceId,
            Metadata = metadata,
            Hidden = request.Hidden ?? source.Hidden,
            Archived = false,
            Parent = new ParentLink(ThreadId, upToSeq),
            LastSeq = upToSeq,
            MessageCount = 0,
            CreatedAt = now,
            UpdatedAt = now,
            Version = 1,
            Messages = null,
        };
        var cloneStored = new StoredThread(clone, ETag: 1) { StateJson = sourceStored.StateJson, StateVersion = sourceStored.StateVersion };
        var copied = await _store.CloneThreadAsync(ThreadId, cloneStored, cancellationToken)
            ?? throw new AlreadyExistsException($"Thread '{cloneId}' already exists in namespace '{Namespace}'.");
        var created = clone with { MessageCount = copied };
        Publish(ThreadEventTypes.ThreadCloned, source, Data(created, ThreadsJsonContext.Default.ThreadInfo));
        _events.Publish(new ThreadEvent
        {
            Type = ThreadEventTypes.ThreadCreated,
            Namespace = Namespace,
            ThreadId = created.Id,
            ResourceId = created.ResourceId,
            UserId = created.UserId,
            CreatedAt = now,
        },
        Data(created, ThreadsJsonContext.Default.ThreadInfo));
        return created;
    }

    private static IReadOnlyDictionary<string, string> MergeMetadata(
        IReadOnlyDictionary<string, string> current,
        IReadOnlyDictionary<string, string?>? changes)
    {
        if (changes is null || changes.Count == 0)
        {
            return current;
        }

        var merged = new Dictionary<string, string>(current, StringComparer.Ordinal);
        foreach (var (key, value) in changes)
        {
            if (value is null)
            {
                merged.Remove(key);
            }
            else
            {
                merged[key] = value;
            }
        }

        return merged;
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
