namespace Threads.Grains;

/// <summary>The stored messages of an append.</summary>
/// <param name="Messages">The messages as stored, with their seq and id.</param>
/// <param name="LastSeq">The thread's last seq after the append.</param>
[GenerateSerializer]
[Alias("threads.AppendMessagesResult")]
[Immutable]
public sealed record AppendMessagesResult([property: Id(0)] IReadOnlyList<ThreadMessage> Messages, [property: Id(1)] long LastSeq);
