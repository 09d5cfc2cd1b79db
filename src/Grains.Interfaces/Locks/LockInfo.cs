namespace Threads.Grains;

/// <summary>A held lock on a thread.</summary>
/// <param name="Holder">Who holds it.</param>
/// <param name="Token">The fencing token: it grows with every acquisition of the thread's lock, never reused.</param>
/// <param name="ExpiresAt">When it lapses unless renewed.</param>
[GenerateSerializer]
[Alias("threads.LockInfo")]
[Immutable]
public sealed record LockInfo([property: Id(0)] string Holder, [property: Id(1)] long Token, [property: Id(2)] DateTimeOffset ExpiresAt);
