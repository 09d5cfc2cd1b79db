namespace Threads.Grains.Storage;

/// <summary>One try at a conditional write: committed, with its result, or lost to a writer that moved the version first.</summary>
/// <typeparam name="T">What a committed write answers.</typeparam>
internal readonly struct WriteAttempt<T>
{
    private WriteAttempt(T result)
    {
        Result = result;
        IsCommitted = true;
    }

    /// <summary>The attempt lost: the stored version was no longer the one it read.</summary>
    public static WriteAttempt<T> Lost => default;

    /// <summary>True when the write committed.</summary>
    public bool IsCommitted { get; }

    /// <summary>What the committed write answers.</summary>
    public T Result { get; }

    /// <summary>A committed write's result.</summary>
    public static implicit operator WriteAttempt<T>(T result) => new(result);
}
