namespace Threads.Grains;

/// <summary>A page of threads.</summary>
/// <param name="Threads">The threads, most recently updated first.</param>
/// <param name="NextCursor">The cursor of the next page; null on the last.</param>
public sealed record ThreadPage(IReadOnlyList<ThreadInfo> Threads, string? NextCursor);
