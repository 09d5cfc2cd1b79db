namespace Threads.Grains;

/// <summary>Acquire or renew a thread's lock.</summary>
/// <param name="Holder">Who asks: an agent run, a UI session (1-128 characters).</param>
/// <param name="TtlSeconds">How long the lock holds unless renewed (1 to the configured maximum).</param>
[GenerateSerializer]
[Alias("threads.AcquireLockRequest")]
[Immutable]
public sealed record AcquireLockRequest([property: Id(0)] string Holder, [property: Id(1)] int TtlSeconds);
