using Microsoft.Data.Sqlite;

namespace Threads.Grains.Storage.Sqlite.Internal;

/// <summary>
/// A read connection with its prepared statements. WAL lets readers run beside the writer; each statement reads the
/// last committed state. The store rents a reader for one call and returns it, so one is never used by two callers.
/// </summary>
internal sealed partial class SqliteReader : IDisposable
{
    private const string MessagesWhere = "ns = $ns AND thread_id = $thread AND seq > $after AND seq < $before";

    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _etag;
    private readonly SqliteCommand _thread;
    private readonly SqliteCommand _idempotency;
    private readonly SqliteCommand[] _messages = new SqliteCommand[4];
    private readonly Dictionary<string, SqliteCommand> _lists = new(StringComparer.Ordinal);
    private readonly List<SqliteCommand> _prepared = [];
    private SqliteCommand? _namespaces;

    public SqliteReader(SqliteConnection connection)
    {
        _connection = connection;
        _etag = Command("SELECT etag FROM threads WHERE ns = $ns AND id = $id", "$ns", "$id");
        _thread = Command($"SELECT {SqliteRows.ThreadColumns} FROM threads WHERE ns = $ns AND id = $id", "$ns", "$id");
        _idempotency = Command(
            "SELECT request_hash, thread_id, status_code, response, created_at FROM idempotency WHERE ns = $ns AND key = $key", "$ns", "$key");
        for (var i = 0; i < _messages.Length; i++)
        {
            _messages[i] = Command(MessagesQuery(descending: (i & 1) != 0, byRun: (i & 2) != 0), "$ns", "$thread", "$after", "$before", "$limit", "$run");
        }
    }

    public SqliteConnection Connection => _connection;

    /// <summary>
    /// The query of a slice of a thread's log: a range read of messages_by_thread (or of messages_by_run for one run),
    /// each entry joined to its row of messages, merged with the thread's rows not yet folded into the index (a short
    /// scan of the log's tail, see schema 6). Without statistics the planner prefers the primary key even for one run (a
    /// walk of the whole thread), so the run query names its index; the cross join keeps the index as the outer loop.
    /// </summary>
    public static string MessagesQuery(bool descending, bool byRun)
    {
        var run = byRun ? " AND run_id = $run" : "";
        return $"SELECT {SqliteRows.LogMessageColumns} FROM messages_by_thread AS t {(byRun ? "INDEXED BY messages_by_run " : "")}"
            + "CROSS JOIN messages AS m ON m.pos = t.pos "
            + $"WHERE t.ns = $ns AND t.thread_id = $thread AND t.seq > $after AND t.seq < $before{(byRun ? " AND t.run_id = $run" : "")} "
            + $"UNION ALL SELECT {SqliteRows.MessageColumns} FROM messages WHERE {SqliteRows.UnfoldedMessages} AND {MessagesWhere}{run}"
            + (descending ? " ORDER BY seq DESC" : " ORDER BY seq")
            + " LIMIT $limit";
    }

    public long? GetETag(string ns, string threadId)
    {
        _etag.Parameters[0].Value = ns;
        _etag.Parameters[1].Value = threadId;
        return _etag.ExecuteScalar() is long etag ? etag : null;
    }

    public StoredThread? GetThread(string ns, string threadId)
    {
        _thread.Parameters[0].Value = ns;
        _thread.Parameters[1].Value = threadId;
        using var reader = _thread.ExecuteReader();
        return reader.Read() ? SqliteRows.ReadThread(reader) : null;
    }

    public IReadOnlyList<ThreadMessage> ReadMessages(string ns, string threadId, MessageRange range)
    {
        if (range.Limit <= 0)
        {
            return [];
        }

        var command = _messages[(range.Descending ? 1 : 0) + (range.RunId is null ? 0 : 2)];
        var parameters = command.Parameters;
        parameters[0].Value = ns;
        parameters[1].Value = threadId;
        parameters[2].Value = range.After ?? 0L;
        parameters[3].Value = range.Before ?? long.MaxValue;
        parameters[4].Value = (long)range.Limit;
        parameters[5].Value = SqliteRows.Db(range.RunId);

        using var reader = command.ExecuteReader();
        var messages = new List<ThreadMessage>(Math.Min(range.Limit, 256));
        while (reader.Read())
        {
            messages.Add(SqliteRows.ReadMessage(reader));
        }

        return messages;
    }

    public IReadOnlyList<ThreadInfo> ListThreads(string ns, ThreadFilter filter)
    {
        if (filter.Limit <= 0)
        {
            return [];
        }

        var query = SqliteListQuery.Build(ns, filter);
        if (!_lists.TryGetValue(query.Sql, out var command))
        {
            command = _connection.CreateCommand();
            command.CommandText = query.Sql;
            _lists.Add(query.Sql, command);
        }

        command.Parameters.Clear();
        foreach (var (name, value) in query.Parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        using var reader = command.ExecuteReader();
        var threads = new List<ThreadInfo>(Math.Min(filter.Limit, 256));
        while (reader.Read())
        {
            threads.Add(SqliteRows.ReadThread(reader).Thread);
        }

        return threads;
    }

    public IdempotencyRecord? GetIdempotency(string ns, string key)
    {
        _idempotency.Parameters[0].Value = ns;
        _idempotency.Parameters[1].Value = key;
        using var reader = _idempotency.ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }

        return new IdempotencyRecord(
            ns,
            key,
            reader.GetString(0),
            reader.IsDBNull(1) ? null : reader.GetString(1),
            (int)reader.GetInt64(2),
            reader.GetString(3),
            SqliteRows.Time(reader.GetInt64(4)));
    }

    public void Dispose()
    {
        foreach (var command in _lists.Values)
        {
            command.Dispose();
        }

        foreach (var command in (ReadOnlySpan<SqliteCommand>)[_etag, _thread, _idempotency, .. _messages, .. _prepared])
        {
            command.Dispose();
        }

        _connection.Dispose();
    }

    private SqliteCommand Command(string sql, params ReadOnlySpan<string> parameters) => SqliteConnections.Prepare(_connection, sql, parameters);

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

    private SqliteCommand Prepared(string sql, params ReadOnlySpan<string> parameters)
    {
        var command = Command(sql, parameters);
        _prepared.Add(command);
        return command;
    }
}
