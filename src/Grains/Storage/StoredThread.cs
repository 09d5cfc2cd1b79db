namespace Threads.Grains.Storage;

/// <summary>A thread's header as stored, with the storage version (ETag) that every write is conditional on.</summary>
/// <param name="Thread">The header.</param>
/// <param name="ETag">Raised by one on every write to the thread (append, update, trim…); distinct from the user-facing <see cref="ThreadInfo.Version"/>.</param>
public sealed record StoredThread(ThreadInfo Thread, long ETag);
