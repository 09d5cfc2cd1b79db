using Npgsql;

namespace Threads.Grains.Storage.Postgres.Internal;

/// <summary>How runs and checkpoints map to rows of <c>runs</c> and <c>checkpoints</c>.</summary>
internal static class RunRows
{
    /// <summary>How many parameters <see cref="Add"/> adds.</summary>
    public const int Count = 15;

    /// <summary>The columns, in the order of <see cref="Add"/> and <see cref="Read"/>.</summary>
    public const string Columns =
        "ns, thread_id, run_id, status, started_at, lease_expires_at, ended_at, error, metadata, checkpoint_count, "
        + "lease_seconds, last_checkpoint_label, last_checkpoint_seq, last_checkpoint_state_version, last_checkpoint_at";

    /// <summary>The columns of a checkpoint, in the order of <see cref="AddCheckpoint"/> (after the run's key) and <see cref="ReadCheckpoint"/>.</summary>
    public const string CheckpointColumns = "number, label, seq, state_version, created_at";

    private const string Replace =
        "status = excluded.status, started_at = excluded.started_at, lease_expires_at = excluded.lease_expires_at, "
        + "ended_at = excluded.ended_at, error = excluded.error, metadata = excluded.metadata, "
        + "checkpoint_count = excluded.checkpoint_count, lease_seconds = excluded.lease_seconds, "
        + "last_checkpoint_label = excluded.last_checkpoint_label, last_checkpoint_seq = excluded.last_checkpoint_seq, "
        + "last_checkpoint_state_version = excluded.last_checkpoint_state_version, last_checkpoint_at = excluded.last_checkpoint_at";

    /// <summary>Inserts or replaces the run whose values <see cref="Add"/> put at $<paramref name="first"/>…, when <paramref name="condition"/> holds.</summary>
    public static string Upsert(int first, string condition) =>
        $"INSERT INTO runs ({Columns}) SELECT {Parameters(first, Count)} WHERE {condition} "
        + $"ON CONFLICT (ns, thread_id, run_id) DO UPDATE SET {Replace}";

    /// <summary>Inserts the checkpoint at $<paramref name="first"/>… of the run at $<paramref name="run"/>…, when <paramref name="condition"/> holds.</summary>
    public static string InsertCheckpoint(int run, int first, string condition) =>
        $"INSERT INTO checkpoints (ns, thread_id, run_id, {CheckpointColumns}) "
        + $"SELECT ${run}, ${run + 1}, ${run + 2}, {Parameters(first, 5)} WHERE {condition}";

    public static void Add(NpgsqlParameterCollection parameters, StoredRun stored)
    {
        var run = stored.Run;
        parameters.Add(Param.Text(stored.Namespace));
        parameters.Add(Param.Text(stored.ThreadId));
        parameters.Add(Param.Text(run.RunId));
        parameters.Add(Param.Text(Status(run.Status)));
        parameters.Add(Param.Time(run.StartedAt));
        parameters.Add(Param.Time(run.LeaseExpiresAt));
        parameters.Add(Param.Time(run.EndedAt));
        parameters.Add(Param.Text(run.Error));
        parameters.Add(run.Metadata is { } metadata ? Param.Json(StoredJson.WriteMetadata(metadata)) : Param.NullJson());
        parameters.Add(Param.Integer(stored.CheckpointCount));
        parameters.Add(Param.Integer(stored.LeaseSeconds));
        var last = run.LastCheckpoint;
        parameters.Add(Param.Text(last?.Label));
        parameters.Add(Param.Bigint(last?.Seq));
        parameters.Add(Param.Bigint(last?.StateVersion));
        parameters.Add(Param.Time(last?.CreatedAt));
    }

    public static void AddCheckpoint(NpgsqlParameterCollection parameters, StoredCheckpoint checkpoint)
    {
        parameters.Add(Param.Integer(checkpoint.Number));
        parameters.Add(Param.Text(checkpoint.Checkpoint.Label));
        parameters.Add(Param.Bigint(checkpoint.Checkpoint.Seq));
        parameters.Add(Param.Bigint(checkpoint.Checkpoint.StateVersion));
        parameters.Add(Param.Time(checkpoint.Checkpoint.CreatedAt));
    }

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

    private static string Parameters(int first, int count) =>
        string.Join(", ", Enumerable.Range(first, count).Select(static i => "$" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
}
