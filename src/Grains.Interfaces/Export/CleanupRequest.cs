namespace Threads.Grains;

/// <summary>Delete the threads not updated since a time.</summary>
[GenerateSerializer]
[Alias("threads.CleanupRequest")]
[Immutable]
public sealed record CleanupRequest
{
    /// <summary>Threads whose last update is before this are deleted.</summary>
    [Id(0)]
    public required DateTimeOffset UpdatedBefore { get; init; }

    /// <summary>Only count them, delete nothing.</summary>
    [Id(1)]
    public bool DryRun { get; init; }
}
