namespace Threads.Grains;

/// <summary>
/// The storage could not be reached or did not answer in time (a database restarting, refusing connections, locked
/// past its timeout): 503 <c>unavailable</c> with <c>Retry-After</c>. Nothing the request asked for is known to be
/// written; retry it, with the same <c>Idempotency-Key</c> for a write.
/// </summary>
[GenerateSerializer]
[Alias("threads.StorageUnavailableException")]
public sealed class StorageUnavailableException : ThreadsException
{
    /// <summary>Creates the error.</summary>
    public StorageUnavailableException(string message)
        : base(ErrorCodes.Unavailable, message)
    {
    }
}
