using System.Text.Json;

namespace Threads.Grains;

/// <summary>A whole thread as an export carries it, to be recreated at once.</summary>
[GenerateSerializer]
[Alias("threads.ThreadImport")]
public sealed record ThreadImport
{
    /// <summary>The header; its id, namespace and version are those of the new thread.</summary>
    [Id(0)]
    public required ThreadInfo Thread { get; init; }

    /// <summary>Every message, in seq order, with its original seq, id and time.</summary>
    [Id(1)]
    public required IReadOnlyList<ThreadMessage> Messages { get; init; }

    /// <summary>The state object.</summary>
    [Id(2)]
    public JsonElement? State { get; init; }

    /// <summary>The state's version.</summary>
    [Id(3)]
    public long StateVersion { get; init; } = 1;

    /// <summary>Every file with its bytes.</summary>
    [Id(4)]
    public IReadOnlyList<ThreadFile> Files { get; init; } = [];
}
