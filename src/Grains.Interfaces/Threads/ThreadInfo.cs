namespace Threads.Grains;

/// <summary>A conversation thread's header: who it belongs to, what it is called, how far its log goes.</summary>
public sealed record ThreadInfo
{
    /// <summary>The thread id.</summary>
    public required string Id { get; init; }

    /// <summary>The namespace it lives in.</summary>
    public required string Namespace { get; init; }

    /// <summary>The resource (project, agent, document…) it belongs to.</summary>
    public string? ResourceId { get; init; }

    /// <summary>The user who owns it.</summary>
    public string? UserId { get; init; }

    /// <summary>A title for people.</summary>
    public string? Title { get; init; }

    /// <summary>Free-form string metadata.</summary>
    /// <remarks>Never null: a generated JSON reader sets a missing property to null, which reads back as empty.</remarks>
    public IReadOnlyDictionary<string, string> Metadata
    {
        get;
        init => field = value ?? System.Collections.ObjectModel.ReadOnlyDictionary<string, string>.Empty;
    } = System.Collections.ObjectModel.ReadOnlyDictionary<string, string>.Empty;

    /// <summary>The thread and message this one was cloned from.</summary>
    public ParentLink? Parent { get; init; }

    /// <summary>True for forked sub-agent threads, left out of lists unless asked for.</summary>
    public bool Hidden { get; init; }

    /// <summary>True once put away by its user.</summary>
    public bool Archived { get; init; }

    /// <summary>How many messages the log holds now (fewer than <see cref="LastSeq"/> after a trim).</summary>
    public long MessageCount { get; init; }

    /// <summary>The seq of the last message appended, 0 for none.</summary>
    public long LastSeq { get; init; }

    /// <summary>The schema that validates the thread's state.</summary>
    public string? StateSchemaId { get; init; }

    /// <summary>When it was created (UTC, milliseconds).</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When it last changed: append, state change or update.</summary>
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>The version of its header, raised by every update; <c>If-Match</c> compares it.</summary>
    public required long Version { get; init; }

    /// <summary>Its last messages, oldest first, when asked for with the thread.</summary>
    public IReadOnlyList<ThreadMessage>? Messages { get; init; }
}
