using System.Text.Json;

namespace Threads.Grains;

/// <summary>A tool's answer to a <see cref="ToolCallPart"/>.</summary>
/// <param name="CallId">The call this answers.</param>
/// <param name="Result">The result, any JSON, kept as sent.</param>
/// <param name="IsError">True if the tool failed.</param>
[GenerateSerializer]
[Alias("threads.ToolResultPart")]
[Immutable]
public sealed record ToolResultPart([property: Id(0)] string CallId, [property: Id(1)] JsonElement? Result = null, [property: Id(2)] bool IsError = false) : ContentPart;
