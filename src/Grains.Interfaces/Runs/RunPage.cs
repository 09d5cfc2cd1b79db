namespace Threads.Grains;

/// <summary>A page of runs.</summary>
/// <param name="Runs">The runs, newest first.</param>
/// <param name="NextCursor">The next page's cursor; null on the last.</param>
[GenerateSerializer]
[Alias("threads.RunPage")]
[Immutable]
public sealed record RunPage([property: Id(0)] IReadOnlyList<RunInfo> Runs, [property: Id(1)] string? NextCursor);
