namespace Threads.Grains;

/// <summary>How to clone a thread into a new one.</summary>
[GenerateSerializer]
[Alias("threads.CloneThreadRequest")]
[Immutable]
public sealed record CloneThreadRequest
{
    /// <summary>The new thread's id; generated when absent.</summary>
    [Id(0)]
    public string? Id { get; init; }

    /// <summary>The new thread's title; the source's when absent.</summary>
    [Id(1)]
    public string? Title { get; init; }

    /// <summary>The new thread's resource; the source's when absent.</summary>
    [Id(2)]
    public string? ResourceId { get; init; }

    /// <summary>Merged over the source's metadata; a null value removes that key.</summary>
    [Id(3)]
    public IReadOnlyDictionary<string, string?>? Metadata { get; init; }

    /// <summary>Whether the clone is hidden; the source's when absent.</summary>
    [Id(4)]
    public bool? Hidden { get; init; }

    /// <summary>The last message of the source to copy; all when absent.</summary>
    [Id(5)]
    public long? UpToSeq { get; init; }
}
