namespace Threads.Grains;

/// <summary>A change to a thread's header; a null property leaves that field as it is.</summary>
public sealed record UpdateThreadRequest
{
    /// <summary>The new title; the empty string removes it.</summary>
    public string? Title { get; init; }

    /// <summary>Keys to set; a null value removes that key.</summary>
    public IReadOnlyDictionary<string, string?>? Metadata { get; init; }

    /// <summary>Hide or show it in lists.</summary>
    public bool? Hidden { get; init; }

    /// <summary>Archive or restore it.</summary>
    public bool? Archived { get; init; }

    /// <summary>Move it to another resource; the empty string removes its resource.</summary>
    public string? ResourceId { get; init; }
}
