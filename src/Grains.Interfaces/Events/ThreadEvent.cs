using System.Text.Json;

namespace Threads.Grains;

/// <summary>Something that happened to a thread, as the event streams carry it.</summary>
[GenerateSerializer]
[Alias("threads.ThreadEvent")]
[Immutable]
public sealed record ThreadEvent
{
    /// <summary>The event's id in the stream; <c>Last-Event-ID</c> resumes after it.</summary>
    [Id(0)]
    public long Id { get; init; }

    /// <summary>One of <see cref="ThreadEventTypes"/>.</summary>
    [Id(1)]
    public required string Type { get; init; }

    /// <summary>The namespace.</summary>
    [Id(2)]
    public required string Namespace { get; init; }

    /// <summary>The thread.</summary>
    [Id(3)]
    public required string ThreadId { get; init; }

    /// <summary>The thread's resource when the event happened.</summary>
    [Id(4)]
    public string? ResourceId { get; init; }

    /// <summary>The thread's owner.</summary>
    [Id(5)]
    public string? UserId { get; init; }

    /// <summary>When it happened.</summary>
    [Id(6)]
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>What changed: the appended messages, the changed state keys, the run or lock, by event type.</summary>
    [Id(7)]
    public JsonElement? Data { get; init; }
}
