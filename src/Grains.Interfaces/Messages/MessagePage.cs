namespace Threads.Grains;

/// <summary>A page of a thread's log.</summary>
/// <param name="Messages">The messages in the order asked for.</param>
/// <param name="NextCursor">The cursor of the next page; null on the last.</param>
public sealed record MessagePage(IReadOnlyList<ThreadMessage> Messages, string? NextCursor);
