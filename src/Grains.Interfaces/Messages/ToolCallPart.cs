using System.Text.Json;

namespace Threads.Grains;

/// <summary>A model's call of a tool.</summary>
/// <param name="CallId">Pairs the call with its <see cref="ToolResultPart"/>.</param>
/// <param name="Name">The tool's name.</param>
/// <param name="Arguments">The arguments, any JSON, kept as sent.</param>
[GenerateSerializer]
[Alias("threads.ToolCallPart")]
[Immutable]
public sealed record ToolCallPart([property: Id(0)] string CallId, [property: Id(1)] string Name, [property: Id(2)] JsonElement? Arguments = null) : ContentPart;
