using Microsoft.Data.Sqlite;

namespace Threads.Grains.Storage.Sqlite.Internal;

/// <summary>The writes of runs, checkpoints, schemas, files and imports; their statements are prepared on first use.</summary>
internal sealed partial class SqliteWriter
{
    private SqliteCommand? _upsertRunCommand;
    private SqliteCommand? _insertCheckpointCommand;
    private SqliteCommand? _insertSchemaCommand;
    private SqliteCommand? _updateSchemaCommand;
    private SqliteCommand? _deleteSchemaCommand;
    private SqliteCommand? _putFileCommand;
    private SqliteCommand? _deleteFileCommand;
    private SqliteCommand? _copyFilesCommand;
    private SqliteCommand? _threadETagCommand;
    private SqliteCommand? _deleteRunsCommand;
    private SqliteCommand? _deleteCheckpointsCommand;
    private SqliteCommand? _deleteFilesCommand;
    private SqliteCommand? _deleteIdempotencyKeyCommand;
    private SqliteCommand? _purgeIdempotencyCommand;

    private SqliteCommand ThreadETag => _threadETagCommand ??= Prepared("SELECT etag FROM threads WHERE ns = $ns AND id = $id", "$ns", "$id");

    private SqliteCommand DeleteRuns => _deleteRunsCommand ??= Prepared("DELETE FROM runs WHERE ns = $ns AND thread_id = $thread", "$ns", "$thread");

    private SqliteCommand DeleteCheckpoints => _deleteCheckpointsCommand ??= Prepared("DELETE FROM checkpoints WHERE ns = $ns AND thread_id = $thread", "$ns", "$thread");

    private SqliteCommand DeleteFiles => _deleteFilesCommand ??= Prepared("DELETE FROM files WHERE ns = $ns AND thread_id = $thread", "$ns", "$thread");

    /// <summary>Deletes the record of a key if it was created at <paramref name="createdAt"/>; false if not.</summary>
    public bool DeleteIdempotency(string ns, string key, DateTimeOffset createdAt)
    {
        var command = _deleteIdempotencyKeyCommand ??= Prepared(
            "DELETE FROM idempotency WHERE ns = $ns AND key = $key AND created_at = $created_at", "$ns", "$key", "$created_at");
        command.Parameters[0].Value = ns;
        command.Parameters[1].Value = key;
        command.Parameters[2].Value = SqliteRows.Millis(createdAt);
        return command.ExecuteNonQuery() == 1;
    }

    /// <summary>Deletes at most <paramref name="limit"/> records created before <paramref name="createdBefore"/>, oldest first.</summary>
    public int PurgeIdempotency(DateTimeOffset createdBefore, int limit)
    {
        var command = _purgeIdempotencyCommand ??= Prepared(
            "DELETE FROM idempotency WHERE rowid IN "
            + "(SELECT rowid FROM idempotency INDEXED BY idempotency_by_created WHERE created_at < $before ORDER BY created_at LIMIT $limit)",
            "$before", "$limit");
        command.Parameters[0].Value = SqliteRows.Millis(createdBefore);
        command.Parameters[1].Value = (long)limit;
        return command.ExecuteNonQuery();
    }

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

    /// <summary>Inserts (expected version 0) or replaces a schema if it is at the expected version.</summary>
    public bool PutSchema(StoredSchema schema, long expectedVersion)
    {
        var command = expectedVersion == 0
            ? _insertSchemaCommand ??= Prepared(
                "INSERT INTO schemas (ns, id, schema_json, version, updated_at) VALUES ($ns, $id, $json, $version, $updated) ON CONFLICT (ns, id) DO NOTHING",
                "$ns", "$id", "$json", "$version", "$updated", "$expected")
            : _updateSchemaCommand ??= Prepared(
                "UPDATE schemas SET schema_json = $json, version = $version, updated_at = $updated WHERE ns = $ns AND id = $id AND version = $expected",
                "$ns", "$id", "$json", "$version", "$updated", "$expected");
        var p = command.Parameters;
        p[0].Value = schema.Namespace;
        p[1].Value = schema.Id;
        p[2].Value = schema.SchemaJson;
        p[3].Value = schema.Version;
        p[4].Value = SqliteRows.Millis(schema.UpdatedAt);
        p[5].Value = expectedVersion;
        return command.ExecuteNonQuery() == 1;
    }

    /// <summary>Deletes a schema; false if there was none.</summary>
    public bool DeleteSchema(string ns, string schemaId)
    {
        var command = _deleteSchemaCommand ??= Prepared("DELETE FROM schemas WHERE ns = $ns AND id = $id", "$ns", "$id");
        command.Parameters[0].Value = ns;
        command.Parameters[1].Value = schemaId;
        return command.ExecuteNonQuery() == 1;
    }

    /// <summary>Writes (or replaces by filename) a file of the thread.</summary>
    public void PutFile(string ns, string threadId, StoredFile file)
    {
        var command = _putFileCommand ??= Prepared(
            "INSERT INTO files (ns, thread_id, filename, id, media_type, bytes, content, created_at) "
            + "VALUES ($ns, $thread, $filename, $id, $media_type, $bytes, $content, $created) "
            + "ON CONFLICT (ns, thread_id, filename) DO UPDATE SET id = excluded.id, media_type = excluded.media_type, "
            + "bytes = excluded.bytes, content = excluded.content, created_at = excluded.created_at",
            "$ns", "$thread", "$filename", "$id", "$media_type", "$bytes", "$content", "$created");
        var p = command.Parameters;
        p[0].Value = ns;
        p[1].Value = threadId;
        p[2].Value = file.Info.Filename;
        p[3].Value = file.Info.Id;
        p[4].Value = file.Info.MediaType;
        p[5].Value = (long)file.Content.Length;
        p[6].Value = file.Content;
        p[7].Value = SqliteRows.Millis(file.Info.CreatedAt);
        command.ExecuteNonQuery();
    }

    public void DeleteFile(string ns, string threadId, string filename)
    {
        var command = _deleteFileCommand ??= Prepared(
            "DELETE FROM files WHERE ns = $ns AND thread_id = $thread AND filename = $filename", "$ns", "$thread", "$filename");
        command.Parameters[0].Value = ns;
        command.Parameters[1].Value = threadId;
        command.Parameters[2].Value = filename;
        command.ExecuteNonQuery();
    }

    /// <summary>Copies every file of the source thread to the clone, inside the database.</summary>
    public void CopyFiles(string ns, string sourceThreadId, string cloneId)
    {
        var command = _copyFilesCommand ??= Prepared(
            "INSERT INTO files (ns, thread_id, filename, id, media_type, bytes, content, created_at) "
            + "SELECT ns, $clone, filename, id, media_type, bytes, content, created_at FROM files WHERE ns = $ns AND thread_id = $source",
            "$ns", "$source", "$clone");
        command.Parameters[0].Value = ns;
        command.Parameters[1].Value = sourceThreadId;
        command.Parameters[2].Value = cloneId;
        command.ExecuteNonQuery();
    }

    private SqliteCommand Prepared(string sql, params ReadOnlySpan<string> parameters)
    {
        var command = Command(sql, parameters);
        _prepared.Add(command);
        return command;
    }
}
