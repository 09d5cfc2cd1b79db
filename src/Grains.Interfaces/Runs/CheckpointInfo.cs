namespace Threads.Grains;

/// <summary>One checkpoint of a run.</summary>
/// <param name="Label">What the run had reached ("started", "after tool weather"…).</param>
/// <param name="Seq">The thread's last seq when it was taken: the last message it covers.</param>
/// <param name="StateVersion">The state version when it was taken.</param>
/// <param name="CreatedAt">When it was taken.</param>
public sealed record CheckpointInfo(string? Label, long Seq, long StateVersion, DateTimeOffset CreatedAt);
