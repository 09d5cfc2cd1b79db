namespace Threads.Grains;

/// <summary>One execution of an agent in a thread.</summary>
public sealed record RunInfo
{
    /// <summary>The run id.</summary>
    public required string RunId { get; init; }

    /// <summary>Where it is; <see cref="RunStatus.Interrupted"/> is computed on read from the lease.</summary>
    public required RunStatus Status { get; init; }

    /// <summary>When it started.</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>When its lease lapses unless a checkpoint renews it.</summary>
    public required DateTimeOffset LeaseExpiresAt { get; init; }

    /// <summary>When it completed or failed.</summary>
    public DateTimeOffset? EndedAt { get; init; }

    /// <summary>Why it failed.</summary>
    public string? Error { get; init; }

    /// <summary>String metadata given at start.</summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }

    /// <summary>The latest checkpoint.</summary>
    public CheckpointInfo? LastCheckpoint { get; init; }

    /// <summary>Every checkpoint, oldest first, when one run is read.</summary>
    public IReadOnlyList<CheckpointInfo>? Checkpoints { get; init; }
}
