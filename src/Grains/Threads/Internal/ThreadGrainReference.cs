using Threads.Grains.Runtime;

namespace Threads.Grains.Threads.Internal;

/// <summary>The in-process <see cref="IThreadGrain"/>: each call is a turn of the activation.</summary>
internal sealed class ThreadGrainReference(GrainRuntime runtime, GrainId id) : GrainReference<IThreadGrain>(runtime, id), IThreadGrain
{
    public Task<ThreadInfo> CreateAsync(CreateThreadRequest request, CancellationToken cancellationToken = default) =>
        InvokeAsync(static (g, r, ct) => g.CreateAsync(r, ct), request, cancellationToken);

    public Task<ThreadInfo> GetAsync(int lastMessages = 0, CancellationToken cancellationToken = default) =>
        InvokeAsync(static (g, n, ct) => g.GetAsync(n, ct), lastMessages, cancellationToken);

    public Task<ThreadInfo> UpdateAsync(UpdateThreadRequest request, long? expectedVersion = null, CancellationToken cancellationToken = default) =>
        InvokeAsync(static (g, s, ct) => g.UpdateAsync(s.request, s.expectedVersion, ct), (request, expectedVersion), cancellationToken);

    public Task DeleteAsync(CancellationToken cancellationToken = default) =>
        InvokeAsync(static async (g, _, ct) => { await g.DeleteAsync(ct); return true; }, false, cancellationToken);

    public Task<AppendMessagesResult> AppendAsync(AppendMessagesRequest request, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        InvokeAsync(static (g, s, ct) => g.AppendAsync(s.request, s.idempotencyKey, ct), (request, idempotencyKey), cancellationToken);

    public Task<MessagePage> GetMessagesAsync(MessageQuery query, CancellationToken cancellationToken = default) =>
        InvokeAsync(static (g, q, ct) => g.GetMessagesAsync(q, ct), query, cancellationToken);

    public Task<ThreadInfo> CloneAsync(CloneThreadRequest request, CancellationToken cancellationToken = default) =>
        InvokeAsync(static (g, r, ct) => g.CloneAsync(r, ct), request, cancellationToken);

    public Task<TrimResult> TrimAsync(TrimRequest request, CancellationToken cancellationToken = default) =>
        InvokeAsync(static (g, r, ct) => g.TrimAsync(r, ct), request, cancellationToken);
}
