namespace Threads.Grains;

/// <summary>A stored message: an item of a thread's append-only log.</summary>
public sealed record ThreadMessage
{
    /// <summary>Its place in the thread: 1, 2, 3… with no gaps.</summary>
    public required long Seq { get; init; }

    /// <summary>Its id, <c>msg_</c> and 24 hex digits.</summary>
    public required string Id { get; init; }

    /// <summary>Who wrote it.</summary>
    public required MessageRole Role { get; init; }

    /// <summary>The user who wrote or asked for it.</summary>
    public string? UserId { get; init; }

    /// <summary>The run that produced it.</summary>
    public string? RunId { get; init; }

    /// <summary>The parts.</summary>
    public required IReadOnlyList<ContentPart> Content { get; init; }

    /// <summary>Free-form string metadata.</summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }

    /// <summary>When it was appended (UTC, milliseconds).</summary>
    public required DateTimeOffset CreatedAt { get; init; }
}
