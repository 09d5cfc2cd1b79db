namespace Threads.Grains.Diagnostics;

/// <summary>
/// The names under which Threads reports its spans (<see cref="System.Diagnostics.ActivitySource"/>) and metrics
/// (<see cref="System.Diagnostics.Metrics.Meter"/>), for a tracer or meter provider to listen to. Nothing is measured
/// or allocated for them while no listener is attached.
/// </summary>
public static class ThreadsTelemetry
{
    /// <summary>The activity source of the store's commits.</summary>
    public const string ActivitySourceName = "Threads";

    /// <summary>The meter of appends, commits, activations and event subscribers.</summary>
    public const string MeterName = "Threads";

    /// <summary>The span of one commit of a batch of writes (a SQLite transaction, a PostgreSQL append statement).</summary>
    public const string StoreCommitSpanName = "threads.store.commit";

    /// <summary>The attribute naming the store of a commit: <c>sqlite</c> or <c>postgres</c>.</summary>
    public const string StoreAttribute = "threads.store";

    /// <summary>The attribute of a commit span: how many writes it committed.</summary>
    public const string BatchSizeAttribute = "threads.store.batch_size";
}
