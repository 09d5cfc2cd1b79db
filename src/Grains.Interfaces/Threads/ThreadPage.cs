namespace Threads.Grains;

/// <summary>A page of threads.</summary>
/// <param name="Threads">The threads, most recently updated first.</param>
/// <param name="NextCursor">The cursor of the next page; null on the last.</param>
[GenerateSerializer]
[Alias("threads.ThreadPage")]
[Immutable]
public sealed record ThreadPage([property: Id(0)] IReadOnlyList<ThreadInfo> Threads, [property: Id(1)] string? NextCursor);
