namespace Threads.Grains.Storage;

/// <summary>A thread's header and its newest messages (newest first), read together for a cold "last N" read.</summary>
/// <param name="Thread">The header.</param>
/// <param name="Newest">Up to the number asked for, newest first.</param>
public sealed record ThreadWithNewest(StoredThread Thread, IReadOnlyList<ThreadMessage> Newest);
