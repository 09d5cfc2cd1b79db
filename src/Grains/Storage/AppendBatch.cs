namespace Threads.Grains.Storage;

/// <summary>One atomic append: the new messages and the header that follows from them, written only if the thread is still at <see cref="ExpectedETag"/>.</summary>
/// <param name="Thread">The header after the append; its ETag is <see cref="ExpectedETag"/> + 1.</param>
/// <param name="ExpectedETag">The ETag the writer read.</param>
/// <param name="Messages">The new messages, with contiguous seqs after the previous last seq.</param>
/// <param name="Idempotency">The record to keep for a retried request, written in the same transaction.</param>
public sealed record AppendBatch(StoredThread Thread, long ExpectedETag, IReadOnlyList<ThreadMessage> Messages, IdempotencyRecord? Idempotency);
