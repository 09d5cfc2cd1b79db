using System.Text.Json;

namespace Threads.Grains;

/// <summary>The state after a change.</summary>
/// <param name="State">The new state object.</param>
/// <param name="Version">Its version.</param>
/// <param name="ChangedKeys">The top-level keys whose values changed (added, removed or different).</param>
[GenerateSerializer]
[Alias("threads.StateChangeResult")]
[Immutable]
public sealed record StateChangeResult([property: Id(0)] JsonElement State, [property: Id(1)] long Version, [property: Id(2)] IReadOnlyList<string> ChangedKeys);
