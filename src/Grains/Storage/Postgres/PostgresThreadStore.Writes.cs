using Npgsql;
using Threads.Grains.Storage.Postgres.Internal;

namespace Threads.Grains.Storage.Postgres;

public sealed partial class PostgresThreadStore
{
    // Each write below is one statement, hence one transaction: its parts are data-modifying CTEs that write only
    // when the guarded part (the insert, the ETag-conditional update) took effect.
    // After the header's $1…$22 (ThreadRow.Count) come each statement's own parameters, from $23 (FirstOwnParameter) on.
    private const int FirstOwnParameter = ThreadRow.Count + 1;

    // Create and import are the same statement: the messages keep the seqs, ids and times given; files come as arrays.
    private static readonly string CreateSql =
        $"""
        WITH t AS (INSERT INTO threads ({ThreadRow.Columns}) VALUES ({ThreadRow.Values}) ON CONFLICT DO NOTHING RETURNING 1),
        m AS ({MessageRows.Insert(FirstOwnParameter, "EXISTS (SELECT 1 FROM t)")}),
        f AS (
            INSERT INTO files (ns, thread_id, {FileRows.Columns})
            SELECT $1, $2, f.* FROM unnest({string.Join(", ", Enumerable.Range(FirstOwnParameter + MessageRows.ArrayCount, 6).Select(static p => "$" + p))}) AS f
            WHERE EXISTS (SELECT 1 FROM t))
        SELECT EXISTS (SELECT 1 FROM t)
        """;

    private static readonly string UpdateSql =
        $"""
        WITH u AS (UPDATE threads SET {ThreadRow.Set} WHERE ns = $1 AND id = $2 AND etag = ${FirstOwnParameter} RETURNING 1)
        SELECT EXISTS (SELECT 1 FROM u)
        """;

    // The message count is what is left: the rows before the statement (its snapshot) less the rows it deletes.
    private static readonly string TrimSql =
        $"""
        WITH t AS (SELECT 1 FROM threads WHERE ns = $1 AND id = $2 AND etag = ${FirstOwnParameter} FOR UPDATE),
        d AS (
            DELETE FROM messages
            WHERE ns = $1 AND thread_id = $2 AND seq <= ${FirstOwnParameter + 1} AND (NOT ${FirstOwnParameter + 2} OR role <> 'system') AND EXISTS (SELECT 1 FROM t)
            RETURNING 1),
        u AS (
            UPDATE threads SET {ThreadRow.Set.Replace("message_count = $11", "message_count = (SELECT count(*) FROM messages WHERE ns = $1 AND thread_id = $2) - (SELECT count(*) FROM d)", StringComparison.Ordinal)}
            WHERE ns = $1 AND id = $2 AND EXISTS (SELECT 1 FROM t)
            RETURNING 1)
        SELECT EXISTS (SELECT 1 FROM u), (SELECT count(*) FROM d)
        """;

    // The source row is locked (FOR SHARE) so that it cannot be deleted while its messages and files are copied; the
    // copy is INSERT ... SELECT, so no message or file leaves the database. The clone's count is the number of rows copied.
    private static readonly string CloneSql =
        $"""
        WITH s AS (SELECT 1 FROM threads WHERE ns = $1 AND id = ${FirstOwnParameter} FOR SHARE),
        n AS (SELECT count(*) AS copied FROM messages WHERE ns = $1 AND thread_id = ${FirstOwnParameter} AND seq <= ${FirstOwnParameter + 1}),
        t AS (
            INSERT INTO threads ({ThreadRow.Columns})
            SELECT {ThreadRow.Values.Replace("$11,", "n.copied,", StringComparison.Ordinal)} FROM n WHERE EXISTS (SELECT 1 FROM s)
            ON CONFLICT DO NOTHING
            RETURNING 1),
        m AS (
            INSERT INTO messages (ns, thread_id, {MessageRows.InsertColumns})
            SELECT ns, $2, {MessageRows.InsertColumns} FROM messages
            WHERE ns = $1 AND thread_id = ${FirstOwnParameter} AND seq <= ${FirstOwnParameter + 1} AND EXISTS (SELECT 1 FROM t)),
        f AS (
            INSERT INTO files (ns, thread_id, {FileRows.Columns})
            SELECT ns, $2, {FileRows.Columns} FROM files
            WHERE ns = $1 AND thread_id = ${FirstOwnParameter} AND EXISTS (SELECT 1 FROM t))
        SELECT EXISTS (SELECT 1 FROM s), EXISTS (SELECT 1 FROM t), (SELECT copied FROM n)
        """;

    // Two statements in one transaction: the first locks the header (and checks the ETag); the second, which in READ
    // COMMITTED takes a new snapshot after the lock was granted, sees every row a concurrent write committed before it
    // and deletes them all. One statement alone would miss the rows of a write that committed while it waited.
    private const string DeleteLockSql = "SELECT etag FROM threads WHERE ns = $1 AND id = $2 AND ($3::bigint IS NULL OR etag = $3) FOR UPDATE";

