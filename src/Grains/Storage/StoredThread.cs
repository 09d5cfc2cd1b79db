namespace Threads.Grains.Storage;

/// <summary>A thread's header as stored, with the storage version (ETag) that every write is conditional on.</summary>
/// <param name="Thread">The header.</param>
/// <param name="ETag">Raised by one on every write to the thread (append, update, trim, state, lock, run…); distinct from the user-facing <see cref="ThreadInfo.Version"/>.</param>
public sealed record StoredThread(ThreadInfo Thread, long ETag)
{
    /// <summary>The state object as JSON text; null for the empty object.</summary>
    public string? StateJson { get; init; }

    /// <summary>The state's version: 1 when the thread is created, raised by every state change.</summary>
    public long StateVersion { get; init; }

    /// <summary>Who holds the lock, or null when no lock was ever taken or it was released.</summary>
    public string? LockHolder { get; init; }

    /// <summary>When the lock lapses; a lock past it is free.</summary>
    public DateTimeOffset? LockExpiresAt { get; init; }

    /// <summary>The last fencing token issued for the thread's lock: it only grows, also across releases.</summary>
    public long LockToken { get; init; }
}
