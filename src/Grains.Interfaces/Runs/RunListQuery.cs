namespace Threads.Grains;

/// <summary>Which runs of a thread to list, newest first.</summary>
[GenerateSerializer]
[Alias("threads.RunListQuery")]
[Immutable]
public sealed record RunListQuery
{
    /// <summary>Only runs in this status.</summary>
    [Id(0)]
    public RunStatus? Status { get; init; }

    /// <summary>The page size. The default is 20.</summary>
    [Id(1)]
    public int Limit { get; init; } = 20;

    /// <summary>A previous page's <c>NextCursor</c>.</summary>
    [Id(2)]
    public string? Cursor { get; init; }
}
