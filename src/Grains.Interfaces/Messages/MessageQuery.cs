namespace Threads.Grains;

/// <summary>Which page of a thread's log to read.</summary>
[GenerateSerializer]
[Alias("threads.MessageQuery")]
[Immutable]
public sealed record MessageQuery
{
    /// <summary>The page size, 1 to the page limit. The default is 20.</summary>
    [Id(0)]
    public int Limit { get; init; } = 20;

    /// <summary>Oldest first (the default) or newest first.</summary>
    [Id(1)]
    public SortOrder Order { get; init; } = SortOrder.Ascending;

    /// <summary>Only messages with a greater seq.</summary>
    [Id(2)]
    public long? After { get; init; }

    /// <summary>Only messages with a smaller seq.</summary>
    [Id(3)]
    public long? Before { get; init; }

    /// <summary>Only messages of this run.</summary>
    [Id(4)]
    public string? RunId { get; init; }

    /// <summary>Where to go on from: a previous page's <c>NextCursor</c>.</summary>
    [Id(5)]
    public string? Cursor { get; init; }
}
