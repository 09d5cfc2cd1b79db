using System.Text.Json;

namespace Threads.Grains;

/// <summary>A thread's structured state: one JSON object beside the messages, with its own version.</summary>
/// <param name="State">The state object.</param>
/// <param name="Version">Raised by every change of the state; <c>If-Match</c> on state writes compares it.</param>
[GenerateSerializer]
[Alias("threads.ThreadStateSnapshot")]
[Immutable]
public sealed record ThreadStateSnapshot([property: Id(0)] JsonElement State, [property: Id(1)] long Version);