    private const string DeleteSql =
        """
        WITH d AS (DELETE FROM threads WHERE ns = $1 AND id = $2 AND ($3::bigint IS NULL OR etag = $3) RETURNING 1),
        m AS (DELETE FROM messages WHERE ns = $1 AND thread_id = $2 AND EXISTS (SELECT 1 FROM d)),
        r AS (DELETE FROM runs WHERE ns = $1 AND thread_id = $2 AND EXISTS (SELECT 1 FROM d)),
        c AS (DELETE FROM checkpoints WHERE ns = $1 AND thread_id = $2 AND EXISTS (SELECT 1 FROM d)),
        f AS (DELETE FROM files WHERE ns = $1 AND thread_id = $2 AND EXISTS (SELECT 1 FROM d)),
        i AS (DELETE FROM idempotency WHERE ns = $1 AND thread_id = $2 AND EXISTS (SELECT 1 FROM d))
        SELECT EXISTS (SELECT 1 FROM d)
        """;

    // $23…$28 the file.
    private static readonly string PutFileSql =
        $"""
        WITH u AS (UPDATE threads SET {ThreadRow.Set} WHERE ns = $1 AND id = $2 AND etag = ${FirstOwnParameter} RETURNING 1),
        f AS (
            INSERT INTO files (ns, thread_id, {FileRows.Columns})
            SELECT $1, $2, ${FirstOwnParameter + 1}, ${FirstOwnParameter + 2}, ${FirstOwnParameter + 3}, ${FirstOwnParameter + 4}, ${FirstOwnParameter + 5}, ${FirstOwnParameter + 6} WHERE EXISTS (SELECT 1 FROM u)
            ON CONFLICT (ns, thread_id, filename) DO UPDATE
            SET id = excluded.id, bytes = excluded.bytes, media_type = excluded.media_type, created_at = excluded.created_at, content = excluded.content)
        SELECT EXISTS (SELECT 1 FROM u)
        """;

    private static readonly string DeleteFileSql =
        $"""
        WITH u AS (UPDATE threads SET {ThreadRow.Set} WHERE ns = $1 AND id = $2 AND etag = ${FirstOwnParameter} RETURNING 1),
        f AS (DELETE FROM files WHERE ns = $1 AND thread_id = $2 AND filename = ${FirstOwnParameter + 1} AND EXISTS (SELECT 1 FROM u))
        SELECT EXISTS (SELECT 1 FROM u)
        """;

