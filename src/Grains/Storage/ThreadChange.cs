namespace Threads.Grains.Storage;

/// <summary>A committed write to a thread.</summary>
/// <param name="Namespace">The thread's namespace.</param>
/// <param name="ThreadId">The thread.</param>
/// <param name="ETag">The thread's ETag after the write, or null when it was deleted.</param>
/// <param name="IsLocal">True when the write went through this store instance (this silo), false for another silo's.</param>
public sealed record ThreadChange(string Namespace, string ThreadId, long? ETag, bool IsLocal);
