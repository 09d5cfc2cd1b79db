namespace Threads.Grains;

/// <summary>The thread is locked by another holder, or the write's lock token is not the current one (423).</summary>
[GenerateSerializer]
[Alias("threads.LockedException")]
public sealed class LockedException : ThreadsException
{
    /// <summary>Creates the error, with the current holder when there is one.</summary>
    public LockedException(string message, string? holder = null, DateTimeOffset? expiresAt = null)
        : base(ErrorCodes.Locked, message)
    {
        Holder = holder;
        ExpiresAt = expiresAt;
    }

    /// <summary>Who holds the lock.</summary>
    [Id(0)]
    public string? Holder { get; }

    /// <summary>When the current lock lapses unless renewed.</summary>
    [Id(1)]
    public DateTimeOffset? ExpiresAt { get; }
}
