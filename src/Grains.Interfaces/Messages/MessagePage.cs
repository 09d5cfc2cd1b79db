namespace Threads.Grains;

/// <summary>A page of a thread's log.</summary>
/// <param name="Messages">The messages in the order asked for.</param>
/// <param name="NextCursor">The cursor of the next page; null on the last.</param>
[GenerateSerializer]
[Alias("threads.MessagePage")]
[Immutable]
public sealed record MessagePage([property: Id(0)] IReadOnlyList<ThreadMessage> Messages, [property: Id(1)] string? NextCursor);
