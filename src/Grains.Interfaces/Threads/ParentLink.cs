namespace Threads.Grains;

/// <summary>Where a cloned thread came from.</summary>
/// <param name="ThreadId">The source thread.</param>
/// <param name="Seq">The last message of the source the clone holds.</param>
public sealed record ParentLink(string ThreadId, long Seq);
