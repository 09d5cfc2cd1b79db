using Microsoft.Data.Sqlite;

namespace Threads.Grains.Storage.Sqlite.Internal;

/// <summary>The reads of runs and their checkpoints; their statements are prepared on first use.</summary>
internal sealed partial class SqliteReader
{
    private SqliteCommand? _run;
    private SqliteCommand? _runs;
    private SqliteCommand? _checkpoints;

    public StoredRun? GetRun(string ns, string threadId, string runId)
    {
        var command = _run ??= Prepared(
            $"SELECT {SqliteRunRows.RunColumns} FROM runs WHERE ns = $ns AND thread_id = $thread AND run_id = $run", "$ns", "$thread", "$run");
        command.Parameters[0].Value = ns;
        command.Parameters[1].Value = threadId;
        command.Parameters[2].Value = runId;
        using var reader = command.ExecuteReader();
        return reader.Read() ? SqliteRunRows.ReadRun(ns, threadId, reader) : null;
    }

    public IReadOnlyList<StoredRun> ListRuns(string ns, string threadId, RunFilter filter)
    {
        if (filter.Limit <= 0)
        {
            return [];
        }

        // One statement for every filter: the keyset and status conditions switch off when their parameter is null.
        var command = _runs ??= Prepared(
            $"SELECT {SqliteRunRows.RunColumns} FROM runs INDEXED BY runs_by_start WHERE ns = $ns AND thread_id = $thread "
            + "AND ($after_started IS NULL OR started_at < $after_started OR (started_at = $after_started AND run_id < $after_run)) "
            + "AND ($statuses IS NULL OR instr($statuses, '|' || status || '|') > 0) "
            + "ORDER BY started_at DESC, run_id DESC LIMIT $limit",
            "$ns", "$thread", "$after_started", "$after_run", "$statuses", "$limit");
        var p = command.Parameters;
        p[0].Value = ns;
        p[1].Value = threadId;
        p[2].Value = filter.After is { } after ? SqliteRows.Millis(after.StartedAt) : DBNull.Value;
        p[3].Value = filter.After is { } afterRun ? afterRun.RunId : DBNull.Value;
        p[4].Value = filter.StoredStatuses is { } statuses ? "|" + string.Join('|', statuses.Select(SqliteRunRows.Status)) + "|" : DBNull.Value;
        p[5].Value = (long)filter.Limit;
        using var reader = command.ExecuteReader();
        var runs = new List<StoredRun>();
        while (reader.Read())
        {
            runs.Add(SqliteRunRows.ReadRun(ns, threadId, reader));
        }

        return runs;
    }

    public IReadOnlyList<StoredCheckpoint> ListCheckpoints(string ns, string threadId, string runId)
    {
        var command = _checkpoints ??= Prepared(
            "SELECT number, label, seq, state_version, created_at FROM checkpoints WHERE ns = $ns AND thread_id = $thread AND run_id = $run ORDER BY number",
            "$ns", "$thread", "$run");
        command.Parameters[0].Value = ns;
        command.Parameters[1].Value = threadId;
        command.Parameters[2].Value = runId;
        using var reader = command.ExecuteReader();
        var checkpoints = new List<StoredCheckpoint>();
        while (reader.Read())
        {
            checkpoints.Add(new StoredCheckpoint(
                (int)reader.GetInt64(0),
                new CheckpointInfo(reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3), SqliteRows.Time(reader.GetInt64(4)))));
        }

        return checkpoints;
    }
}
