namespace Threads.Grains.Storage;

/// <summary>
/// One atomic write to a thread: the new messages (possibly none), the header that follows, and optionally a run
/// and a checkpoint, written only if the thread is still at <see cref="ExpectedETag"/>. A checkpoint is exactly one of these.
/// </summary>
/// <param name="Thread">The header after the append; its ETag is <see cref="ExpectedETag"/> + 1.</param>
/// <param name="ExpectedETag">The ETag the writer read.</param>
/// <param name="Messages">The new messages, with contiguous seqs after the previous last seq.</param>
/// <param name="Idempotency">The record to keep for a retried request, written in the same transaction.</param>
public sealed record AppendBatch(StoredThread Thread, long ExpectedETag, IReadOnlyList<ThreadMessage> Messages, IdempotencyRecord? Idempotency)
{
    /// <summary>A run to insert or replace (by namespace, thread and run id) in the same transaction.</summary>
    public StoredRun? Run { get; init; }

    /// <summary>
    /// True when <see cref="Thread"/> differs from the stored header only in what an append moves: LastSeq,
    /// MessageCount, UpdatedAt and the ETag. A store may then write just those.
    /// </summary>
    public bool MovesLogOnly { get; init; }

    /// <summary>A checkpoint of <see cref="Run"/> to insert in the same transaction.</summary>
    public StoredCheckpoint? Checkpoint { get; init; }
}
