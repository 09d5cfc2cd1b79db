using System.Text.Json;
using Threads.Grains.Diagnostics.Internal;
using Threads.Grains.Idempotency;
using Threads.Grains.Serialization;
using Threads.Grains.Storage;
using Threads.Grains.Threads.Internal;

namespace Threads.Grains.Threads;

public sealed partial class ThreadGrain
{
    /// <inheritdoc/>
    public async Task<AppendMessagesResult> AppendAsync(AppendMessagesRequest request, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        _validate.Messages(request.Messages, "messages", required: true);
        Identifiers.RequireIdIfPresent(request.RunId, "runId");
        if (request.ExpectedLastSeq is < 0)
        {
            throw InvalidArgumentException.ForField("expectedLastSeq", "must be 0 or more");
        }

        string? requestHash = null;
        if (idempotencyKey is not null)
        {
            requestHash = HashRequest(request);
            if (await TryReplayAsync(idempotencyKey, requestHash, cancellationToken) is { } replayed)
            {
                return replayed;
            }
        }

        return await WriteAsync((Request: request, Key: idempotencyKey, Hash: requestHash), static (grain, append, cancellationToken) =>
            grain.TryAppendAsync(append.Request, append.Key, append.Hash, cancellationToken), cancellationToken);
    }

    /// <summary>One attempt at an append: the messages, the header and the key's record in one conditional store call.</summary>
    private async Task<WriteAttempt<AppendMessagesResult>> TryAppendAsync(AppendMessagesRequest request, string? idempotencyKey, string? requestHash, CancellationToken cancellationToken)
    {
        var current = await DecideAsync(request.ExpectedLastSeq, static (grain, current, expected) =>
        {
            grain.EnsureWritable(current);
            if (expected is { } seq && seq != current.Thread.LastSeq)
            {
                throw new PreconditionFailedException($"Thread '{grain.ThreadId}' is at seq {current.Thread.LastSeq}, not {seq}.");
            }
        }, cancellationToken);
        var lastSeq = current.Thread.LastSeq;

        var now = Now();
        var messages = NewMessages(request.Messages, lastSeq + 1, request.RunId, now);
        var result = new AppendMessagesResult(messages, lastSeq + messages.Length);
        var updated = current with
        {
            Thread = current.Thread with
            {
                LastSeq = result.LastSeq,
                MessageCount = current.Thread.MessageCount + messages.Length,
                UpdatedAt = now,
            },
            ETag = current.ETag + 1,
        };
        var idempotency = idempotencyKey is null
            ? null
            : new IdempotencyRecord(Namespace, idempotencyKey, requestHash!, ThreadId, 201, JsonSerializer.Serialize(result, ThreadsJsonContext.Default.AppendMessagesResult), now);

        switch (await _store.AppendAsync(new AppendBatch(updated, current.ETag, messages, idempotency) { MovesLogOnly = true }, cancellationToken))
        {
            case AppendOutcome.Appended:
                _thread = updated;
                if (_tailLoaded)
                {
                    _tail.Append(messages);
                }

                ThreadsInstruments.RecordAppend(messages.Length);
                Publish(ThreadEventTypes.MessagesAppended, updated.Thread, Data(result, ThreadsJsonContext.Default.AppendMessagesResult));
                return result;
            case AppendOutcome.DuplicateRequest when await TryReplayAsync(idempotencyKey!, requestHash!, cancellationToken) is { } first:
                return first;
            default:
                // Another writer moved the thread, or the key's record had expired and is now removed (the next
                // attempt records this request).
                return WriteAttempt<AppendMessagesResult>.Lost;
        }
    }

    /// <inheritdoc/>
    public async Task<MessagePage> GetMessagesAsync(MessageQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        _validate.Limit(query.Limit, "limit");
        if (query.Cursor is not null)
        {
            query = Cursor.ReadMessages(query.Cursor, query.Limit);
        }

        Identifiers.RequireIdIfPresent(query.RunId, "runId");
        if (query.After is < 0 || query.Before is < 0)
        {
            throw InvalidArgumentException.ForField(query.After is < 0 ? "after" : "before", "must be 0 or more");
        }

        var descending = query.Order == SortOrder.Descending;
        var range = new MessageRange(query.After, query.Before, descending, query.Limit + 1, query.RunId);
        var current = await CurrentForReadAsync(range, cancellationToken);
        var page = await ReadAsync(current, range, cancellationToken);
        string? next = null;
        if (page.Count > query.Limit)
        {
            page.RemoveAt(page.Count - 1);
            next = Cursor.ForMessages(query.Order, page[^1].Seq, descending ? query.After : query.Before, query.RunId);
        }

        return new MessagePage(page, next);
    }

    /// <inheritdoc/>
    public async Task<TrimResult> TrimAsync(TrimRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.KeepLast < 0)
        {
            throw InvalidArgumentException.ForField("keepLast", "must be 0 or more");
        }

