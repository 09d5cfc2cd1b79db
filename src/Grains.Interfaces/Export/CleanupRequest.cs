namespace Threads.Grains;

/// <summary>Delete the threads not updated since a time.</summary>
public sealed record CleanupRequest
{
    /// <summary>Threads whose last update is before this are deleted.</summary>
    public required DateTimeOffset UpdatedBefore { get; init; }

    /// <summary>Only count them, delete nothing.</summary>
    public bool DryRun { get; init; }
}
