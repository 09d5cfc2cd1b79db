namespace Threads.Grains;

/// <summary>A stored message: an item of a thread's append-only log.</summary>
[GenerateSerializer]
[Alias("threads.ThreadMessage")]
[Immutable]
public sealed record ThreadMessage
{
    /// <summary>Its place in the thread: 1, 2, 3… with no gaps.</summary>
    [Id(0)]
    public required long Seq { get; init; }

    /// <summary>Its id, <c>msg_</c> and 24 hex digits.</summary>
    [Id(1)]
    public required string Id { get; init; }

    /// <summary>Who wrote it.</summary>
    [Id(2)]
    public required MessageRole Role { get; init; }

    /// <summary>The user who wrote or asked for it.</summary>
    [Id(3)]
    public string? UserId { get; init; }

    /// <summary>The run that produced it.</summary>
    [Id(4)]
    public string? RunId { get; init; }

    /// <summary>The parts.</summary>
    [Id(5)]
    public required IReadOnlyList<ContentPart> Content { get; init; }

    /// <summary>Free-form string metadata.</summary>
    [Id(6)]
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }

    /// <summary>When it was appended (UTC, milliseconds).</summary>
    [Id(7)]
    public required DateTimeOffset CreatedAt { get; init; }
}
