namespace Threads.Grains;

/// <summary>Which threads to list, most recently updated first.</summary>
public sealed record ThreadListQuery
{
    /// <summary>Only this user's threads.</summary>
    public string? UserId { get; init; }

    /// <summary>Include hidden threads. The default is false.</summary>
    public bool IncludeHidden { get; init; }

    /// <summary>Only archived (true) or only unarchived (false) threads; both when null.</summary>
    public bool? Archived { get; init; }

    /// <summary>Only threads updated after this time.</summary>
    public DateTimeOffset? UpdatedAfter { get; init; }

    /// <summary>Only threads updated before this time.</summary>
    public DateTimeOffset? UpdatedBefore { get; init; }

    /// <summary>Only threads whose metadata holds each of these pairs.</summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }

    /// <summary>The page size, 1 to the page limit. The default is 20.</summary>
    public int Limit { get; init; } = 20;

    /// <summary>Where to go on from: a previous page's <c>NextCursor</c>.</summary>
    public string? Cursor { get; init; }
}
