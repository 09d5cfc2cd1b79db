using System.Text.Json;

namespace Threads.Grains;

/// <summary>A model's call of a tool.</summary>
/// <param name="CallId">Pairs the call with its <see cref="ToolResultPart"/>.</param>
/// <param name="Name">The tool's name.</param>
/// <param name="Arguments">The arguments, any JSON, kept as sent.</param>
public sealed record ToolCallPart(string CallId, string Name, JsonElement? Arguments = null) : ContentPart;
