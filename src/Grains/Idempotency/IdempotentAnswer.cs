namespace Threads.Grains.Idempotency;

/// <summary>The answer to a keyed request: its status, its body, and whether it replays the first one.</summary>
/// <param name="StatusCode">The HTTP status the request answers with.</param>
/// <param name="Value">The body.</param>
/// <param name="ThreadId">The thread the request wrote to, so that deleting the thread also deletes the record.</param>
/// <param name="Replayed">True when this is the first answer to the same request, replayed.</param>
[GenerateSerializer]
[Alias("threads.IdempotentAnswer`1")]
[Immutable]
public sealed record IdempotentAnswer<T>(
    [property: Id(0)] int StatusCode,
    [property: Id(1)] T Value,
    [property: Id(2)] string? ThreadId,
    [property: Id(3)] bool Replayed = false);
