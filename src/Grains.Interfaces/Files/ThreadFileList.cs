namespace Threads.Grains;

/// <summary>A thread's files, by filename.</summary>
/// <param name="Files">The files, ordered by filename (ordinal).</param>
public sealed record ThreadFileList(IReadOnlyList<ThreadFileInfo> Files);
