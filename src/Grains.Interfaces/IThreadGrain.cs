namespace Threads.Grains;

/// <summary>One conversation thread, keyed by its namespace and thread id; its calls run one at a time.</summary>
public interface IThreadGrain : IGrain
{
    /// <summary>Creates the thread.</summary>
    /// <exception cref="AlreadyExistsException">The thread exists.</exception>
    Task<ThreadInfo> CreateAsync(CreateThreadRequest request, CancellationToken cancellationToken = default);

    /// <summary>The thread's header, with its last <paramref name="lastMessages"/> messages when that is above 0.</summary>
    /// <exception cref="NotFoundException">The thread does not exist.</exception>
    Task<ThreadInfo> GetAsync(int lastMessages = 0, CancellationToken cancellationToken = default);

    /// <summary>Changes the header; with <paramref name="expectedVersion"/>, only if the version is still that.</summary>
    /// <exception cref="PreconditionFailedException">The version moved on.</exception>
    Task<ThreadInfo> UpdateAsync(UpdateThreadRequest request, long? expectedVersion = null, CancellationToken cancellationToken = default);

    /// <summary>Deletes the thread and everything it holds.</summary>
    /// <exception cref="NotFoundException">The thread does not exist.</exception>
    Task DeleteAsync(CancellationToken cancellationToken = default);

    /// <summary>Appends messages, all or none, numbered after the last; a repeated <paramref name="idempotencyKey"/> returns the first result.</summary>
    /// <exception cref="PreconditionFailedException">The expected last seq no longer holds.</exception>
    /// <exception cref="ConflictException">The idempotency key was used with another request.</exception>
    Task<AppendMessagesResult> AppendAsync(AppendMessagesRequest request, string? idempotencyKey = null, CancellationToken cancellationToken = default);

    /// <summary>A page of the log.</summary>
    Task<MessagePage> GetMessagesAsync(MessageQuery query, CancellationToken cancellationToken = default);

    /// <summary>Creates a new thread holding a snapshot of this one.</summary>
    /// <exception cref="AlreadyExistsException">The new id is taken.</exception>
    Task<ThreadInfo> CloneAsync(CloneThreadRequest request, CancellationToken cancellationToken = default);

    /// <summary>Drops the older messages.</summary>
    Task<TrimResult> TrimAsync(TrimRequest request, CancellationToken cancellationToken = default);
}
