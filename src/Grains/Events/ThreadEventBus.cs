using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace Threads.Grains.Events;

/// <summary>
/// The silo's in-process event bus: grains publish after each committed write; event streams subscribe by namespace,
/// thread or resource. The most recent events are kept in a ring so that a stream resumes after its <c>Last-Event-ID</c>.
/// </summary>
/// <remarks>
/// With an <see cref="IThreadEventTransport"/> (PostgreSQL's), local events also go to the other silos, and theirs are
/// published here by <see cref="RelayAsync"/>: a stream on any silo sees the whole cluster's writes.
/// </remarks>
public sealed class ThreadEventBus(IOptions<ThreadEventOptions> options, IThreadEventTransport? transport = null)
{
    private readonly Lock _lock = new();
    private readonly ThreadEvent?[] _recent = new ThreadEvent?[Math.Max(1, options.Value.RecentEvents)];
    private readonly List<Subscription> _subscribers = [];
    private long _lastId;

    /// <summary>The id of the newest event published.</summary>
    public long LastEventId => Volatile.Read(ref _lastId);

    /// <summary>Gives a local event the next id, keeps it, hands it to every matching subscriber and to the other silos.</summary>
    public ThreadEvent Publish(ThreadEvent threadEvent)
    {
        var stamped = PublishHere(threadEvent);
        transport?.Send(stamped);
        return stamped;
    }

    /// <summary>Publishes the other silos' events here, until cancelled; a deleted thread's kept events are purged here too.</summary>
    public async Task RelayAsync(CancellationToken cancellationToken)
    {
        if (transport is null)
        {
            return;
        }

        try
        {
            await foreach (var remote in transport.ReceiveAsync(cancellationToken).ConfigureAwait(false))
            {
                if (remote.Type == ThreadEventTypes.ThreadDeleted)
                {
                    Purge(remote.Namespace, remote.ThreadId);
                }

                PublishHere(remote);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The silo is stopping.
        }
    }

    private ThreadEvent PublishHere(ThreadEvent threadEvent)
    {
        ArgumentNullException.ThrowIfNull(threadEvent);
        lock (_lock)
        {
            var stamped = threadEvent with { Id = ++_lastId };
            _recent[stamped.Id % _recent.Length] = stamped;
            for (var i = _subscribers.Count - 1; i >= 0; i--)
            {
                var subscriber = _subscribers[i];
                if (subscriber.Filter.Matches(stamped) && !subscriber.Channel.Writer.TryWrite(stamped))
                {
                    // Too slow: end its stream rather than buffer without bound; it resumes with Last-Event-ID.
                    subscriber.Channel.Writer.TryComplete();
                    _subscribers.RemoveAt(i);
                }
            }

            return stamped;
        }
    }

    /// <summary>Drops the kept events of a deleted thread: what it said must not outlive it in a replay buffer.</summary>
    public void Purge(string ns, string threadId)
    {
        lock (_lock)
        {
            for (var i = 0; i < _recent.Length; i++)
            {
                if (_recent[i] is { } kept && kept.Namespace == ns && kept.ThreadId == threadId)
                {
                    _recent[i] = null;
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
                    if (_recent[id % _recent.Length] is { } kept && kept.Id == id && filter.Matches(kept))
                    {
                        backlog.Add(kept);
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
        }
    }

    private sealed record Subscription(ThreadEventFilter Filter, Channel<ThreadEvent> Channel);
}
