namespace Threads.Silo.Hosting;

/// <summary>What one pass of the retention policy did, over every configured namespace.</summary>
/// <param name="Namespaces">How many namespaces have a policy.</param>
/// <param name="Deleted">Threads deleted for their age.</param>
/// <param name="Trimmed">Threads trimmed to their last messages.</param>
/// <param name="MessagesRemoved">Messages the trims removed.</param>
/// <param name="Skipped">Threads left for the next pass (locked, or changed meanwhile).</param>
/// <param name="IdempotencyRecordsRemoved">Idempotency records older than the idempotency window, in every namespace.</param>
public sealed record RetentionPassResult(int Namespaces, long Deleted, long Trimmed, long MessagesRemoved, long Skipped, long IdempotencyRecordsRemoved);
