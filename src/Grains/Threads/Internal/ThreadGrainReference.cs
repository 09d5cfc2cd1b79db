using System.Text.Json;
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

    public Task DeleteAsync(DateTimeOffset? ifUpdatedBefore = null, CancellationToken cancellationToken = default) =>
        InvokeAsync(static async (g, cutoff, ct) => { await g.DeleteAsync(cutoff, ct); return true; }, ifUpdatedBefore, cancellationToken);

    public Task<AppendMessagesResult> AppendAsync(AppendMessagesRequest request, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        InvokeAsync(static (g, s, ct) => g.AppendAsync(s.request, s.idempotencyKey, ct), (request, idempotencyKey), cancellationToken);

    public Task<MessagePage> GetMessagesAsync(MessageQuery query, CancellationToken cancellationToken = default) =>
        InvokeAsync(static (g, q, ct) => g.GetMessagesAsync(q, ct), query, cancellationToken);

    public Task<ThreadInfo> CloneAsync(CloneThreadRequest request, CancellationToken cancellationToken = default) =>
        InvokeAsync(static (g, r, ct) => g.CloneAsync(r, ct), request, cancellationToken);

    public Task<TrimResult> TrimAsync(TrimRequest request, CancellationToken cancellationToken = default) =>
        InvokeAsync(static (g, r, ct) => g.TrimAsync(r, ct), request, cancellationToken);

    public Task<ThreadStateSnapshot> GetStateAsync(CancellationToken cancellationToken = default) =>
        InvokeAsync(static (g, _, ct) => g.GetStateAsync(ct), 0, cancellationToken);

    public Task<StateChangeResult> ReplaceStateAsync(JsonElement state, long? expectedVersion = null, CancellationToken cancellationToken = default) =>
        InvokeAsync(static (g, s, ct) => g.ReplaceStateAsync(s.state, s.expectedVersion, ct), (state, expectedVersion), cancellationToken);

    public Task<StateChangeResult> PatchStateAsync(JsonElement patch, long? expectedVersion = null, CancellationToken cancellationToken = default) =>
        InvokeAsync(static (g, s, ct) => g.PatchStateAsync(s.patch, s.expectedVersion, ct), (patch, expectedVersion), cancellationToken);

    public Task<LockInfo> AcquireLockAsync(AcquireLockRequest request, CancellationToken cancellationToken = default) =>
        InvokeAsync(static (g, r, ct) => g.AcquireLockAsync(r, ct), request, cancellationToken);

    public Task ReleaseLockAsync(long token, CancellationToken cancellationToken = default) =>
        InvokeAsync(static async (g, t, ct) => { await g.ReleaseLockAsync(t, ct); return true; }, token, cancellationToken);

    public Task<RunInfo> StartRunAsync(StartRunRequest request, CancellationToken cancellationToken = default) =>
        InvokeAsync(static (g, r, ct) => g.StartRunAsync(r, ct), request, cancellationToken);

    public Task<RunInfo> CheckpointAsync(string runId, CheckpointRequest request, CancellationToken cancellationToken = default) =>
        InvokeAsync(static (g, s, ct) => g.CheckpointAsync(s.runId, s.request, ct), (runId, request), cancellationToken);

    public Task<RunInfo> CompleteRunAsync(string runId, CancellationToken cancellationToken = default) =>
        InvokeAsync(static (g, r, ct) => g.CompleteRunAsync(r, ct), runId, cancellationToken);

    public Task<RunInfo> FailRunAsync(string runId, EndRunRequest request, CancellationToken cancellationToken = default) =>
        InvokeAsync(static (g, s, ct) => g.FailRunAsync(s.runId, s.request, ct), (runId, request), cancellationToken);

    public Task<RunInfo> ResumeRunAsync(string runId, CancellationToken cancellationToken = default) =>
        InvokeAsync(static (g, r, ct) => g.ResumeRunAsync(r, ct), runId, cancellationToken);

    public Task<RunInfo> GetRunAsync(string runId, CancellationToken cancellationToken = default) =>
        InvokeAsync(static (g, r, ct) => g.GetRunAsync(r, ct), runId, cancellationToken);

    public Task<RunPage> ListRunsAsync(RunListQuery query, CancellationToken cancellationToken = default) =>
        InvokeAsync(static (g, q, ct) => g.ListRunsAsync(q, ct), query, cancellationToken);

    public Task<ThreadFileInfo> PutFileAsync(string filename, string mediaType, byte[] content, CancellationToken cancellationToken = default) =>
        InvokeAsync(static (g, s, ct) => g.PutFileAsync(s.filename, s.mediaType, s.content, ct), (filename, mediaType, content), cancellationToken);

    public Task<ThreadFileList> ListFilesAsync(CancellationToken cancellationToken = default) =>
        InvokeAsync(static (g, _, ct) => g.ListFilesAsync(ct), 0, cancellationToken);

    public Task<ThreadFile> GetFileAsync(string filename, CancellationToken cancellationToken = default) =>
        InvokeAsync(static (g, f, ct) => g.GetFileAsync(f, ct), filename, cancellationToken);

    public Task DeleteFileAsync(string filename, CancellationToken cancellationToken = default) =>
        InvokeAsync(static async (g, f, ct) => { await g.DeleteFileAsync(f, ct); return true; }, filename, cancellationToken);

    public Task<ThreadInfo> ImportAsync(ThreadImport import, CancellationToken cancellationToken = default) =>
        InvokeAsync(static (g, i, ct) => g.ImportAsync(i, ct), import, cancellationToken);
}
