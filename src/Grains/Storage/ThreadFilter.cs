namespace Threads.Grains.Storage;

/// <summary>Which threads of a namespace to list, most recently updated first, ties by id (descending).</summary>
public sealed record ThreadFilter
{
    /// <summary>Only this resource's threads; all resources when null.</summary>
    public string? ResourceId { get; init; }

    /// <summary>Only this user's threads.</summary>
    public string? UserId { get; init; }

    /// <summary>Include hidden threads.</summary>
    public bool IncludeHidden { get; init; }

    /// <summary>Only archived (true) or unarchived (false) threads; both when null.</summary>
    public bool? Archived { get; init; }

    /// <summary>Only threads updated strictly after this time.</summary>
    public DateTimeOffset? UpdatedAfter { get; init; }

    /// <summary>Only threads updated strictly before this time.</summary>
    public DateTimeOffset? UpdatedBefore { get; init; }

    /// <summary>Only threads whose metadata holds each pair.</summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }

    /// <summary>Keyset position: only threads that sort after (updatedAt, id) in the listing order.</summary>
    public (DateTimeOffset UpdatedAt, string Id)? After { get; init; }

    /// <summary>At most this many.</summary>
    public int Limit { get; init; } = 20;
}
