namespace Threads.Grains;

/// <summary>How to clone a thread into a new one.</summary>
public sealed record CloneThreadRequest
{
    /// <summary>The new thread's id; generated when absent.</summary>
    public string? Id { get; init; }

    /// <summary>The new thread's title; the source's when absent.</summary>
    public string? Title { get; init; }

    /// <summary>The new thread's resource; the source's when absent.</summary>
    public string? ResourceId { get; init; }

    /// <summary>Merged over the source's metadata; a null value removes that key.</summary>
    public IReadOnlyDictionary<string, string?>? Metadata { get; init; }

    /// <summary>Whether the clone is hidden; the source's when absent.</summary>
    public bool? Hidden { get; init; }

    /// <summary>The last message of the source to copy; all when absent.</summary>
    public long? UpToSeq { get; init; }
}
