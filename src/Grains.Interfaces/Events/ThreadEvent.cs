using System.Text.Json;

namespace Threads.Grains;

/// <summary>Something that happened to a thread, as the event streams carry it.</summary>
public sealed record ThreadEvent
{
    /// <summary>The event's id in the stream; <c>Last-Event-ID</c> resumes after it.</summary>
    public long Id { get; init; }

    /// <summary>One of <see cref="ThreadEventTypes"/>.</summary>
    public required string Type { get; init; }

    /// <summary>The namespace.</summary>
    public required string Namespace { get; init; }

    /// <summary>The thread.</summary>
    public required string ThreadId { get; init; }

    /// <summary>The thread's resource when the event happened.</summary>
    public string? ResourceId { get; init; }

    /// <summary>The thread's owner.</summary>
    public string? UserId { get; init; }

    /// <summary>When it happened.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>What changed: the appended messages, the changed state keys, the run or lock, by event type.</summary>
    public JsonElement? Data { get; init; }
}