    /// <inheritdoc/>
    public async Task<bool> CreateThreadAsync(StoredThread thread, IReadOnlyList<ThreadMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(thread);
        ArgumentNullException.ThrowIfNull(messages);
        return await InsertThreadAsync(thread, messages, [], cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<bool> ImportThreadAsync(StoredThread thread, IReadOnlyList<ThreadMessage> messages, IReadOnlyList<StoredFile> files, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(thread);
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentNullException.ThrowIfNull(files);
        return await InsertThreadAsync(thread, messages, files, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<bool> PutFileAsync(StoredThread thread, long expectedETag, StoredFile file, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(thread);
        ArgumentNullException.ThrowIfNull(file);
        await using var command = _dataSource.CreateCommand(PutFileSql);
        ThreadRow.Add(command.Parameters, thread);
        command.Parameters.Add(Param.Bigint(expectedETag));
        FileRows.Add(command.Parameters, file);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is true;
    }

    /// <inheritdoc/>
    public async Task<bool> DeleteFileAsync(StoredThread thread, long expectedETag, string filename, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(thread);
        await using var command = _dataSource.CreateCommand(DeleteFileSql);
        ThreadRow.Add(command.Parameters, thread);
        command.Parameters.Add(Param.Bigint(expectedETag));
        command.Parameters.Add(Param.Text(filename));
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is true;
    }

    /// <inheritdoc/>
    public async Task<bool> PutSchemaAsync(StoredSchema schema, long expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(schema);
        await using var command = _dataSource.CreateCommand(expectedVersion == 0
            ? "INSERT INTO schemas (ns, id, schema_json, version, updated_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING"
            : "UPDATE schemas SET schema_json = $3, version = $4, updated_at = $5 WHERE ns = $1 AND id = $2 AND version = $6");
        command.Parameters.Add(Param.Text(schema.Namespace));
        command.Parameters.Add(Param.Text(schema.Id));
        command.Parameters.Add(Param.Text(schema.SchemaJson));
        command.Parameters.Add(Param.Bigint(schema.Version));
        command.Parameters.Add(Param.Time(schema.UpdatedAt));
        if (expectedVersion != 0)
        {
            command.Parameters.Add(Param.Bigint(expectedVersion));
        }

        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc/>
    public async Task<bool> DeleteSchemaAsync(string ns, string schemaId, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand("DELETE FROM schemas WHERE ns = $1 AND id = $2");
        command.Parameters.Add(Param.Text(ns));
        command.Parameters.Add(Param.Text(schemaId));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    private async Task<bool> InsertThreadAsync(StoredThread thread, IReadOnlyList<ThreadMessage> messages, IReadOnlyList<StoredFile> files, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(CreateSql);
        ThreadRow.Add(command.Parameters, thread);
        MessageRows.Add(command.Parameters, messages);
        FileRows.AddArrays(command.Parameters, files);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is true;
    }

    /// <inheritdoc/>
    public async Task<bool> UpdateThreadAsync(StoredThread thread, long expectedETag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(thread);
        await using var command = _dataSource.CreateCommand(UpdateSql);
        ThreadRow.Add(command.Parameters, thread);
        command.Parameters.Add(Param.Bigint(expectedETag));
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is true;
    }

    /// <inheritdoc/>
    public async Task<long?> TrimAsync(StoredThread thread, long expectedETag, long throughSeq, bool keepSystem, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(thread);
        await using var command = _dataSource.CreateCommand(TrimSql);
        ThreadRow.Add(command.Parameters, thread);
        command.Parameters.Add(Param.Bigint(expectedETag));
        command.Parameters.Add(Param.Bigint(throughSeq));
        command.Parameters.Add(Param.Boolean(keepSystem));
        long? removed;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            removed = reader.GetBoolean(0) ? reader.GetInt64(1) : null;
        }

        return removed;
    }

    /// <inheritdoc/>
    public async Task<long?> CloneThreadAsync(string sourceThreadId, StoredThread clone, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clone);
        await using var command = _dataSource.CreateCommand(CloneSql);
        ThreadRow.Add(command.Parameters, clone);
        command.Parameters.Add(Param.Text(sourceThreadId));
        command.Parameters.Add(Param.Bigint(clone.Thread.Parent?.Seq ?? clone.Thread.LastSeq));
        long? copied;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            if (!reader.GetBoolean(0))
            {
                throw new NotFoundException($"Thread '{sourceThreadId}' was not found.");
            }

            copied = reader.GetBoolean(1) ? reader.GetInt64(2) : null;
        }

        return copied;
    }

    /// <inheritdoc/>
    public async Task<bool> DeleteThreadAsync(string ns, string threadId, long? expectedETag, CancellationToken cancellationToken)
    {
        await using var batch = _dataSource.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand("BEGIN"));
        foreach (var sql in (string[])[DeleteLockSql, DeleteSql])
        {
            var command = new NpgsqlBatchCommand(sql);
            command.Parameters.Add(Param.Text(ns));
            command.Parameters.Add(Param.Text(threadId));
            command.Parameters.Add(Param.Bigint(expectedETag));
            batch.BatchCommands.Add(command);
        }

        batch.BatchCommands.Add(new NpgsqlBatchCommand("COMMIT"));
        bool deleted;
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            deleted = await reader.ReadAsync(cancellationToken).ConfigureAwait(false) && reader.GetBoolean(0);
        }

        return deleted;
    }

    /// <inheritdoc/>
    public async Task<bool> TryPutIdempotencyAsync(IdempotencyRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        await using var command = _dataSource.CreateCommand(
            """
            INSERT INTO idempotency (ns, key, request_hash, thread_id, status_code, response, created_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING
            """);
        AddIdempotency(command.Parameters, record);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc/>
    public async Task<bool> DeleteIdempotencyAsync(string ns, string key, DateTimeOffset createdAt, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand("DELETE FROM idempotency WHERE ns = $1 AND key = $2 AND created_at = $3");
        command.Parameters.Add(Param.Text(ns));
        command.Parameters.Add(Param.Text(key));
        command.Parameters.Add(Param.Time(createdAt));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc/>
    public async Task<int> PurgeIdempotencyAsync(DateTimeOffset createdBefore, int limit, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(
            """
            DELETE FROM idempotency WHERE (ns, key) IN (
                SELECT ns, key FROM idempotency WHERE created_at < $1 ORDER BY created_at LIMIT $2)
            """);
        command.Parameters.Add(Param.Time(createdBefore));
        command.Parameters.Add(Param.Integer(limit));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static void AddIdempotency(NpgsqlParameterCollection parameters, IdempotencyRecord record)
    {
        parameters.Add(Param.Text(record.Namespace));
        parameters.Add(Param.Text(record.Key));
        parameters.Add(Param.Text(record.RequestHash));
        parameters.Add(Param.Text(record.ThreadId));
        parameters.Add(Param.Integer(record.StatusCode));
        parameters.Add(Param.Text(record.Response));
        parameters.Add(Param.Time(record.CreatedAt));
    }
}
