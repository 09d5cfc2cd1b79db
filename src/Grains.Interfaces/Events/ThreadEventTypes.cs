namespace Threads.Grains;

/// <summary>The event types of the API's event streams.</summary>
public static class ThreadEventTypes
{
    /// <summary>A thread was created (also by import, current-thread and clone); data: the thread.</summary>
    public const string ThreadCreated = "thread_created";

    /// <summary>A thread's header changed (update, trim); data: the thread.</summary>
    public const string ThreadUpdated = "thread_updated";

    /// <summary>Messages were appended (also by a run's checkpoint); data: <c>{messages, lastSeq}</c>.</summary>
    public const string MessagesAppended = "messages_appended";

    /// <summary>The state was replaced or patched; data: <c>{state, version, changedKeys}</c>.</summary>
    public const string StateChanged = "state_changed";

    /// <summary>A thread was cloned from this one, on the source's streams; data: the new thread.</summary>
    public const string ThreadCloned = "thread_cloned";

    /// <summary>A thread was deleted (also by cleanup); no data.</summary>
    public const string ThreadDeleted = "thread_deleted";

    /// <summary>The lock was acquired or renewed; data: the lock.</summary>
    public const string LockAcquired = "lock_acquired";

    /// <summary>The lock was released; data: the lock.</summary>
    public const string LockReleased = "lock_released";

    /// <summary>A run started or resumed; data: the run.</summary>
    public const string RunStarted = "run_started";

    /// <summary>A run took a checkpoint; data: the run.</summary>
    public const string RunCheckpoint = "run_checkpoint";

    /// <summary>A run completed or failed; data: the run.</summary>
    public const string RunEnded = "run_ended";
}
