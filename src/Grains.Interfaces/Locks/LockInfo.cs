namespace Threads.Grains;

/// <summary>A held lock on a thread.</summary>
/// <param name="Holder">Who holds it.</param>
/// <param name="Token">The fencing token: it grows with every acquisition of the thread's lock, never reused.</param>
/// <param name="ExpiresAt">When it lapses unless renewed.</param>
public sealed record LockInfo(string Holder, long Token, DateTimeOffset ExpiresAt);
