namespace Threads.Grains;

/// <summary>Which runs of a thread to list, newest first.</summary>
public sealed record RunListQuery
{
    /// <summary>Only runs in this status.</summary>
    public RunStatus? Status { get; init; }

    /// <summary>The page size. The default is 20.</summary>
    public int Limit { get; init; } = 20;

    /// <summary>A previous page's <c>NextCursor</c>.</summary>
    public string? Cursor { get; init; }
}
