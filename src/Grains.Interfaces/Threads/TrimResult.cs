namespace Threads.Grains;

/// <summary>What a trim did.</summary>
/// <param name="Removed">How many messages it dropped.</param>
/// <param name="Thread">The thread after it.</param>
[GenerateSerializer]
[Alias("threads.TrimResult")]
[Immutable]
public sealed record TrimResult([property: Id(0)] long Removed, [property: Id(1)] ThreadInfo Thread);
