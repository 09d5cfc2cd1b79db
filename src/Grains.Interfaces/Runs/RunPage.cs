namespace Threads.Grains;

/// <summary>A page of runs.</summary>
/// <param name="Runs">The runs, newest first.</param>
/// <param name="NextCursor">The next page's cursor; null on the last.</param>
public sealed record RunPage(IReadOnlyList<RunInfo> Runs, string? NextCursor);
