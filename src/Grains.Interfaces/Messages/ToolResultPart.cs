using System.Text.Json;

namespace Threads.Grains;

/// <summary>A tool's answer to a <see cref="ToolCallPart"/>.</summary>
/// <param name="CallId">The call this answers.</param>
/// <param name="Result">The result, any JSON, kept as sent.</param>
/// <param name="IsError">True if the tool failed.</param>
public sealed record ToolResultPart(string CallId, JsonElement? Result = null, bool IsError = false) : ContentPart;
