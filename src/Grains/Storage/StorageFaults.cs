namespace Threads.Grains.Storage;

/// <summary>The one mapping from a store's failure to the typed error callers get, whichever store and whoever calls it.</summary>
public static class StorageFaults
{
    /// <summary>
    /// How <paramref name="store"/> classifies <paramref name="exception"/> or the first of its inner exceptions that it
    /// recognises; a typed storage error is its own fault, any other typed error or unknown failure <see cref="StorageFault.None"/>.
    /// </summary>
    public static StorageFault Classify(IThreadStore store, Exception exception)
    {
        ArgumentNullException.ThrowIfNull(store);
        switch (exception)
        {
            case StorageUnavailableException:
                return StorageFault.Unavailable;
            case StorageFullException:
                return StorageFault.Full;
            case ThreadsException:
                return StorageFault.None;
        }

        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (store.Classify(current) is not StorageFault.None and var fault)
            {
                return fault;
            }
        }

        return exception is AggregateException { InnerExceptions: [var only] } ? Classify(store, only) : StorageFault.None;
    }

    /// <summary>The typed error for <paramref name="fault"/>, or null for <see cref="StorageFault.None"/>.</summary>
    public static ThreadsException? ToException(StorageFault fault) => fault switch
    {
        StorageFault.Unavailable => new StorageUnavailableException("The storage cannot be reached now; retry shortly (a write with the same Idempotency-Key is applied once)."),
        StorageFault.Full => new StorageFullException("The storage has no space left; nothing was written."),
        _ => null,
    };
}
