using Npgsql;
using Threads.Grains.Storage.Postgres.Internal;

namespace Threads.Grains.Storage.Postgres;

public sealed partial class PostgresThreadStore
{
    // Each write below is one statement, hence one transaction: its parts are data-modifying CTEs that write only
    // when the guarded part (the insert, the ETag-conditional update) took effect. The change is announced after the
    // commit (see NotifyAsync), not inside it.
    private static readonly string CreateSql =
        $"""
        WITH t AS (INSERT INTO threads ({ThreadRow.Columns}) VALUES ({ThreadRow.Values}) ON CONFLICT DO NOTHING RETURNING 1),
        m AS ({MessageRows.Insert(18, "EXISTS (SELECT 1 FROM t)")})
        SELECT EXISTS (SELECT 1 FROM t)
        """;

    private static readonly string UpdateSql =
        $"""
        WITH u AS (UPDATE threads SET {ThreadRow.Set} WHERE ns = $1 AND id = $2 AND etag = $18 RETURNING 1)
        SELECT EXISTS (SELECT 1 FROM u)
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
        SELECT EXISTS (SELECT 1 FROM u), (SELECT count(*) FROM d)
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
        SELECT EXISTS (SELECT 1 FROM s), EXISTS (SELECT 1 FROM t), (SELECT copied FROM n)
        """;

    private const string DeleteSql =
        """
        WITH d AS (DELETE FROM threads WHERE ns = $1 AND id = $2 RETURNING 1),
        m AS (DELETE FROM messages WHERE ns = $1 AND thread_id = $2),
        i AS (DELETE FROM idempotency WHERE ns = $1 AND thread_id = $2)
        SELECT EXISTS (SELECT 1 FROM d)
        """;

    /// <inheritdoc/>
    public async Task<bool> CreateThreadAsync(StoredThread thread, IReadOnlyList<ThreadMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(thread);
        ArgumentNullException.ThrowIfNull(messages);
        await using var command = _dataSource.CreateCommand(CreateSql);
        ThreadRow.Add(command.Parameters, thread);
        MessageRows.Add(command.Parameters, messages);
        return await AnnouncedAsync(
            await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is true, thread.Thread.Namespace, thread.Thread.Id, thread.ETag).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<bool> UpdateThreadAsync(StoredThread thread, long expectedETag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(thread);
        await using var command = _dataSource.CreateCommand(UpdateSql);
        ThreadRow.Add(command.Parameters, thread);
        command.Parameters.Add(Param.Bigint(expectedETag));
        return await AnnouncedAsync(
            await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is true, thread.Thread.Namespace, thread.Thread.Id, thread.ETag).ConfigureAwait(false);
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

        await AnnouncedAsync(removed is not null, thread.Thread.Namespace, thread.Thread.Id, thread.ETag).ConfigureAwait(false);
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

        await AnnouncedAsync(copied is not null, clone.Thread.Namespace, clone.Thread.Id, clone.ETag).ConfigureAwait(false);
        return copied;
    }

    /// <inheritdoc/>
    public async Task<bool> DeleteThreadAsync(string ns, string threadId, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(DeleteSql);
        command.Parameters.Add(Param.Text(ns));
        command.Parameters.Add(Param.Text(threadId));
        return await AnnouncedAsync(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is true, ns, threadId, null).ConfigureAwait(false);
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

    private async Task<bool> AnnouncedAsync(bool written, string ns, string threadId, long? etag)
    {
        if (written)
        {
            await NotifyAsync([Payload(ns, threadId, etag)]).ConfigureAwait(false);
        }

        return written;
    }
}
