using System.Text.Json;
using Microsoft.Extensions.Options;
using Threads.Grains.Events;
using Threads.Grains.Runtime;
using Threads.Grains.State;
using Threads.Grains.Storage;
using Threads.Grains.Threads.Internal;

namespace Threads.Grains.Threads;

/// <summary>
/// One conversation thread. Its turns run one at a time, so the cached header and tail need no lock. Every write is
/// conditional on the ETag it read; on a conflict (another silo wrote) the grain reloads and retries or reports it.
/// Every read first checks the stored ETag, so a cached header or tail is never served once another silo moved on.
/// </summary>
public sealed partial class ThreadGrain : Grain, IThreadGrain
{
    private const int MaxWriteAttempts = 16;

    private static readonly Action<ThreadGrain, StoredThread, int> Writable = static (grain, current, _) => grain.EnsureWritable(current);

    private readonly IThreadStore _store;
    private readonly TimeProvider _time;
    private readonly RequestValidator _validate;
    private readonly MessageTail _tail;
    private readonly StateSchemaRegistry _schemas;
    private readonly ThreadEventBus _events;
    private StoredThread? _thread;
    private long _readInTurn;
    private bool _tailLoaded;

    /// <summary>Creates the grain; the runtime does this on activation.</summary>
    public ThreadGrain(IThreadStore store, TimeProvider time, IOptions<ThreadLimitsOptions> limits, StateSchemaRegistry schemas, ThreadEventBus events)
    {
        _events = events;
        _schemas = schemas;
        _store = store;
        _time = time;
        _validate = new RequestValidator(limits.Value);
        _tail = new MessageTail(limits.Value.TailCacheSize);
    }

    private string Namespace => GrainId.Namespace;

    private string ThreadId => GrainId.Key;

    /// <summary>Whether this activation has read its header from the store yet (turns count from 1).</summary>
    private bool HeaderRead => _readInTurn != 0;

    /// <summary>
    /// Brings the cached header up to date with the store: the one query every read pays for, unless the header was
    /// read from the store during this very call, which is as fresh as asking again. An activation reads its header on
    /// its first call that needs it (not on activation): a cold read of the newest messages then reads both at once
    /// (<see cref="RefreshForReadAsync"/>), and a create reads nothing.
    /// </summary>
    private async ValueTask<StoredThread> RefreshAsync(CancellationToken cancellationToken)
    {
        if (!HeaderRead)
        {
            await ReloadAsync(cancellationToken);
        }

        if (_readInTurn == Turn)
        {
            return _thread is null ? throw NotFound() : Visible(_thread);
        }

        var etag = await _store.GetETagAsync(Namespace, ThreadId, cancellationToken);
        if (etag is null)
        {
            Forget();
            throw NotFound();
        }

        if (_thread is null || _thread.ETag != etag)
        {
            await ReloadAsync(cancellationToken);
        }

        return Visible(_thread);
    }

    /// <summary>The header to base a write on: the cached one, or the stored one when none is cached. A stale one fails the write's ETag check.</summary>
    private async ValueTask<StoredThread> CurrentForWriteAsync(CancellationToken cancellationToken)
    {
        if (_thread is null)
        {
            await ReloadAsync(cancellationToken);
        }

        return Visible(_thread);
    }

    /// <summary>
    /// The header a write goes ahead on: <paramref name="check"/> (lock, expected version…) is judged on the cached
    /// header, and when it refuses, judged again on the stored one: a refusal must never come from a cache another
    /// silo has moved past. The write itself stays conditional on the ETag of the header returned.
    /// </summary>
    private async ValueTask<StoredThread> DecideAsync<TState>(TState state, Action<ThreadGrain, StoredThread, TState> check, CancellationToken cancellationToken)
    {
        var current = await CurrentForWriteAsync(cancellationToken);
        try
        {
            check(this, current, state);
            return current;
        }
        catch (ThreadsException)
        {
            var stored = await RefreshAsync(cancellationToken);
            if (ReferenceEquals(stored, current))
            {
                throw;
            }

            check(this, stored, state);
            return stored;
        }
    }

    private async Task ReloadAsync(CancellationToken cancellationToken)
    {
        _thread = await _store.GetThreadAsync(Namespace, ThreadId, cancellationToken);
        _readInTurn = Turn;
        _tail.Clear();
        _tailLoaded = false;
    }

    /// <summary>The thread, if the caller may see it: a user-scoped caller sees only its own user's threads, others are absent.</summary>
    private StoredThread Visible(StoredThread? thread) =>
        thread is not null && (RequestContext.ActingUserId is not { } user || thread.Thread.UserId == user)
            ? thread
            : throw NotFound();

    private void Forget()
    {
        _thread = null;
        _tail.Clear();
        _tailLoaded = false;
    }

    private DateTimeOffset Now()
    {
        // Stored and served with millisecond precision, so what is read back equals what was written.
        var now = _time.GetUtcNow();
        return new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
    }

    /// <summary>Tells the silo's event streams about a committed write.</summary>
    private void Publish(string type, ThreadInfo? thread, Func<JsonElement>? data = null) =>
        _events.Publish(new ThreadEvent
        {
            Type = type,
            Namespace = Namespace,
            ThreadId = ThreadId,
            ResourceId = thread?.ResourceId,
            UserId = thread?.UserId,
            CreatedAt = Now(),
        },
        data);

    /// <summary>An event's data, serialized only if a stream or another silo needs it; <paramref name="value"/> is immutable.</summary>
    private static Func<JsonElement> Data<T>(T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo) =>
        () => JsonSerializer.SerializeToElement(value, typeInfo);

    private NotFoundException NotFound() => new($"Thread '{ThreadId}' was not found in namespace '{Namespace}'.");

    private static ConflictException TooMuchContention() =>
        new("The thread kept changing under this write; retry it.");
}
