using System.Text.Json;

namespace Threads.Grains;

/// <summary>One conversation thread, keyed by its namespace and thread id; its calls run one at a time.</summary>
[Alias("threads.IThreadGrain")]
public interface IThreadGrain : IGrainWithStringKey
{
    /// <summary>Creates the thread.</summary>
    /// <exception cref="AlreadyExistsException">The thread exists.</exception>
    [Alias("Create")]
    Task<ThreadInfo> CreateAsync(CreateThreadRequest request, CancellationToken cancellationToken = default);

    /// <summary>The thread's header, with its last <paramref name="lastMessages"/> messages when that is above 0.</summary>
    /// <exception cref="NotFoundException">The thread does not exist.</exception>
    [Alias("Get")]
    Task<ThreadInfo> GetAsync(int lastMessages = 0, CancellationToken cancellationToken = default);

    /// <summary>Changes the header; with <paramref name="expectedVersion"/>, only if the version is still that.</summary>
    /// <exception cref="PreconditionFailedException">The version moved on.</exception>
    [Alias("Update")]
    Task<ThreadInfo> UpdateAsync(UpdateThreadRequest request, long? expectedVersion = null, CancellationToken cancellationToken = default);

    /// <summary>Deletes the thread and everything it holds; with <paramref name="ifUpdatedBefore"/>, only if it was not updated since.</summary>
    /// <exception cref="NotFoundException">The thread does not exist.</exception>
    /// <exception cref="PreconditionFailedException">The thread was updated at or after <paramref name="ifUpdatedBefore"/>.</exception>
    [Alias("Delete")]
    Task DeleteAsync(DateTimeOffset? ifUpdatedBefore = null, CancellationToken cancellationToken = default);

    /// <summary>Appends messages, all or none, numbered after the last; a repeated <paramref name="idempotencyKey"/> returns the first result.</summary>
    /// <exception cref="PreconditionFailedException">The expected last seq no longer holds.</exception>
    /// <exception cref="ConflictException">The idempotency key was used with another request.</exception>
    [Alias("Append")]
    Task<AppendMessagesResult> AppendAsync(AppendMessagesRequest request, string? idempotencyKey = null, CancellationToken cancellationToken = default);

    /// <summary>A page of the log.</summary>
    [Alias("GetMessages")]
    Task<MessagePage> GetMessagesAsync(MessageQuery query, CancellationToken cancellationToken = default);

    /// <summary>Creates a new thread holding a snapshot of this one.</summary>
    /// <exception cref="AlreadyExistsException">The new id is taken.</exception>
    [Alias("Clone")]
    Task<ThreadInfo> CloneAsync(CloneThreadRequest request, CancellationToken cancellationToken = default);

    /// <summary>Drops the older messages.</summary>
    [Alias("Trim")]
    Task<TrimResult> TrimAsync(TrimRequest request, CancellationToken cancellationToken = default);

    /// <summary>The thread's state object and its version.</summary>
    [Alias("GetState")]
    Task<ThreadStateSnapshot> GetStateAsync(CancellationToken cancellationToken = default);

    /// <summary>Replaces the state, validated against the thread's schema; with <paramref name="expectedVersion"/>, only if the state is still at it.</summary>
    /// <exception cref="SchemaViolationException">The new state breaks the schema.</exception>
    /// <exception cref="PreconditionFailedException">The state version moved on.</exception>
    [Alias("ReplaceState")]
    Task<StateChangeResult> ReplaceStateAsync(JsonElement state, long? expectedVersion = null, CancellationToken cancellationToken = default);

    /// <summary>Merges an RFC 7396 patch into the state, validated against the thread's schema.</summary>
    /// <exception cref="SchemaViolationException">The patched state breaks the schema.</exception>
    /// <exception cref="PreconditionFailedException">The state version moved on.</exception>
    [Alias("PatchState")]
    Task<StateChangeResult> PatchStateAsync(JsonElement patch, long? expectedVersion = null, CancellationToken cancellationToken = default);

