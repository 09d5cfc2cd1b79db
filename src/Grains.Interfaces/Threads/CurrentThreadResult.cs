namespace Threads.Grains;

/// <summary>A resource's current thread.</summary>
/// <param name="Thread">The thread.</param>
/// <param name="Created">True if it was created by this call.</param>
public sealed record CurrentThreadResult(ThreadInfo Thread, bool Created);
