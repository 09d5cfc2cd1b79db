namespace Threads.Grains.Http;

/// <summary>The body of <c>POST /cleanup</c>: a <see cref="CleanupRequest"/> with the resource it is limited to.</summary>
public sealed record CleanupBody
{
    /// <summary>Threads not updated since this time are deleted.</summary>
    public required DateTimeOffset UpdatedBefore { get; init; }

    /// <summary>The resource whose threads are cleaned up; absent is every resource.</summary>
    public string? ResourceId { get; init; }

    /// <summary>Whether to only count what would be deleted; absent is <see langword="false"/>.</summary>
    public bool? DryRun { get; init; }
}
