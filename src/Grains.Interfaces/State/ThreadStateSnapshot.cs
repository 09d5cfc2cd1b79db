using System.Text.Json;

namespace Threads.Grains;

/// <summary>A thread's structured state: one JSON object beside the messages, with its own version.</summary>
/// <param name="State">The state object.</param>
/// <param name="Version">Raised by every change of the state; <c>If-Match</c> on state writes compares it.</param>
public sealed record ThreadStateSnapshot(JsonElement State, long Version);
