namespace Threads.Grains;

/// <summary>Where a cloned thread came from.</summary>
/// <param name="ThreadId">The source thread.</param>
/// <param name="Seq">The last message of the source the clone holds.</param>
[GenerateSerializer]
[Alias("threads.ParentLink")]
[Immutable]
public sealed record ParentLink([property: Id(0)] string ThreadId, [property: Id(1)] long Seq);
