namespace Threads.Grains;

/// <summary>The storage has no space left (507 <c>storage_full</c>); nothing was written. Retrying helps only once space is freed.</summary>
[GenerateSerializer]
[Alias("threads.StorageFullException")]
public sealed class StorageFullException : ThreadsException
{
    /// <summary>Creates the error.</summary>
    public StorageFullException(string message)
        : base(ErrorCodes.StorageFull, message)
    {
    }
}
