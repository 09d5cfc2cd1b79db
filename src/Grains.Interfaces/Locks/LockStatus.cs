namespace Threads.Grains;

/// <summary>Who holds a thread's lock and until when, as anyone who may read the thread sees it: without the token, which only the holder may write with.</summary>
/// <param name="Holder">Who holds it.</param>
/// <param name="ExpiresAt">When it lapses unless renewed.</param>
[GenerateSerializer]
[Alias("threads.LockStatus")]
[Immutable]
public sealed record LockStatus([property: Id(0)] string Holder, [property: Id(1)] DateTimeOffset ExpiresAt);
