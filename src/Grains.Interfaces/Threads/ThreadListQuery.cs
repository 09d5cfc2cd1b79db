namespace Threads.Grains;

/// <summary>Which threads to list, most recently updated first.</summary>
[GenerateSerializer]
[Alias("threads.ThreadListQuery")]
[Immutable]
public sealed record ThreadListQuery
{
    /// <summary>Only this user's threads.</summary>
    [Id(0)]
    public string? UserId { get; init; }

    /// <summary>Include hidden threads. The default is false.</summary>
    [Id(1)]
    public bool IncludeHidden { get; init; }

    /// <summary>Only archived (true) or only unarchived (false) threads; both when null.</summary>
    [Id(2)]
    public bool? Archived { get; init; }

    /// <summary>Only threads updated after this time.</summary>
    [Id(3)]
    public DateTimeOffset? UpdatedAfter { get; init; }

    /// <summary>Only threads updated before this time.</summary>
    [Id(4)]
    public DateTimeOffset? UpdatedBefore { get; init; }

    /// <summary>Only threads whose metadata holds each of these pairs.</summary>
    [Id(5)]
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }

    /// <summary>The page size, 1 to the page limit. The default is 20.</summary>
    [Id(6)]
    public int Limit { get; init; } = 20;

    /// <summary>Where to go on from: a previous page's <c>NextCursor</c>.</summary>
    [Id(7)]
    public string? Cursor { get; init; }
}
