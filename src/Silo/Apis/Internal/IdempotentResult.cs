namespace Threads.Silo.Apis.Internal;

/// <summary>What an idempotent POST answered: kept and replayed to retries.</summary>
internal sealed record IdempotentResult<T>(int StatusCode, T Value, string? ThreadId);
