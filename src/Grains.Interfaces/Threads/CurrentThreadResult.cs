namespace Threads.Grains;

/// <summary>A resource's current thread.</summary>
/// <param name="Thread">The thread.</param>
/// <param name="Created">True if it was created by this call.</param>
[GenerateSerializer]
[Alias("threads.CurrentThreadResult")]
[Immutable]
public sealed record CurrentThreadResult([property: Id(0)] ThreadInfo Thread, [property: Id(1)] bool Created);
