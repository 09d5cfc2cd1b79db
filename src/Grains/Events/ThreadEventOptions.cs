namespace Threads.Grains.Events;

/// <summary>How many events a silo keeps for resuming streams, and how far a slow subscriber may fall behind.</summary>
public sealed class ThreadEventOptions
{
    /// <summary>How many recent events are kept so that a stream resumes after <c>Last-Event-ID</c>.</summary>
    /// <value>The default is 4,096.</value>
    public int RecentEvents { get; set; } = 4096;

    /// <summary>How many events may wait for one subscriber; past that its stream ends, and it resumes with <c>Last-Event-ID</c>.</summary>
    /// <value>The default is 1,024.</value>
    public int SubscriberBuffer { get; set; } = 1024;
}
