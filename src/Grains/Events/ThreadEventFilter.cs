namespace Threads.Grains.Events;

/// <summary>Which events a stream wants: one namespace, and optionally one thread or one resource, or one user's threads.</summary>
/// <param name="Namespace">The namespace.</param>
/// <param name="ThreadId">Only this thread's events.</param>
/// <param name="ResourceId">Only events of threads of this resource.</param>
/// <param name="UserId">Only events of threads this user owns.</param>
public sealed record ThreadEventFilter(string Namespace, string? ThreadId = null, string? ResourceId = null, string? UserId = null)
{
    /// <summary>True if the event belongs in the stream.</summary>
    public bool Matches(ThreadEvent threadEvent) =>
        threadEvent.Namespace == Namespace
        && (ThreadId is null || threadEvent.ThreadId == ThreadId)
        && (ResourceId is null || threadEvent.ResourceId == ResourceId)
        && (UserId is null || threadEvent.UserId == UserId);
}
