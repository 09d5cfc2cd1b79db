namespace Threads.Grains;

/// <summary>Which page of a thread's log to read.</summary>
public sealed record MessageQuery
{
    /// <summary>The page size, 1 to the page limit. The default is 20.</summary>
    public int Limit { get; init; } = 20;

    /// <summary>Oldest first (the default) or newest first.</summary>
    public SortOrder Order { get; init; } = SortOrder.Ascending;

    /// <summary>Only messages with a greater seq.</summary>
    public long? After { get; init; }

    /// <summary>Only messages with a smaller seq.</summary>
    public long? Before { get; init; }

    /// <summary>Only messages of this run.</summary>
    public string? RunId { get; init; }

    /// <summary>Where to go on from: a previous page's <c>NextCursor</c>.</summary>
    public string? Cursor { get; init; }
}
