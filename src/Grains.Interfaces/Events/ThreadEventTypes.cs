namespace Threads.Grains;

/// <summary>The event types of the API's event streams.</summary>
public static class ThreadEventTypes
{
    /// <summary>A thread was created.</summary>
    public const string ThreadCreated = "thread_created";

    /// <summary>A thread's header changed.</summary>
    public const string ThreadUpdated = "thread_updated";

    /// <summary>Messages were appended; data: <c>{messages, lastSeq}</c>.</summary>
    public const string MessagesAppended = "messages_appended";

    /// <summary>The state changed; data: <c>{version, changedKeys}</c>.</summary>
    public const string StateChanged = "state_changed";

    /// <summary>A thread was cloned from this one; data: <c>{cloneId, upToSeq}</c>.</summary>
    public const string ThreadCloned = "thread_cloned";

    /// <summary>A thread was deleted.</summary>
    public const string ThreadDeleted = "thread_deleted";

    /// <summary>The lock was acquired or renewed; data: <c>{holder, token, expiresAt}</c>.</summary>
    public const string LockAcquired = "lock_acquired";

    /// <summary>The lock was released; data: <c>{token}</c>.</summary>
    public const string LockReleased = "lock_released";

    /// <summary>A run started; data: the run.</summary>
    public const string RunStarted = "run_started";

    /// <summary>A run took a checkpoint; data: the run.</summary>
    public const string RunCheckpoint = "run_checkpoint";

    /// <summary>A run completed or failed; data: the run.</summary>
    public const string RunEnded = "run_ended";
}
