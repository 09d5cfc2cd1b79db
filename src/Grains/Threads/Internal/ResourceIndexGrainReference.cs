using Threads.Grains.Runtime;

namespace Threads.Grains.Threads.Internal;

/// <summary>The in-process <see cref="IResourceIndexGrain"/>: each call is a turn of the activation.</summary>
internal sealed class ResourceIndexGrainReference(GrainRuntime runtime, GrainId id) : GrainReference<IResourceIndexGrain>(runtime, id), IResourceIndexGrain
{
    public Task<ThreadPage> ListThreadsAsync(ThreadListQuery query, CancellationToken cancellationToken = default) =>
        InvokeAsync(static (g, q, ct) => g.ListThreadsAsync(q, ct), query, cancellationToken);

    public Task<CurrentThreadResult> GetCurrentThreadAsync(CurrentThreadRequest request, CancellationToken cancellationToken = default) =>
        InvokeAsync(static (g, r, ct) => g.GetCurrentThreadAsync(r, ct), request, cancellationToken);

    public Task<CleanupResult> CleanupAsync(CleanupRequest request, CancellationToken cancellationToken = default) =>
        InvokeAsync(static (g, r, ct) => g.CleanupAsync(r, ct), request, cancellationToken);
}
