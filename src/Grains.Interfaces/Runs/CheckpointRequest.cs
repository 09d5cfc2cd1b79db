using System.Text.Json;

namespace Threads.Grains;

/// <summary>A checkpoint: messages to append and a state patch, written with the checkpoint record and a renewed lease, all or nothing.</summary>
[GenerateSerializer]
[Alias("threads.CheckpointRequest")]
[Immutable]
public sealed record CheckpointRequest
{
    /// <summary>What the run has reached.</summary>
    [Id(0)]
    public string? Label { get; init; }

    /// <summary>Messages to append (they get the run's id).</summary>
    [Id(1)]
    public IReadOnlyList<NewMessage>? Messages { get; init; }

    /// <summary>An RFC 7396 merge patch for the thread's state.</summary>
    [Id(2)]
    public JsonElement? StatePatch { get; init; }
}
