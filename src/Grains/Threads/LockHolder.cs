namespace Threads.Grains.Threads;

/// <summary>Who holds a thread's lock, without its fencing token: a reader must not be able to write through the lock.</summary>
/// <param name="Holder">The holder named when the lock was taken.</param>
/// <param name="ExpiresAt">When it lapses unless renewed.</param>
[GenerateSerializer]
[Alias("threads.LockHolder")]
[Immutable]
public sealed record LockHolder([property: Id(0)] string Holder, [property: Id(1)] DateTimeOffset ExpiresAt);
