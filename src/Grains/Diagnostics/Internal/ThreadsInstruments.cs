using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Threads.Grains.Diagnostics.Internal;

/// <summary>
/// The activity source and instruments behind <see cref="ThreadsTelemetry"/>. Every caller checks
/// <see cref="Instrument.Enabled"/> or <see cref="ActivitySource.HasListeners"/> first, so that with no listener a
/// measurement costs a field read and allocates nothing.
/// </summary>
internal static class ThreadsInstruments
{
    public static readonly ActivitySource Source = new(ThreadsTelemetry.ActivitySourceName);

    public static readonly Meter Meter = new(ThreadsTelemetry.MeterName);

    public static readonly Counter<long> Appends = Meter.CreateCounter<long>(
        "threads.appends", "{append}", "Appends stored (a replayed append is not counted again).");

    public static readonly Counter<long> AppendedMessages = Meter.CreateCounter<long>(
        "threads.appended_messages", "{message}", "Messages stored by appends.");

    public static readonly Histogram<int> CommitBatchSize = Meter.CreateHistogram<int>(
        "threads.store.commit.batch_size", "{write}", "Writes committed together in one commit of the store (group commit).");

    public static readonly Histogram<double> CommitDuration = Meter.CreateHistogram<double>(
        "threads.store.commit.duration", "s", "How long one commit of a batch of writes took.");

    // Kept whether or not anyone listens (an activation or a subscription is rare next to an append), so that a listener
    // attached later reads the true number rather than the changes it happened to see.
    private static long _activations;
    private static long _subscribers;

    public static readonly ObservableUpDownCounter<long> Activations = Meter.CreateObservableUpDownCounter(
        "threads.thread.activations", static () => Interlocked.Read(ref _activations), "{activation}", "Thread grains active in this process.");

    public static readonly ObservableUpDownCounter<long> EventSubscribers = Meter.CreateObservableUpDownCounter(
        "threads.events.subscribers", static () => Interlocked.Read(ref _subscribers), "{subscriber}", "Event streams (SSE) subscribed in this process.");

    public static readonly KeyValuePair<string, object?> Sqlite = new(ThreadsTelemetry.StoreAttribute, "sqlite");

    public static readonly KeyValuePair<string, object?> Postgres = new(ThreadsTelemetry.StoreAttribute, "postgres");

    /// <summary>The caller's span, to parent a commit that runs later on another thread; empty when nobody listens.</summary>
    public static ActivityContext CallerContext() =>
        Source.HasListeners() && Activity.Current is { } current ? current.Context : default;

    public static void ThreadActivated() => Interlocked.Increment(ref _activations);

    public static void ThreadDeactivated() => Interlocked.Decrement(ref _activations);

    public static void EventsSubscribed() => Interlocked.Increment(ref _subscribers);

    public static void EventsUnsubscribed() => Interlocked.Decrement(ref _subscribers);

    /// <summary>Records one append of <paramref name="messages"/> messages.</summary>
    public static void RecordAppend(int messages)
    {
        if (Appends.Enabled)
        {
            Appends.Add(1);
        }

        if (AppendedMessages.Enabled)
        {
            AppendedMessages.Add(messages);
        }
    }

    /// <summary>The <see cref="Stopwatch"/> timestamp a commit starts at, to time it; 0 (not read) when nothing would use it.</summary>
    public static long CommitStarted() => CommitDuration.Enabled || Source.HasListeners() ? Stopwatch.GetTimestamp() : 0;

    /// <summary>
    /// Records a commit's size and its duration, from <paramref name="startedAt"/> (<see cref="CommitStarted"/>) to now;
    /// not its duration if it started before anything listened.
    /// </summary>
    public static void RecordCommit(KeyValuePair<string, object?> store, int writes, long startedAt)
    {
        if (CommitBatchSize.Enabled)
        {
            CommitBatchSize.Record(writes, store);
        }

        if (CommitDuration.Enabled && startedAt != 0)
        {
            CommitDuration.Record(Stopwatch.GetElapsedTime(startedAt).TotalSeconds, store);
        }
    }

    /// <summary>
    /// Starts the span of a commit of <paramref name="writes"/> writes made by the callers <paramref name="callers"/>
    /// gives: a child of the first caller's span, linked to the others' (a batch serves many traces).
    /// Null when nobody listens. <paramref name="elapsed"/> dates back a span recorded once its commit is done.
    /// </summary>
    public static Activity? StartCommit<T>(
        KeyValuePair<string, object?> store, IReadOnlyList<T> writes, Func<T, ActivityContext> callers, TimeSpan elapsed = default)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        ActivityContext parent = default;
        List<ActivityLink>? links = null;
        for (var i = 0; i < writes.Count; i++)
        {
            var caller = callers(writes[i]);
            if (caller == default)
            {
                continue;
            }

            if (parent == default)
            {
                parent = caller;
            }
            else if (caller.TraceId != parent.TraceId)
            {
                (links ??= []).Add(new ActivityLink(caller));
            }
        }

        var startTime = elapsed == default ? default : TimeProvider.System.GetUtcNow() - elapsed;
        var activity = Source.StartActivity(ActivityKind.Internal, parent, links: links, startTime: startTime, name: ThreadsTelemetry.StoreCommitSpanName);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(store.Key, store.Value);
            activity.SetTag(ThreadsTelemetry.BatchSizeAttribute, writes.Count);
        }

        return activity;
    }
}
