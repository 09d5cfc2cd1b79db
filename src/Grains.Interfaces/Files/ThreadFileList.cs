namespace Threads.Grains;

/// <summary>A thread's files, by filename.</summary>
/// <param name="Files">The files, ordered by filename (ordinal).</param>
[GenerateSerializer]
[Alias("threads.ThreadFileList")]
[Immutable]
public sealed record ThreadFileList([property: Id(0)] IReadOnlyList<ThreadFileInfo> Files);
