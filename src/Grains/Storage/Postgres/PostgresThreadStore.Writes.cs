using Npgsql;
using Threads.Grains.Storage.Postgres.Internal;

namespace Threads.Grains.Storage.Postgres;

public sealed partial class PostgresThreadStore
{
    // Each write below is one statement, hence one transaction: its parts are data-modifying CTEs that write only
    // when the guarded part (the insert, the ETag-conditional update) took effect. pg_notify is transactional: it is
    // sent on commit, and only if the write happened.
    private static readonly string CreateSql =
        $"""
        WITH t AS (INSERT INTO threads ({ThreadRow.Columns}) VALUES ({ThreadRow.Values}) ON CONFLICT DO NOTHING RETURNING 1),
        m AS ({MessageRows.Insert(18, "EXISTS (SELECT 1 FROM t)")})
        SELECT EXISTS (SELECT 1 FROM t), (SELECT pg_notify($25, $26) FROM t)
        """;

    private static readonly string UpdateSql =
        $"""
        WITH u AS (UPDATE threads SET {ThreadRow.Set} WHERE ns = $1 AND id = $2 AND etag = $18 RETURNING 1)
        SELECT EXISTS (SELECT 1 FROM u), (SELECT pg_notify($19, $20) FROM u)
        """;

    // The message count is what is left: the rows before the statement (its snapshot) less the rows it deletes.
    private static readonly string TrimSql =
        $"""
        WITH t AS (SELECT 1 FROM threads WHERE ns = $1 AND id = $2 AND etag = $18 FOR UPDATE),
        d AS (
            DELETE FROM messages
            WHERE ns = $1 AND thread_id = $2 AND seq <= $19 AND (NOT $20 OR role <> 'system') AND EXISTS (SELECT 1 FROM t)
            RETURNING 1),
        u AS (
            UPDATE threads SET {ThreadRow.Set.Replace("message_count = $11", "message_count = (SELECT count(*) FROM messages WHERE ns = $1 AND thread_id = $2) - (SELECT count(*) FROM d)", StringComparison.Ordinal)}
            WHERE ns = $1 AND id = $2 AND EXISTS (SELECT 1 FROM t)
            RETURNING 1)
        SELECT EXISTS (SELECT 1 FROM u), (SELECT count(*) FROM d), (SELECT pg_notify($21, $22) FROM u)
        """;

    // The source row is locked (FOR SHARE) so that it cannot be deleted while its messages are copied; the copy is
    // INSERT ... SELECT, so no message leaves the database. The clone's count is the number of rows copied.
    private static readonly string CloneSql =
        $"""
        WITH s AS (SELECT 1 FROM threads WHERE ns = $1 AND id = $18 FOR SHARE),
        n AS (SELECT count(*) AS copied FROM messages WHERE ns = $1 AND thread_id = $18 AND seq <= $19),
        t AS (
            INSERT INTO threads ({ThreadRow.Columns})
            SELECT {ThreadRow.Values.Replace("$11", "n.copied", StringComparison.Ordinal)} FROM n WHERE EXISTS (SELECT 1 FROM s)
            ON CONFLICT DO NOTHING
            RETURNING 1),
        m AS (
            INSERT INTO messages (ns, thread_id, {MessageRows.Columns})
            SELECT ns, $2, {MessageRows.Columns} FROM messages
            WHERE ns = $1 AND thread_id = $18 AND seq <= $19 AND EXISTS (SELECT 1 FROM t))
        SELECT EXISTS (SELECT 1 FROM s), EXISTS (SELECT 1 FROM t), (SELECT copied FROM n), (SELECT pg_notify($20, $21) FROM t)
        """;

    private const string DeleteSql =
        """
        WITH d AS (DELETE FROM threads WHERE ns = $1 AND id = $2 RETURNING 1),
        m AS (DELETE FROM messages WHERE ns = $1 AND thread_id = $2),
        i AS (DELETE FROM idempotency WHERE ns = $1 AND thread_id = $2)
        SELECT EXISTS (SELECT 1 FROM d), (SELECT pg_notify($3, $4) FROM d)
        """;

    /// <inheritdoc/>
    public async Task<bool> CreateThreadAsync(StoredThread thread, IReadOnlyList<ThreadMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(thread);
        ArgumentNullException.ThrowIfNull(messages);
        await using var command = _dataSource.CreateCommand(CreateSql);
        ThreadRow.Add(command.Parameters, thread);
        MessageRows.Add(command.Parameters, messages);
        AddNotify(command.Parameters, thread.Thread.Namespace, thread.Thread.Id, thread.ETag);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is true;
    }

    /// <inheritdoc/>
    public async Task<bool> UpdateThreadAsync(StoredThread thread, long expectedETag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(thread);
        await using var command = _dataSource.CreateCommand(UpdateSql);
        ThreadRow.Add(command.Parameters, thread);
        command.Parameters.Add(Param.Bigint(expectedETag));
        AddNotify(command.Parameters, thread.Thread.Namespace, thread.Thread.Id, thread.ETag);
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
        AddNotify(command.Parameters, thread.Thread.Namespace, thread.Thread.Id, thread.ETag);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        return reader.GetBoolean(0) ? reader.GetInt64(1) : null;
    }

    /// <inheritdoc/>
    public async Task<long?> CloneThreadAsync(string sourceThreadId, StoredThread clone, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clone);
        await using var command = _dataSource.CreateCommand(CloneSql);
        ThreadRow.Add(command.Parameters, clone);
        command.Parameters.Add(Param.Text(sourceThreadId));
        command.Parameters.Add(Param.Bigint(clone.Thread.Parent?.Seq ?? clone.Thread.LastSeq));
        AddNotify(command.Parameters, clone.Thread.Namespace, clone.Thread.Id, clone.ETag);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        if (!reader.GetBoolean(0))
        {
            throw new NotFoundException($"Thread '{sourceThreadId}' was not found.");
        }

        return reader.GetBoolean(1) ? reader.GetInt64(2) : null;
    }

    /// <inheritdoc/>
    public async Task<bool> DeleteThreadAsync(string ns, string threadId, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(DeleteSql);
        command.Parameters.Add(Param.Text(ns));
        command.Parameters.Add(Param.Text(threadId));
        AddNotify(command.Parameters, ns, threadId, null);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is true;
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

    private void AddNotify(NpgsqlParameterCollection parameters, string ns, string threadId, long? etag)
    {
        parameters.Add(Param.Text(_channel));
        parameters.Add(Param.Text(Payload(ns, threadId, etag)));
    }
}
