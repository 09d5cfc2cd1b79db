namespace Threads.Grains;

/// <summary>Acquire or renew a thread's lock.</summary>
/// <param name="Holder">Who asks: an agent run, a UI session (1-128 characters).</param>
/// <param name="TtlSeconds">How long the lock holds unless renewed (1 to the configured maximum).</param>
public sealed record AcquireLockRequest(string Holder, int TtlSeconds);
