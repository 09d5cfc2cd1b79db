using Microsoft.Data.Sqlite;
using Threads.Grains.Storage.Internal;

namespace Threads.Grains.Storage.Sqlite.Internal;

/// <summary>Maps headers, messages and idempotency records to rows and back: times as unix milliseconds, metadata and message bodies as JSON text.</summary>
internal static class SqliteRows
{
    /// <summary>The header columns, in the order <see cref="ReadThread"/> reads them.</summary>
    public const string ThreadColumns =
        "ns, id, resource_id, user_id, title, metadata, parent_id, parent_seq, hidden, archived, message_count, last_seq, state_schema_id, created_at, updated_at, version, etag, "
        + "state_json, state_version, lock_holder, lock_expires_at, lock_token";

    /// <summary>The message columns, in the order <see cref="ReadMessage"/> reads them.</summary>
    public const string MessageColumns = "seq, id, role, user_id, run_id, created_at, body";

    /// <summary>
    /// <see cref="MessageColumns"/> in a join of messages_by_thread (<c>t</c>) with the log (<c>m</c>): seq is the index's,
    /// so the planner reads the rows in the index's order instead of sorting them.
    /// </summary>
    public const string LogMessageColumns = "t.seq, m.id, m.role, m.user_id, m.run_id, m.created_at, m.body";

    /// <summary>The condition on messages that keeps the rows not yet in messages_by_thread (the log's tail, see schema 6).</summary>
    public const string UnfoldedMessages = "pos > (SELECT through FROM message_fold)";

    /// <summary>The parameters of a header, in the order of <see cref="ThreadColumns"/>.</summary>
    public static readonly string[] ThreadParameters =
    [
        "$ns", "$id", "$resource_id", "$user_id", "$title", "$metadata", "$parent_id", "$parent_seq", "$hidden", "$archived",
        "$message_count", "$last_seq", "$state_schema_id", "$created_at", "$updated_at", "$version", "$etag",
        "$state_json", "$state_version", "$lock_holder", "$lock_expires_at", "$lock_token",
    ];

    public static object Db(string? value) => value is null ? DBNull.Value : value;

    public static object Db(long? value) => value is null ? DBNull.Value : value.Value;

    public static long Millis(DateTimeOffset value) => value.ToUnixTimeMilliseconds();

    public static DateTimeOffset Time(long millis) => DateTimeOffset.FromUnixTimeMilliseconds(millis);

    /// <summary>Sets the header parameters (named as in <see cref="ThreadParameters"/>) of a command whose first parameters they are.</summary>
    public static void BindThread(SqliteParameterCollection parameters, StoredThread stored)
    {
        var thread = stored.Thread;
        parameters[0].Value = thread.Namespace;
        parameters[1].Value = thread.Id;
        parameters[2].Value = Db(thread.ResourceId);
        parameters[3].Value = Db(thread.UserId);
        parameters[4].Value = Db(thread.Title);
        parameters[5].Value = StoredJson.WriteMetadata(thread.Metadata);
        parameters[6].Value = Db(thread.Parent?.ThreadId);
        parameters[7].Value = Db(thread.Parent?.Seq);
        parameters[8].Value = thread.Hidden ? 1L : 0L;
        parameters[9].Value = thread.Archived ? 1L : 0L;
        parameters[10].Value = thread.MessageCount;
        parameters[11].Value = thread.LastSeq;
        parameters[12].Value = Db(thread.StateSchemaId);
        parameters[13].Value = Millis(thread.CreatedAt);
        parameters[14].Value = Millis(thread.UpdatedAt);
        parameters[15].Value = thread.Version;
        parameters[16].Value = stored.ETag;
        parameters[17].Value = Db(stored.StateJson);
        parameters[18].Value = stored.StateVersion;
        parameters[19].Value = Db(stored.LockHolder);
        parameters[20].Value = stored.LockExpiresAt is { } expires ? Millis(expires) : DBNull.Value;
        parameters[21].Value = stored.LockToken;
    }

    /// <summary>The stored bodies of the messages, made by the caller before the write is queued, so that the writer's thread only binds them.</summary>
    public static string[] Bodies(IReadOnlyList<ThreadMessage> messages)
    {
        var bodies = new string[messages.Count];
        for (var i = 0; i < bodies.Length; i++)
        {
            bodies[i] = StoredJson.WriteBody(messages[i]);
        }

        return bodies;
    }

    /// <summary>Reads a header selected as <see cref="ThreadColumns"/>.</summary>
    public static StoredThread ReadThread(SqliteDataReader reader)
    {
        var thread = new ThreadInfo
        {
            Namespace = reader.GetString(0),
            Id = reader.GetString(1),
            ResourceId = reader.IsDBNull(2) ? null : reader.GetString(2),
            UserId = reader.IsDBNull(3) ? null : reader.GetString(3),
            Title = reader.IsDBNull(4) ? null : reader.GetString(4),
            Metadata = StoredJson.ReadMetadata(reader.GetString(5)),
            Parent = reader.IsDBNull(6) ? null : new ParentLink(reader.GetString(6), reader.GetInt64(7)),
            Hidden = reader.GetInt64(8) != 0,
            Archived = reader.GetInt64(9) != 0,
            MessageCount = reader.GetInt64(10),
            LastSeq = reader.GetInt64(11),
            StateSchemaId = reader.IsDBNull(12) ? null : reader.GetString(12),
            CreatedAt = Time(reader.GetInt64(13)),
            UpdatedAt = Time(reader.GetInt64(14)),
            Version = reader.GetInt64(15),
        };
        return new StoredThread(thread, reader.GetInt64(16))
        {
            StateJson = reader.IsDBNull(17) ? null : reader.GetString(17),
            StateVersion = reader.GetInt64(18),
            LockHolder = reader.IsDBNull(19) ? null : reader.GetString(19),
            LockExpiresAt = reader.IsDBNull(20) ? null : Time(reader.GetInt64(20)),
            LockToken = reader.GetInt64(21),
        };
    }

    /// <summary>Reads a message selected as <see cref="MessageColumns"/>.</summary>
    public static ThreadMessage ReadMessage(SqliteDataReader reader)
    {
        var (content, metadata) = StoredJson.ReadBody(reader.GetFieldValue<byte[]>(6));
        return new ThreadMessage
        {
            Seq = reader.GetInt64(0),
            Id = reader.GetString(1),
            Role = Role(reader.GetString(2)),
            UserId = reader.IsDBNull(3) ? null : reader.GetString(3),
            RunId = reader.IsDBNull(4) ? null : reader.GetString(4),
            CreatedAt = Time(reader.GetInt64(5)),
            Content = content,
            Metadata = metadata,
        };
    }

    private static MessageRole Role(string value) => value switch
    {
        "user" => MessageRole.User,
        "assistant" => MessageRole.Assistant,
        "tool" => MessageRole.Tool,
        "system" => MessageRole.System,
        _ => new MessageRole(value),
    };
}
