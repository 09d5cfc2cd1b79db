using Microsoft.Data.Sqlite;

namespace Threads.Grains.Storage.Sqlite.Internal;

/// <summary>The writes of runs and their checkpoints; their statements are prepared on first use.</summary>
internal sealed partial class SqliteWriter
{
    private SqliteCommand? _upsertRunCommand;
    private SqliteCommand? _insertCheckpointCommand;

    /// <summary>Inserts or replaces a run by (namespace, thread, run id).</summary>
    public void UpsertRun(StoredRun stored)
    {
        var command = _upsertRunCommand ??= Prepared(
            "INSERT INTO runs (ns, thread_id, run_id, status, started_at, lease_expires_at, lease_seconds, ended_at, error, metadata, last_checkpoint, checkpoint_count) "
            + "VALUES ($ns, $thread, $run, $status, $started, $lease, $seconds, $ended, $error, $metadata, $checkpoint, $count) "
            + "ON CONFLICT (ns, thread_id, run_id) DO UPDATE SET status = excluded.status, started_at = excluded.started_at, "
            + "lease_expires_at = excluded.lease_expires_at, lease_seconds = excluded.lease_seconds, ended_at = excluded.ended_at, "
            + "error = excluded.error, metadata = excluded.metadata, last_checkpoint = excluded.last_checkpoint, checkpoint_count = excluded.checkpoint_count",
            "$ns", "$thread", "$run", "$status", "$started", "$lease", "$seconds", "$ended", "$error", "$metadata", "$checkpoint", "$count");
        SqliteRunRows.Bind(command.Parameters, stored);
        command.ExecuteNonQuery();
    }

    public void InsertCheckpoint(string ns, string threadId, string runId, StoredCheckpoint checkpoint)
    {
        var command = _insertCheckpointCommand ??= Prepared(
            "INSERT INTO checkpoints (ns, thread_id, run_id, number, label, seq, state_version, created_at) "
            + "VALUES ($ns, $thread, $run, $number, $label, $seq, $state_version, $created)",
            "$ns", "$thread", "$run", "$number", "$label", "$seq", "$state_version", "$created");
        var p = command.Parameters;
        p[0].Value = ns;
        p[1].Value = threadId;
        p[2].Value = runId;
        p[3].Value = (long)checkpoint.Number;
        p[4].Value = SqliteRows.Db(checkpoint.Checkpoint.Label);
        p[5].Value = checkpoint.Checkpoint.Seq;
        p[6].Value = checkpoint.Checkpoint.StateVersion;
        p[7].Value = SqliteRows.Millis(checkpoint.Checkpoint.CreatedAt);
        command.ExecuteNonQuery();
    }
}
