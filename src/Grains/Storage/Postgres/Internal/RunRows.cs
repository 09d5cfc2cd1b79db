using Npgsql;
using Threads.Grains.Storage.Internal;

namespace Threads.Grains.Storage.Postgres.Internal;

/// <summary>How runs and checkpoints map to rows of <c>runs</c> and <c>checkpoints</c>.</summary>
internal static class RunRows
{
    /// <summary>How many columns a run has.</summary>
    public const int Count = 15;

    /// <summary>The columns, in the order of <see cref="Read"/>.</summary>
    public const string Columns =
        "ns, thread_id, run_id, status, started_at, lease_expires_at, ended_at, error, metadata, checkpoint_count, "
        + "lease_seconds, last_checkpoint_label, last_checkpoint_seq, last_checkpoint_state_version, last_checkpoint_at";

    /// <summary>The columns of a checkpoint after the run's key, in the order of <see cref="ReadCheckpoint"/>.</summary>
    public const string CheckpointColumns = "number, label, seq, state_version, created_at";

    /// <summary>Reads a row selected with <see cref="Columns"/>.</summary>
    public static StoredRun Read(NpgsqlDataReader reader) =>
        new(
            reader.GetString(0),
            reader.GetString(1),
            new RunInfo
            {
                RunId = reader.GetString(2),
                Status = ParseStatus(reader.GetString(3)),
                StartedAt = reader.GetFieldValue<DateTimeOffset>(4),
                LeaseExpiresAt = reader.GetFieldValue<DateTimeOffset>(5),
                EndedAt = reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6),
                Error = reader.IsDBNull(7) ? null : reader.GetString(7),
                Metadata = reader.IsDBNull(8) ? null : StoredJson.ReadMetadata(reader.GetString(8)),
                LastCheckpoint = reader.IsDBNull(12)
                    ? null
                    : new CheckpointInfo(
                        reader.IsDBNull(11) ? null : reader.GetString(11),
                        reader.GetInt64(12),
                        reader.GetInt64(13),
                        reader.GetFieldValue<DateTimeOffset>(14)),
            },
            reader.GetInt32(9),
            reader.GetInt32(10));

    /// <summary>Reads a row selected with <see cref="CheckpointColumns"/>.</summary>
    public static StoredCheckpoint ReadCheckpoint(NpgsqlDataReader reader) =>
        new(
            reader.GetInt32(0),
            new CheckpointInfo(
                reader.IsDBNull(1) ? null : reader.GetString(1),
                reader.GetInt64(2),
                reader.GetInt64(3),
                reader.GetFieldValue<DateTimeOffset>(4)));

    /// <summary>The stored text of a status (interrupted is never stored, but is kept as given if it is).</summary>
    public static string Status(RunStatus status) => status switch
    {
        RunStatus.Running => "running",
        RunStatus.Completed => "completed",
        RunStatus.Failed => "failed",
        RunStatus.Interrupted => "interrupted",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown run status."),
    };

    private static RunStatus ParseStatus(string status) => status switch
    {
        "running" => RunStatus.Running,
        "completed" => RunStatus.Completed,
        "failed" => RunStatus.Failed,
        "interrupted" => RunStatus.Interrupted,
        _ => throw new InvalidOperationException($"Unknown stored run status '{status}'."),
    };
}
