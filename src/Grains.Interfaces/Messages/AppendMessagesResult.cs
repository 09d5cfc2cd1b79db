namespace Threads.Grains;

/// <summary>The stored messages of an append.</summary>
/// <param name="Messages">The messages as stored, with their seq and id.</param>
/// <param name="LastSeq">The thread's last seq after the append.</param>
public sealed record AppendMessagesResult(IReadOnlyList<ThreadMessage> Messages, long LastSeq);
