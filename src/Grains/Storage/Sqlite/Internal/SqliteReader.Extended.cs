using Microsoft.Data.Sqlite;

namespace Threads.Grains.Storage.Sqlite.Internal;

/// <summary>The reads of runs, checkpoints, schemas and files; their statements are prepared on first use.</summary>
internal sealed partial class SqliteReader
{
    private SqliteCommand? _run;
    private SqliteCommand? _runs;
    private SqliteCommand? _checkpoints;
    private SqliteCommand? _schema;
    private SqliteCommand? _schemas;
    private SqliteCommand? _namespaces;
    private SqliteCommand? _files;
    private SqliteCommand? _file;

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

    public StoredSchema? GetSchema(string ns, string schemaId)
    {
        var command = _schema ??= Prepared("SELECT schema_json, version, updated_at FROM schemas WHERE ns = $ns AND id = $id", "$ns", "$id");
        command.Parameters[0].Value = ns;
        command.Parameters[1].Value = schemaId;
        using var reader = command.ExecuteReader();
        return reader.Read() ? new StoredSchema(ns, schemaId, reader.GetString(0), reader.GetInt64(1), SqliteRows.Time(reader.GetInt64(2))) : null;
    }

    public IReadOnlyList<StoredSchema> ListSchemas(string ns, string? afterId, int limit)
    {
        // The unique key (ns, id) orders by id with SQLite's binary collation: ordinal.
        var command = _schemas ??= Prepared(
            "SELECT id, schema_json, version, updated_at FROM schemas WHERE ns = $ns AND ($after IS NULL OR id > $after) ORDER BY id LIMIT $limit", "$ns", "$after", "$limit");
        command.Parameters[0].Value = ns;
        command.Parameters[1].Value = (object?)afterId ?? DBNull.Value;
        command.Parameters[2].Value = limit;
        using var reader = command.ExecuteReader();
        var schemas = new List<StoredSchema>();
        while (reader.Read())
        {
            schemas.Add(new StoredSchema(ns, reader.GetString(0), reader.GetString(1), reader.GetInt64(2), SqliteRows.Time(reader.GetInt64(3))));
        }

        return schemas;
    }

    public IReadOnlyList<string> ListNamespaces(string? after, int limit)
    {
        // The threads' primary key leads with ns: DISTINCT walks it in order.
        var command = _namespaces ??= Prepared(
            "SELECT DISTINCT ns FROM threads WHERE $after IS NULL OR ns > $after ORDER BY ns LIMIT $limit", "$after", "$limit");
        command.Parameters[0].Value = (object?)after ?? DBNull.Value;
        command.Parameters[1].Value = limit;
        using var reader = command.ExecuteReader();
        var namespaces = new List<string>();
        while (reader.Read())
        {
            namespaces.Add(reader.GetString(0));
        }

        return namespaces;
    }

    public IReadOnlyList<ThreadFileInfo> ListFiles(string ns, string threadId)
    {
        // The unique key (ns, thread_id, filename) orders by filename with SQLite's binary collation: ordinal.
        var command = _files ??= Prepared(
            "SELECT id, filename, bytes, media_type, created_at FROM files WHERE ns = $ns AND thread_id = $thread ORDER BY filename", "$ns", "$thread");
        command.Parameters[0].Value = ns;
        command.Parameters[1].Value = threadId;
        using var reader = command.ExecuteReader();
        var files = new List<ThreadFileInfo>();
        while (reader.Read())
        {
            files.Add(ReadFileInfo(reader));
        }

        return files;
    }

    public StoredFile? GetFile(string ns, string threadId, string filename)
    {
        var command = _file ??= Prepared(
            "SELECT id, filename, bytes, media_type, created_at, content FROM files WHERE ns = $ns AND thread_id = $thread AND filename = $filename",
            "$ns", "$thread", "$filename");
        command.Parameters[0].Value = ns;
        command.Parameters[1].Value = threadId;
        command.Parameters[2].Value = filename;
        using var reader = command.ExecuteReader();
        return reader.Read() ? new StoredFile(ReadFileInfo(reader), reader.GetFieldValue<byte[]>(5)) : null;
    }

    private static ThreadFileInfo ReadFileInfo(SqliteDataReader reader) =>
        new(reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetString(3), SqliteRows.Time(reader.GetInt64(4)));

    private SqliteCommand Prepared(string sql, params ReadOnlySpan<string> parameters)
    {
        var command = Command(sql, parameters);
        _prepared.Add(command);
        return command;
    }
}