    /// <summary>Acquires the lock, or renews it for the same holder.</summary>
    /// <exception cref="LockedException">Another holder has it.</exception>
    [Alias("AcquireLock")]
    Task<LockInfo> AcquireLockAsync(AcquireLockRequest request, CancellationToken cancellationToken = default);

    /// <summary>Who holds the lock and until when.</summary>
    /// <exception cref="NotFoundException">The thread does not exist, or its lock is free (never taken, released or lapsed).</exception>
    [Alias("GetLock")]
    Task<LockStatus> GetLockAsync(CancellationToken cancellationToken = default);

    /// <summary>Releases the lock held with <paramref name="token"/>; releasing a lock that is already free does nothing.</summary>
    /// <exception cref="LockedException">The lock is held with another token.</exception>
    [Alias("ReleaseLock")]
    Task ReleaseLockAsync(long token, CancellationToken cancellationToken = default);

    /// <summary>Starts a run with a lease.</summary>
    [Alias("StartRun")]
    Task<RunInfo> StartRunAsync(StartRunRequest request, CancellationToken cancellationToken = default);

    /// <summary>Appends the checkpoint's messages, merges its state patch, records it and renews the lease: all or nothing.</summary>
    [Alias("Checkpoint")]
    Task<RunInfo> CheckpointAsync(string runId, CheckpointRequest request, CancellationToken cancellationToken = default);

    /// <summary>Ends a run as completed.</summary>
    [Alias("CompleteRun")]
    Task<RunInfo> CompleteRunAsync(string runId, CancellationToken cancellationToken = default);

    /// <summary>Ends a run as failed.</summary>
    [Alias("FailRun")]
    Task<RunInfo> FailRunAsync(string runId, EndRunRequest request, CancellationToken cancellationToken = default);

    /// <summary>Makes an interrupted run running again with a new lease; the result carries its last checkpoint.</summary>
    /// <exception cref="ConflictException">The run is not interrupted.</exception>
    [Alias("ResumeRun")]
    Task<RunInfo> ResumeRunAsync(string runId, CancellationToken cancellationToken = default);

    /// <summary>One run with all its checkpoints.</summary>
    [Alias("GetRun")]
    Task<RunInfo> GetRunAsync(string runId, CancellationToken cancellationToken = default);

    /// <summary>The thread's runs, newest first.</summary>
    [Alias("ListRuns")]
    Task<RunPage> ListRunsAsync(RunListQuery query, CancellationToken cancellationToken = default);

    /// <summary>Writes (or overwrites) a file of the thread.</summary>
    /// <exception cref="InvalidArgumentException">The filename breaks the rules.</exception>
    /// <exception cref="PayloadTooLargeException">The file or the thread's file count is over its limit.</exception>
    [Alias("PutFile")]
    Task<ThreadFileInfo> PutFileAsync(string filename, string mediaType, byte[] content, CancellationToken cancellationToken = default);

    /// <summary>The thread's files, by filename.</summary>
    [Alias("ListFiles")]
    Task<ThreadFileList> ListFilesAsync(CancellationToken cancellationToken = default);

    /// <summary>One file with its bytes.</summary>
    /// <exception cref="NotFoundException">No file has this name in the thread.</exception>
    [Alias("GetFile")]
    Task<ThreadFile> GetFileAsync(string filename, CancellationToken cancellationToken = default);

    /// <summary>Deletes a file.</summary>
    /// <exception cref="NotFoundException">No file has this name in the thread.</exception>
    [Alias("DeleteFile")]
    Task DeleteFileAsync(string filename, CancellationToken cancellationToken = default);

    /// <summary>Recreates this thread from an export, all at once: header, messages, state and files.</summary>
    /// <exception cref="AlreadyExistsException">The thread exists.</exception>
    [Alias("Import")]
    Task<ThreadInfo> ImportAsync(ThreadImport import, CancellationToken cancellationToken = default);
}
