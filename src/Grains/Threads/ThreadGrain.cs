using System.Text.Json;
using Microsoft.Extensions.Options;
using Threads.Grains.Diagnostics.Internal;
using Threads.Grains.Events;
using Threads.Grains.Idempotency;
using Threads.Grains.State;
using Threads.Grains.Storage;
using Threads.Grains.Threads.Internal;

namespace Threads.Grains.Threads;

/// <summary>
/// One conversation thread. Orleans runs its turns one at a time and keeps one activation of it in the cluster, so
/// the cached header and tail need no lock and reads answer from them. Every write is conditional on the ETag it read;
/// on a conflict (a second activation under failures wrote) the grain reloads and retries or reports it.
/// </summary>
public sealed partial class ThreadGrain : Grain, IThreadGrain
{
    private static readonly Action<ThreadGrain, StoredThread, int> CheckWritable = static (grain, current, _) => grain.EnsureWritable(current);

    private readonly IThreadStore _store;
    private readonly TimeProvider _time;
    private readonly RequestValidator _validate;
    private readonly MessageTail _tail;
    private readonly StateSchemaRegistry _schemas;
    private readonly ThreadEventBus _events;
    private readonly IdempotencyRecords _idempotency;
    private StoredThread? _thread;
    private readonly (string Namespace, string Id) _key;
    private bool _tailLoaded;

    /// <summary>Creates the grain; Orleans does this on activation.</summary>
    public ThreadGrain(IThreadStore store, TimeProvider time, IOptions<ThreadLimitsOptions> limits, StateSchemaRegistry schemas, ThreadEventBus events, IdempotencyRecords idempotency)
    {
        _idempotency = idempotency;
        _events = events;
        _schemas = schemas;
        _store = store;
        _time = time;
        _validate = new RequestValidator(limits.Value);
        _tail = new MessageTail(limits.Value.TailCacheSize);
        _key = GrainKeys.Parse(this.GetPrimaryKeyString());
    }

    /// <inheritdoc/>
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        ThreadsInstruments.ThreadActivated();
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        ThreadsInstruments.ThreadDeactivated();
        return Task.CompletedTask;
    }

    private string Namespace => _key.Namespace;

    private string ThreadId => _key.Id;

    /// <summary>
    /// The header: the cached one, which Orleans' one activation per thread keeps current, or the stored one when none
    /// is cached (the first call, or after the thread was found absent: a clone or an import may have written it since).
    /// A write based on it stays conditional on its ETag, the backstop for a rare second activation under failures.
    /// </summary>
    private ValueTask<StoredThread> CurrentAsync(CancellationToken cancellationToken) =>
        _thread is null ? new(LoadAsync(newest: 0, cancellationToken)) : ValueTask.FromResult(Visible(_thread));

    /// <summary>
    /// The header read from the store, the one place it is read: on a first call, to judge a refusal, and after a lost
    /// write. The cached tail is kept while the store holds the same version (and the same object is returned, so a
    /// caller can tell nothing moved). With <paramref name="newest"/> above 0, the newest messages come in the same
    /// store call (one round trip on PostgreSQL) and become the tail.
    /// </summary>
    private async Task<StoredThread> LoadAsync(int newest, CancellationToken cancellationToken)
    {
        StoredThread? stored;
        IReadOnlyList<ThreadMessage>? newestFirst = null;
        if (newest > 0)
        {
            var loaded = await _store.GetThreadWithNewestAsync(Namespace, ThreadId, newest, cancellationToken);
            stored = loaded?.Thread;
            newestFirst = loaded?.Newest;
        }
        else
        {
            stored = await _store.GetThreadAsync(Namespace, ThreadId, cancellationToken);
        }

        if (stored is null)
        {
            Forget();
            throw NotFound();
        }

        if (_thread is null || _thread.ETag != stored.ETag)
        {
            _thread = stored;
            _tail.Clear();
            _tailLoaded = false;
        }

        if (newestFirst is not null)
        {
            SetTail(newestFirst);
        }

        return Visible(_thread);
    }

    /// <summary>
    /// The header a write goes ahead on: <paramref name="check"/> (lock, expected version…) is judged on the cached
    /// header, and when it refuses, judged again on the stored one: a refusal must never come from a cache that a
    /// second activation has moved past. The write itself stays conditional on the ETag of the header returned.
    /// </summary>
    private async ValueTask<StoredThread> DecideAsync<TState>(TState state, Action<ThreadGrain, StoredThread, TState> check, CancellationToken cancellationToken)
    {
        var current = await CurrentAsync(cancellationToken);
        try
        {
            check(this, current, state);
            return current;
        }
        catch (ThreadsException)
        {
            var stored = await LoadAsync(newest: 0, cancellationToken);
            if (ReferenceEquals(stored, current))
            {
                throw;
            }

            check(this, stored, state);
            return stored;
        }
    }

    /// <summary>
    /// A write, made by <paramref name="attempt"/> on the header it reads and conditional on its ETag; an attempt that
    /// lost to another writer is made again on the header read anew from the store.
    /// </summary>
    private Task<T> WriteAsync<TArg, T>(TArg arg, Func<ThreadGrain, TArg, CancellationToken, Task<WriteAttempt<T>>> attempt, CancellationToken cancellationToken) =>
        ConditionalWrite.UntilCommittedAsync(this, arg, attempt, static (grain, cancellationToken) => grain.LoadAsync(newest: 0, cancellationToken), "The thread", cancellationToken);

    /// <summary>The thread, if the caller may see it: a user-scoped caller sees only its own user's threads, others are absent.</summary>
    private StoredThread Visible(StoredThread? thread) =>
        thread is not null && (ThreadsRequestContext.ActingUserId is not { } user || thread.Thread.UserId == user)
            ? thread
            : throw NotFound();

    private void Forget()
    {
        _thread = null;
        _tail.Clear();
        _tailLoaded = false;
    }

    private DateTimeOffset Now() => StoredTime.Now(_time);

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
}
