using System.ComponentModel.DataAnnotations;

namespace Threads.Grains.Events;

/// <summary>How many events a silo keeps for resuming streams, and how far a slow subscriber may fall behind.</summary>
public sealed class ThreadEventOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Threads:Events";

    /// <summary>How many recent events are kept so that a stream resumes after <c>Last-Event-ID</c>.</summary>
    /// <value>The default is 4,096.</value>
    [Range(1, int.MaxValue)]
    public int RecentEvents { get; set; } = 4096;

    /// <summary>How many events may wait for one subscriber; past that its stream ends, and it resumes with <c>Last-Event-ID</c>.</summary>
    /// <value>The default is 1,024.</value>
    [Range(1, int.MaxValue)]
    public int SubscriberBuffer { get; set; } = 1024;
}
