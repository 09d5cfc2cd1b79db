namespace Threads.Grains;

/// <summary>
/// What to find among a namespace's messages: <see cref="Q"/> holds words that must all match, <c>"a phrase"</c> and
/// <c>prefix*</c>; the other fields narrow where to look.
/// </summary>
[GenerateSerializer]
[Alias("threads.SearchQuery")]
[Immutable]
public sealed record SearchQuery
{
    /// <summary>The words to find, 1 to 256 characters.</summary>
    [Id(0)]
    public required string Q { get; init; }

    /// <summary>Only this resource's threads.</summary>
    [Id(1)]
    public string? ResourceId { get; init; }

    /// <summary>Only this thread.</summary>
    [Id(2)]
    public string? ThreadId { get; init; }

    /// <summary>Only messages of this role.</summary>
    [Id(3)]
    public MessageRole? Role { get; init; }

    /// <summary>Search hidden threads too. The default is false.</summary>
    [Id(4)]
    public bool IncludeHidden { get; init; }

    /// <summary>The page size, 1 to the page limit. The default is 20.</summary>
    [Id(5)]
    public int Limit { get; init; } = 20;

    /// <summary>Where to go on from: a previous page's <c>NextCursor</c>, for the same query.</summary>
    [Id(6)]
    public string? Cursor { get; init; }
}
