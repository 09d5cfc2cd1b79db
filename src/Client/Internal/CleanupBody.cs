namespace Threads.Client.Internal;

/// <summary>The body of <c>POST /cleanup</c>.</summary>
internal sealed record CleanupBody(DateTimeOffset UpdatedBefore, string? ResourceId, bool DryRun);
