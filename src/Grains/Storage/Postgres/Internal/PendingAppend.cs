using System.Diagnostics;
using Threads.Grains.Diagnostics.Internal;

namespace Threads.Grains.Storage.Postgres.Internal;

/// <summary>An append waiting for a writer to commit it with others.</summary>
internal sealed class PendingAppend(AppendBatch batch, CancellationToken cancellationToken)
{
    private readonly TaskCompletionSource<AppendOutcome> _outcome = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public AppendBatch Batch { get; } = batch;

    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>The span of the call that queued the append, which the commit's span descends from or links to.</summary>
    public ActivityContext Caller { get; } = ThreadsInstruments.CallerContext();

    public Task<AppendOutcome> Outcome => _outcome.Task;

    public void Complete(AppendOutcome outcome) => _outcome.TrySetResult(outcome);

    public void Fail(Exception exception) => _outcome.TrySetException(exception);

    public void Cancel() => _outcome.TrySetCanceled(CancellationToken);

    /// <summary>Orders appends by thread, so that every transaction locks thread rows in the same order and two never deadlock.</summary>
    public static int ByThread(PendingAppend x, PendingAppend y)
    {
        var byNamespace = string.CompareOrdinal(x.Batch.Thread.Thread.Namespace, y.Batch.Thread.Thread.Namespace);
        return byNamespace != 0 ? byNamespace : string.CompareOrdinal(x.Batch.Thread.Thread.Id, y.Batch.Thread.Thread.Id);
    }
}

/// <summary>A batch committed without waiting for the WAL flush, with its outcomes, waiting to be answered once flushed.</summary>
internal readonly record struct FlushGroup(PendingAppend[] Appends, AppendOutcome[] Outcomes);
