namespace Threads.Grains.Storage;

/// <summary>Which runs of a thread to list, newest first (startedAt desc, run id desc).</summary>
public sealed record RunFilter
{
    /// <summary>Only runs whose stored status is one of these; all when null.</summary>
    public IReadOnlyList<RunStatus>? StoredStatuses { get; init; }

    /// <summary>Keyset position: only runs that sort after (startedAt, runId).</summary>
    public (DateTimeOffset StartedAt, string RunId)? After { get; init; }

    /// <summary>At most this many.</summary>
    public int Limit { get; init; } = 20;
}
