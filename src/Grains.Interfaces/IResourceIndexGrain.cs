namespace Threads.Grains;

/// <summary>The threads of one resource, keyed by namespace and resource id; the key <see cref="AllResources"/> lists the whole namespace.</summary>
[Alias("threads.IResourceIndexGrain")]
public interface IResourceIndexGrain : IGrainWithStringKey
{
    /// <summary>The key of the index over every resource of a namespace.</summary>
    public const string AllResources = "*";

    /// <summary>A page of the resource's threads, most recently updated first, ties by id.</summary>
    [Alias("ListThreads")]
    Task<ThreadPage> ListThreadsAsync(ThreadListQuery query, CancellationToken cancellationToken = default);

    /// <summary>The resource's most recently updated visible thread, or a new one.</summary>
    [Alias("GetCurrentThread")]
    Task<CurrentThreadResult> GetCurrentThreadAsync(CurrentThreadRequest request, CancellationToken cancellationToken = default);

    /// <summary>Deletes the resource's threads (every thread of the namespace, for <see cref="AllResources"/>) not updated since a time.</summary>
    [Alias("Cleanup")]
    Task<CleanupResult> CleanupAsync(CleanupRequest request, CancellationToken cancellationToken = default);
}
