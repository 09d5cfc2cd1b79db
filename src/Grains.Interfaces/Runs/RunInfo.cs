namespace Threads.Grains;

/// <summary>One execution of an agent in a thread.</summary>
[GenerateSerializer]
[Alias("threads.RunInfo")]
[Immutable]
public sealed record RunInfo
{
    /// <summary>The run id.</summary>
    [Id(0)]
    public required string RunId { get; init; }

    /// <summary>Where it is; <see cref="RunStatus.Interrupted"/> is computed on read from the lease.</summary>
    [Id(1)]
    public required RunStatus Status { get; init; }

    /// <summary>When it started.</summary>
    [Id(2)]
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>When its lease lapses unless a checkpoint renews it.</summary>
    [Id(3)]
    public required DateTimeOffset LeaseExpiresAt { get; init; }

    /// <summary>When it completed or failed.</summary>
    [Id(4)]
    public DateTimeOffset? EndedAt { get; init; }

    /// <summary>Why it failed.</summary>
    [Id(5)]
    public string? Error { get; init; }

    /// <summary>String metadata given at start.</summary>
    [Id(6)]
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }

    /// <summary>The latest checkpoint.</summary>
    [Id(7)]
    public CheckpointInfo? LastCheckpoint { get; init; }

    /// <summary>Every checkpoint, oldest first, when one run is read.</summary>
    [Id(8)]
    public IReadOnlyList<CheckpointInfo>? Checkpoints { get; init; }
}
