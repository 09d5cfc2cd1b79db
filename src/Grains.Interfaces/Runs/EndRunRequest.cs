namespace Threads.Grains;

/// <summary>End a run.</summary>
/// <param name="Error">Why it failed (for a failed run).</param>
public sealed record EndRunRequest(string? Error = null);
