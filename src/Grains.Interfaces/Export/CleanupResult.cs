namespace Threads.Grains;

/// <summary>What a cleanup did.</summary>
/// <param name="Deleted">How many threads it deleted (or would delete, on a dry run).</param>
/// <param name="Skipped">How many it left because they were locked or changed meanwhile.</param>
/// <param name="DryRun">True if nothing was deleted.</param>
[GenerateSerializer]
[Alias("threads.CleanupResult")]
[Immutable]
public sealed record CleanupResult([property: Id(0)] long Deleted, [property: Id(1)] long Skipped, [property: Id(2)] bool DryRun);
