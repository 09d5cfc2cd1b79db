namespace Threads.Grains;

/// <summary>A conversation thread's header: who it belongs to, what it is called, how far its log goes.</summary>
[GenerateSerializer]
[Alias("threads.ThreadInfo")]
[Immutable]
public sealed record ThreadInfo
{
    /// <summary>The thread id.</summary>
    [Id(0)]
    public required string Id { get; init; }

    /// <summary>The namespace it lives in.</summary>
    [Id(1)]
    public required string Namespace { get; init; }

    /// <summary>The resource (project, agent, document…) it belongs to.</summary>
    [Id(2)]
    public string? ResourceId { get; init; }

    /// <summary>The user who owns it.</summary>
    [Id(3)]
    public string? UserId { get; init; }

    /// <summary>A title for people.</summary>
    [Id(4)]
    public string? Title { get; init; }

    /// <summary>Free-form string metadata.</summary>
    /// <remarks>Never null: a generated JSON reader sets a missing property to null, which reads back as empty.</remarks>
    [Id(5)]
    public IReadOnlyDictionary<string, string> Metadata
    {
        get;
        init => field = value ?? System.Collections.ObjectModel.ReadOnlyDictionary<string, string>.Empty;
    } = System.Collections.ObjectModel.ReadOnlyDictionary<string, string>.Empty;

    /// <summary>The thread and message this one was cloned from.</summary>
    [Id(6)]
    public ParentLink? Parent { get; init; }

    /// <summary>True for forked sub-agent threads, left out of lists unless asked for.</summary>
    [Id(7)]
    public bool Hidden { get; init; }

    /// <summary>True once put away by its user.</summary>
    [Id(8)]
    public bool Archived { get; init; }

    /// <summary>How many messages the log holds now (fewer than <see cref="LastSeq"/> after a trim).</summary>
    [Id(9)]
    public long MessageCount { get; init; }

    /// <summary>The seq of the last message appended, 0 for none.</summary>
    [Id(10)]
    public long LastSeq { get; init; }

    /// <summary>The schema that validates the thread's state.</summary>
    [Id(11)]
    public string? StateSchemaId { get; init; }

    /// <summary>When it was created (UTC, milliseconds).</summary>
    [Id(12)]
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When it last changed: append, state change or update.</summary>
    [Id(13)]
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>The version of its header, raised by every update; <c>If-Match</c> compares it.</summary>
    [Id(14)]
    public required long Version { get; init; }

    /// <summary>Its last messages, oldest first, when asked for with the thread.</summary>
    [Id(15)]
    public IReadOnlyList<ThreadMessage>? Messages { get; init; }
}
