using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Threads.Grains.Diagnostics.Internal;

namespace Threads.Grains.Events;

/// <summary>
/// The silo's in-process event bus: grains publish after each committed write; event streams subscribe by namespace,
/// thread or resource. The most recent events are kept in a ring so that a stream resumes after its <c>Last-Event-ID</c>.
/// An event's data may be given as a function: it is serialized once, when a stream or the other silos first need it,
/// and not at all when none does (most writes have no stream watching).
/// </summary>
/// <remarks>
/// With an <see cref="IThreadEventTransport"/> (Orleans', in a cluster), local events also go to the other silos while
/// there are any, and theirs are published here by <see cref="PublishRelayed"/>: a stream on any silo sees the whole
/// cluster's writes.
/// </remarks>
public sealed class ThreadEventBus(IOptions<ThreadEventOptions> options, IThreadEventTransport? transport = null)
{
    private readonly Lock _lock = new();
    private readonly Kept[] _recent = new Kept[Math.Max(1, options.Value.RecentEvents)];
    private readonly List<Subscription> _subscribers = [];
    private long _lastId;

    /// <summary>The id of the newest event published.</summary>
    public long LastEventId => Volatile.Read(ref _lastId);

    /// <summary>
    /// Gives a local event the next id, keeps it, hands it to every matching subscriber and to the other silos;
    /// <paramref name="data"/>, when given, makes the event's data the first time one of them needs it.
    /// </summary>
    public void Publish(ThreadEvent threadEvent, Func<JsonElement>? data = null)
    {
        ArgumentNullException.ThrowIfNull(threadEvent);
        var send = transport is { HasListeners: true };
        if (data is not null && (send || _subscribers.Count > 0))
        {
            // Needed now (by the other silos, or likely by a stream): made here, outside the lock, as any other event.
            threadEvent = threadEvent with { Data = data() };
            data = null;
        }

        var stamped = PublishHere(threadEvent, data);
        if (send)
        {
            transport!.Send(stamped);
        }
    }

    /// <summary>
    /// Publishes the other silos' events here, in the order given, each with the next id of this silo's stream; a
    /// deleted thread's kept events are purged here too.
    /// </summary>
    public void PublishRelayed(IReadOnlyList<ThreadEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        foreach (var remote in events)
        {
            if (remote.Type == ThreadEventTypes.ThreadDeleted)
            {
                Purge(remote.Namespace, remote.ThreadId);
            }

            PublishHere(remote, data: null);
        }
    }

    /// <summary>Stamps and keeps the event and hands it to the matching subscribers; returns it as kept (its data not yet made when given as a function).</summary>
    private ThreadEvent PublishHere(ThreadEvent threadEvent, Func<JsonElement>? data)
    {
        lock (_lock)
        {
            var id = ++_lastId;
            ref var kept = ref _recent[id % _recent.Length];
            kept = new Kept(threadEvent with { Id = id }, data);
            for (var i = _subscribers.Count - 1; i >= 0; i--)
            {
                var subscriber = _subscribers[i];
                if (subscriber.Filter.Matches(kept.Event!) && !subscriber.Channel.Writer.TryWrite(kept.Materialize()))
                {
                    // Too slow: end its stream rather than buffer without bound; it resumes with Last-Event-ID.
                    subscriber.Channel.Writer.TryComplete();
                    _subscribers.RemoveAt(i);
                }
            }

            return kept.Event!;
        }
    }

    /// <summary>Drops the kept events of a deleted thread: what it said must not outlive it in a replay buffer.</summary>
    public void Purge(string ns, string threadId)
    {
        lock (_lock)
        {
            for (var i = 0; i < _recent.Length; i++)
            {
                if (_recent[i].Event is { } kept && kept.Namespace == ns && kept.ThreadId == threadId)
                {
                    _recent[i] = default;
                }
            }
        }
    }

    /// <summary>Events that match the filter: first the kept ones after <paramref name="lastEventId"/>, then each new one.</summary>
    public async IAsyncEnumerable<ThreadEvent> SubscribeAsync(
        ThreadEventFilter filter,
        long? lastEventId,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        Subscription subscription;
        lock (_lock)
        {
            // Replay and registration happen under the publishers' lock: no event is missed or sent twice.
            var backlog = new List<ThreadEvent>();
            if (lastEventId is { } after)
            {
                for (var id = Math.Max(after + 1, _lastId - _recent.Length + 1); id <= _lastId; id++)
                {
                    ref var kept = ref _recent[id % _recent.Length];
                    if (kept.Event is { } found && found.Id == id && filter.Matches(found))
                    {
                        backlog.Add(kept.Materialize());
                    }
                }
            }

            var capacity = backlog.Count + Math.Max(1, options.Value.SubscriberBuffer);
            subscription = new Subscription(filter, Channel.CreateBounded<ThreadEvent>(new BoundedChannelOptions(capacity) { SingleReader = true }));
            foreach (var kept in backlog)
            {
                subscription.Channel.Writer.TryWrite(kept);
            }

            _subscribers.Add(subscription);
        }

        ThreadsInstruments.EventsSubscribed();
        try
        {
            await foreach (var threadEvent in subscription.Channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return threadEvent;
            }
        }
        finally
        {
            lock (_lock)
            {
                _subscribers.Remove(subscription);
            }

            ThreadsInstruments.EventsUnsubscribed();
        }
    }

    private sealed record Subscription(ThreadEventFilter Filter, Channel<ThreadEvent> Channel);

    /// <summary>A kept event, and the function that makes its data until it is made (under the bus's lock).</summary>
    private struct Kept(ThreadEvent? threadEvent, Func<JsonElement>? data)
    {
        public ThreadEvent? Event { get; private set; } = threadEvent;

        private Func<JsonElement>? _data = data;

        public ThreadEvent Materialize()
        {
            if (_data is { } make)
            {
                Event = Event! with { Data = make() };
                _data = null;
            }

            return Event!;
        }
    }
}
