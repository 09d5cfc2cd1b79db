using System.Text.Json;

namespace Threads.Grains;

/// <summary>A checkpoint: messages to append and a state patch, written with the checkpoint record and a renewed lease, all or nothing.</summary>
public sealed record CheckpointRequest
{
    /// <summary>What the run has reached.</summary>
    public string? Label { get; init; }

    /// <summary>Messages to append (they get the run's id).</summary>
    public IReadOnlyList<NewMessage>? Messages { get; init; }

    /// <summary>An RFC 7396 merge patch for the thread's state.</summary>
    public JsonElement? StatePatch { get; init; }
}
