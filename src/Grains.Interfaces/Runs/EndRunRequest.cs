namespace Threads.Grains;

/// <summary>End a run.</summary>
/// <param name="Error">Why it failed (for a failed run).</param>
[GenerateSerializer]
[Alias("threads.EndRunRequest")]
[Immutable]
public sealed record EndRunRequest([property: Id(0)] string? Error = null);
