namespace Threads.Grains.Threads;

/// <summary>
/// Who holds a thread's lock, for the silo's thread browser. The same activation as the thread's
/// <see cref="IThreadGrain"/> (one grain class, one key); kept off <see cref="IThreadGrain"/> because the HTTP contract
/// has no route that reads a lock, so the HTTP client could not offer it.
/// </summary>
[Alias("threads.IThreadLockGrain")]
public interface IThreadLockGrain : IGrainWithStringKey
{
    /// <summary>The holder of the thread's lock and when it lapses, or null when it is not locked; never the token.</summary>
    /// <exception cref="NotFoundException">The thread does not exist, or the acting user may not see it.</exception>
    [Alias("GetHolder")]
    Task<LockHolder?> GetHolderAsync(CancellationToken cancellationToken = default);
}
