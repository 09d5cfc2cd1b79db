namespace Threads.Grains;

/// <summary>What a new thread starts with.</summary>
[GenerateSerializer]
[Alias("threads.CreateThreadRequest")]
[Immutable]
public sealed record CreateThreadRequest
{
    /// <summary>The resource it belongs to.</summary>
    [Id(0)]
    public string? ResourceId { get; init; }

    /// <summary>The user who owns it.</summary>
    [Id(1)]
    public string? UserId { get; init; }

    /// <summary>A title.</summary>
    [Id(2)]
    public string? Title { get; init; }

    /// <summary>String metadata.</summary>
    [Id(3)]
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }

    /// <summary>True for forked sub-agent threads.</summary>
    [Id(4)]
    public bool Hidden { get; init; }

    /// <summary>The registered schema that validates the thread's state; the state starts from its defaults.</summary>
    [Id(5)]
    public string? StateSchemaId { get; init; }

    /// <summary>The initial state object, merged over the schema's defaults.</summary>
    [Id(6)]
    public System.Text.Json.JsonElement? State { get; init; }

    /// <summary>Messages to start the log with.</summary>
    [Id(7)]
    public IReadOnlyList<NewMessage>? Messages { get; init; }
}
