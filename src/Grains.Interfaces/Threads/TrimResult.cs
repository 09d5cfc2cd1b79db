namespace Threads.Grains;

/// <summary>What a trim did.</summary>
/// <param name="Removed">How many messages it dropped.</param>
/// <param name="Thread">The thread after it.</param>
public sealed record TrimResult(long Removed, ThreadInfo Thread);
