namespace Threads.Grains.Storage;

/// <summary>What a request with an idempotency key did, kept so that a retry returns the same answer.</summary>
/// <param name="Namespace">The namespace of the request.</param>
/// <param name="Key">The caller's idempotency key.</param>
/// <param name="RequestHash">A hash of the request (operation, target, body); the same key with another hash is a conflict.</param>
/// <param name="ThreadId">The thread the request wrote to, so that deleting the thread removes the record.</param>
/// <param name="StatusCode">The status the request answered with.</param>
/// <param name="Response">The response body (JSON).</param>
/// <param name="CreatedAt">When it was recorded; records expire after the retention window.</param>
public sealed record IdempotencyRecord(
    string Namespace,
    string Key,
    string RequestHash,
    string? ThreadId,
    int StatusCode,
    string Response,
    DateTimeOffset CreatedAt);
