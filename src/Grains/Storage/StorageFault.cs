namespace Threads.Grains.Storage;

/// <summary>What a store's failure means to a caller, as the store classifies it (<see cref="IThreadStore.Classify"/>).</summary>
public enum StorageFault
{
    /// <summary>Not a storage fault the caller can act on: a bug, reported as 500 and logged.</summary>
    None,

    /// <summary>The storage cannot be reached or did not answer in time; retrying the same request later may succeed (503).</summary>
    Unavailable,

    /// <summary>The storage has no space left; nothing was written (507).</summary>
    Full,
}
