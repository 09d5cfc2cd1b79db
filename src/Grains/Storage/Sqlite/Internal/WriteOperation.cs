using System.Diagnostics;
using Threads.Grains.Diagnostics.Internal;

namespace Threads.Grains.Storage.Sqlite.Internal;

/// <summary>A write waiting for the writer loop: run inside a batch's transaction, answered once the batch commits.</summary>
internal abstract class WriteOperation
{
    /// <summary>The span of the call that queued the write, which the commit's span descends from or links to.</summary>
    public ActivityContext Caller { get; } = ThreadsInstruments.CallerContext();

    /// <summary>True if the caller gave up before the write ran; it is then skipped.</summary>
    public abstract bool IsCanceled { get; }

    /// <summary>Runs the write; returns false to undo its changes (a conflict), true to keep them. May throw, which undoes them too.</summary>
    public abstract bool Execute(SqliteWriter writer);

    /// <summary>Records why the write failed; the caller sees it after the batch ends.</summary>
    public abstract void SetError(Exception error);

    /// <summary>Forgets the error of a run that was undone, before the write runs again.</summary>
    public abstract void ClearError();

    /// <summary>Answers the caller: the write's result, or its error.</summary>
    public abstract void Complete();

    /// <summary>Answers the caller with a failure of the whole batch (nothing was committed).</summary>
    public abstract void Fail(Exception error);

    /// <summary>Answers the caller that the write was skipped.</summary>
    public abstract void Cancel();
}
