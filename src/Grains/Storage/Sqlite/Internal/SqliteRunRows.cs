using System.Text.Json;
using Microsoft.Data.Sqlite;
using Threads.Grains.Serialization;
using Threads.Grains.Storage.Internal;

namespace Threads.Grains.Storage.Sqlite.Internal;

/// <summary>Maps runs and checkpoints to rows and back.</summary>
internal static class SqliteRunRows
{
    public const string RunColumns =
        "run_id, status, started_at, lease_expires_at, lease_seconds, ended_at, error, metadata, last_checkpoint, checkpoint_count";

    public static void Bind(SqliteParameterCollection p, StoredRun stored)
    {
        var run = stored.Run;
        p[0].Value = stored.Namespace;
        p[1].Value = stored.ThreadId;
        p[2].Value = run.RunId;
        p[3].Value = Status(run.Status);
        p[4].Value = SqliteRows.Millis(run.StartedAt);
        p[5].Value = SqliteRows.Millis(run.LeaseExpiresAt);
        p[6].Value = (long)stored.LeaseSeconds;
        p[7].Value = run.EndedAt is { } ended ? SqliteRows.Millis(ended) : DBNull.Value;
        p[8].Value = SqliteRows.Db(run.Error);
        p[9].Value = run.Metadata is null ? DBNull.Value : StoredJson.WriteMetadata(run.Metadata);
        p[10].Value = run.LastCheckpoint is null ? DBNull.Value : JsonSerializer.Serialize(run.LastCheckpoint, ThreadsJsonContext.Default.CheckpointInfo);
        p[11].Value = (long)stored.CheckpointCount;
    }

    /// <summary>Reads a run selected as <see cref="RunColumns"/>.</summary>
    public static StoredRun ReadRun(string ns, string threadId, SqliteDataReader reader) =>
        new(
            ns,
            threadId,
            new RunInfo
            {
                RunId = reader.GetString(0),
                Status = Status(reader.GetString(1)),
                StartedAt = SqliteRows.Time(reader.GetInt64(2)),
                LeaseExpiresAt = SqliteRows.Time(reader.GetInt64(3)),
                EndedAt = reader.IsDBNull(5) ? null : SqliteRows.Time(reader.GetInt64(5)),
                Error = reader.IsDBNull(6) ? null : reader.GetString(6),
                Metadata = reader.IsDBNull(7) ? null : JsonSerializer.Deserialize(reader.GetString(7), ThreadsJsonContext.Default.DictionaryStringString),
                LastCheckpoint = reader.IsDBNull(8) ? null : JsonSerializer.Deserialize(reader.GetString(8), ThreadsJsonContext.Default.CheckpointInfo),
            },
            CheckpointCount: (int)reader.GetInt64(9),
            LeaseSeconds: (int)reader.GetInt64(4));

    public static string Status(RunStatus status) => status switch
    {
        RunStatus.Completed => "completed",
        RunStatus.Failed => "failed",
        _ => "running",
    };

    private static RunStatus Status(string value) => value switch
    {
        "completed" => RunStatus.Completed,
        "failed" => RunStatus.Failed,
        _ => RunStatus.Running,
    };
}
