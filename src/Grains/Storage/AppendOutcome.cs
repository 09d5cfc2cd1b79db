namespace Threads.Grains.Storage;

/// <summary>How an append ended.</summary>
public enum AppendOutcome
{
    /// <summary>Committed.</summary>
    Appended,

    /// <summary>Nothing written: the thread is no longer at the expected ETag (or is gone).</summary>
    Conflict,

    /// <summary>Nothing written: a record with the same idempotency key exists; read it with <see cref="IThreadStore.GetIdempotencyAsync"/>.</summary>
    DuplicateRequest,
}
