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

    /// <summary>The registered schema that validates the thread's state; the state starts from its defaults.</summary>
    public string? StateSchemaId { get; init; }

    /// <summary>The initial state object, merged over the schema's defaults.</summary>
    public System.Text.Json.JsonElement? State { get; init; }

    /// <summary>Messages to start the log with.</summary>
    public IReadOnlyList<NewMessage>? Messages { get; init; }
}
