using System.Text.Json;

namespace Threads.Grains;

/// <summary>The state after a change.</summary>
/// <param name="State">The new state object.</param>
/// <param name="Version">Its version.</param>
/// <param name="ChangedKeys">The top-level keys whose values changed (added, removed or different).</param>
public sealed record StateChangeResult(JsonElement State, long Version, IReadOnlyList<string> ChangedKeys);
