namespace Threads.Grains.Storage;

/// <summary>Which messages of a namespace a search looks at, best match first, ties by (thread id, seq).</summary>
public sealed record SearchFilter
{
    /// <summary>The terms, all of which must match.</summary>
    public required IReadOnlyList<SearchTerm> Terms { get; init; }

    /// <summary>Only this resource's threads.</summary>
    public string? ResourceId { get; init; }

    /// <summary>Only this thread.</summary>
    public string? ThreadId { get; init; }

    /// <summary>Only messages of this role.</summary>
    public string? Role { get; init; }

    /// <summary>Only the threads of this user: applied inside the search, so other users' matches never take a page's room.</summary>
    public string? UserId { get; init; }

    /// <summary>Search hidden threads too.</summary>
    public bool IncludeHidden { get; init; }

    /// <summary>Keyset position: only hits that sort after (score, thread id, seq) in the search's order.</summary>
    public (double Score, string ThreadId, long Seq)? After { get; init; }

    /// <summary>At most this many.</summary>
    public int Limit { get; init; } = 20;
}