        return await WriteAsync(request, static (grain, request, cancellationToken) => grain.TryTrimAsync(request, cancellationToken), cancellationToken);
    }

    /// <summary>One attempt at a trim: the messages removed and the header moved in one conditional store call.</summary>
    private async Task<WriteAttempt<TrimResult>> TryTrimAsync(TrimRequest request, CancellationToken cancellationToken)
    {
        var current = await CurrentAsync(cancellationToken);
        if (current.Thread.LastSeq <= request.KeepLast)
        {
            // Nothing to trim is judged on the stored header: a cache behind another activation's appends must not
            // turn a trim into a no-op.
            current = await LoadAsync(newest: 0, cancellationToken);
        }

        EnsureWritable(current);
        var throughSeq = current.Thread.LastSeq - request.KeepLast;
        if (throughSeq <= 0)
        {
            return new TrimResult(0, current.Thread);
        }

        var updated = current with { Thread = current.Thread with { UpdatedAt = Now() }, ETag = current.ETag + 1 };
        if (await _store.TrimAsync(updated, current.ETag, throughSeq, request.KeepSystem, cancellationToken) is not { } removed)
        {
            return WriteAttempt<TrimResult>.Lost;
        }

        _thread = updated with { Thread = updated.Thread with { MessageCount = current.Thread.MessageCount - removed } };
        _tail.Clear();
        _tailLoaded = false;
        Publish(ThreadEventTypes.ThreadUpdated, _thread.Thread, Data(_thread.Thread, ThreadsJsonContext.Default.ThreadInfo));
        return new TrimResult(removed, _thread.Thread);
    }

    /// <summary>
    /// A slice of the log: from the cached tail when it holds the answer, else from the store. The first read of an
    /// activation loads the tail; when that read asks for the newest few messages (the usual "last N"), it loads just
    /// those, so a cold read costs one query of the size asked for. A later read that such a short tail cannot answer
    /// loads the whole tail first.
    /// </summary>
    private async ValueTask<List<ThreadMessage>> ReadAsync(StoredThread current, MessageRange range, CancellationToken cancellationToken)
    {
        var capacity = _validate.Limits.TailCacheSize;
        if (!_tailLoaded)
        {
            await LoadTailAsync(NewestOnly(range) ? range.Limit : capacity, cancellationToken);
        }

        if (_tail.TryRead(range, current.Thread.MessageCount) is { } cached)
        {
            return cached;
        }

        if (_tail.Count < capacity && _tail.Count < current.Thread.MessageCount)
        {
            await LoadTailAsync(capacity, cancellationToken);
            if (_tail.TryRead(range, current.Thread.MessageCount) is { } reloaded)
            {
                return reloaded;
            }
        }

        return [.. await _store.ReadMessagesAsync(Namespace, ThreadId, range, cancellationToken)];
    }

    /// <summary>
    /// The header, as <see cref="CurrentAsync"/> gives it; on the activation's first call, when that call asks for the
    /// newest messages, the header and those messages in one store call, which then make the tail.
    /// </summary>
    private ValueTask<StoredThread> CurrentForReadAsync(MessageRange range, CancellationToken cancellationToken) =>
        _thread is null && NewestOnly(range) ? new(LoadAsync(range.Limit, cancellationToken)) : CurrentAsync(cancellationToken);

    /// <summary>True for a read of the newest messages that the tail can hold: the usual "last N".</summary>
    private bool NewestOnly(MessageRange range) =>
        range is { Descending: true, After: null, Before: null, RunId: null } && range.Limit <= _validate.Limits.TailCacheSize;

    private async Task LoadTailAsync(int count, CancellationToken cancellationToken) =>
        SetTail(await _store.ReadMessagesAsync(Namespace, ThreadId, new MessageRange(null, null, Descending: true, count), cancellationToken));

    /// <summary>Makes the tail the thread's newest messages, given newest first.</summary>
    private void SetTail(IReadOnlyList<ThreadMessage> newestFirst)
    {
        _tail.Reset(newestFirst.Reverse().ToArray());
        _tailLoaded = true;
    }

    private async Task<AppendMessagesResult?> TryReplayAsync(string key, string requestHash, CancellationToken cancellationToken) =>
        await _idempotency.FindAsync(Namespace, key, requestHash, cancellationToken) is { } record
            ? JsonSerializer.Deserialize(record.Response, ThreadsJsonContext.Default.AppendMessagesResult)! with { Replayed = true }
            : null;

    // The identity is the parsed request, so formatting differences do not matter.
    private string HashRequest(AppendMessagesRequest request) =>
        IdempotencyRecords.Hash($"append|{ThreadId}|", JsonSerializer.SerializeToUtf8Bytes(request, ThreadsJsonContext.Default.AppendMessagesRequest));

    private static ThreadMessage[] NewMessages(IReadOnlyList<NewMessage> input, long firstSeq, string? runId, DateTimeOffset now, bool forceRunId = false)
    {
        var messages = new ThreadMessage[input.Count];
        for (var i = 0; i < messages.Length; i++)
        {
            var message = input[i];
            messages[i] = new ThreadMessage
            {
                Seq = firstSeq + i,
                Id = Identifiers.NewMessageId(now),
                Role = message.Role,
                UserId = message.UserId,
                RunId = forceRunId ? runId : message.RunId ?? runId,
                Content = message.Content,
                Metadata = message.Metadata,
                CreatedAt = now,
            };
        }

        return messages;
    }
}
