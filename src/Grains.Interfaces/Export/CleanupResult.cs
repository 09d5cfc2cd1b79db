namespace Threads.Grains;

/// <summary>What a cleanup did.</summary>
/// <param name="Deleted">How many threads it deleted (or would delete, on a dry run).</param>
/// <param name="Skipped">How many it left because they were locked or changed meanwhile.</param>
/// <param name="DryRun">True if nothing was deleted.</param>
public sealed record CleanupResult(long Deleted, long Skipped, bool DryRun);
