namespace Threads.Grains;

/// <summary>A change to a thread's header; a null property leaves that field as it is.</summary>
[GenerateSerializer]
[Alias("threads.UpdateThreadRequest")]
[Immutable]
public sealed record UpdateThreadRequest
{
    /// <summary>The new title; the empty string removes it.</summary>
    [Id(0)]
    public string? Title { get; init; }

    /// <summary>Keys to set; a null value removes that key.</summary>
    [Id(1)]
    public IReadOnlyDictionary<string, string?>? Metadata { get; init; }

    /// <summary>Hide or show it in lists.</summary>
    [Id(2)]
    public bool? Hidden { get; init; }

    /// <summary>Archive or restore it.</summary>
    [Id(3)]
    public bool? Archived { get; init; }

    /// <summary>Move it to another resource; the empty string removes its resource.</summary>
    [Id(4)]
    public string? ResourceId { get; init; }
}
