namespace Threads.Grains;

/// <summary>What a new thread starts with.</summary>
public sealed record CreateThreadRequest
{
    /// <summary>The resource it belongs to.</summary>
    public string? ResourceId { get; init; }

    /// <summary>The user who owns it.</summary>
    public string? UserId { get; init; }

    /// <summary>A title.</summary>
    public string? Title { get; init; }

    /// <summary>String metadata.</summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }

    /// <summary>True for forked sub-agent threads.</summary>
    public bool Hidden { get; init; }

    /// <summary>Messages to start the log with.</summary>
    public IReadOnlyList<NewMessage>? Messages { get; init; }
}
