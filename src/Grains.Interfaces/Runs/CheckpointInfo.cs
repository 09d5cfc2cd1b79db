namespace Threads.Grains;

/// <summary>One checkpoint of a run.</summary>
/// <param name="Label">What the run had reached ("started", "after tool weather"…).</param>
/// <param name="Seq">The thread's last seq when it was taken: the last message it covers.</param>
/// <param name="StateVersion">The state version when it was taken.</param>
/// <param name="CreatedAt">When it was taken.</param>
[GenerateSerializer]
[Alias("threads.CheckpointInfo")]
[Immutable]
public sealed record CheckpointInfo([property: Id(0)] string? Label, [property: Id(1)] long Seq, [property: Id(2)] long StateVersion, [property: Id(3)] DateTimeOffset CreatedAt);
