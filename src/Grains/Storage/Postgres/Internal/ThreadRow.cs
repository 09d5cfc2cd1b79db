using Npgsql;
using Threads.Grains.Storage.Internal;

namespace Threads.Grains.Storage.Postgres.Internal;

/// <summary>How a <see cref="StoredThread"/> maps to a row of <c>threads</c>.</summary>
internal static class ThreadRow
{
    /// <summary>How many parameters <see cref="Add"/> adds: the thread's are $1…$22, what follows starts at $23.</summary>
    public const int Count = 22;

    /// <summary>The columns of the public header (<see cref="ReadInfo"/>), without the state and the lock.</summary>
    public const string InfoColumns =
        "ns, id, resource_id, user_id, title, metadata, parent_thread_id, parent_seq, hidden, archived, "
        + "message_count, last_seq, state_schema_id, created_at, updated_at, version";

    /// <summary>The columns, in the order of <see cref="Add"/> ($1…$22) and <see cref="Read"/>.</summary>
    public const string Columns = InfoColumns + ", etag, state_json, state_version, lock_holder, lock_expires_at, lock_token";

    /// <summary>VALUES of an insert, after <see cref="Add"/> put the thread first.</summary>
    public const string Values =
        "$1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22";

    /// <summary>SET of an update that replaces the header, after <see cref="Add"/> put the thread first; the key is $1, $2.</summary>
    public const string Set =
        "resource_id = $3, user_id = $4, title = $5, metadata = $6, parent_thread_id = $7, parent_seq = $8, hidden = $9, "
        + "archived = $10, message_count = $11, last_seq = $12, state_schema_id = $13, created_at = $14, updated_at = $15, "
        + "version = $16, etag = $17, state_json = $18, state_version = $19, lock_holder = $20, lock_expires_at = $21, "
        + "lock_token = $22";

    /// <summary>Adds the thread's 22 values as $1…$22.</summary>
    public static void Add(NpgsqlParameterCollection parameters, StoredThread stored)
    {
        var thread = stored.Thread;
        parameters.Add(Param.Text(thread.Namespace));
        parameters.Add(Param.Text(thread.Id));
        parameters.Add(Param.Text(thread.ResourceId));
        parameters.Add(Param.Text(thread.UserId));
        parameters.Add(Param.Text(thread.Title));
        parameters.Add(Param.Json(StoredJson.WriteMetadata(thread.Metadata)));
        parameters.Add(Param.Text(thread.Parent?.ThreadId));
        parameters.Add(Param.Bigint(thread.Parent?.Seq));
        parameters.Add(Param.Boolean(thread.Hidden));
        parameters.Add(Param.Boolean(thread.Archived));
        parameters.Add(Param.Bigint(thread.MessageCount));
        parameters.Add(Param.Bigint(thread.LastSeq));
        parameters.Add(Param.Text(thread.StateSchemaId));
        parameters.Add(Param.Time(thread.CreatedAt));
        parameters.Add(Param.Time(thread.UpdatedAt));
        parameters.Add(Param.Bigint(thread.Version));
        parameters.Add(Param.Bigint(stored.ETag));
        parameters.Add(Param.Text(stored.StateJson));
        parameters.Add(Param.Bigint(stored.StateVersion));
        parameters.Add(Param.Text(stored.LockHolder));
        parameters.Add(Param.Time(stored.LockExpiresAt));
        parameters.Add(Param.Bigint(stored.LockToken));
    }

    /// <summary>Reads a row selected with <see cref="Columns"/>.</summary>
    public static StoredThread Read(NpgsqlDataReader reader) =>
        new(ReadInfo(reader), reader.GetInt64(16))
        {
            StateJson = NullableString(reader, 17),
            StateVersion = reader.GetInt64(18),
            LockHolder = NullableString(reader, 19),
            LockExpiresAt = reader.IsDBNull(20) ? null : reader.GetFieldValue<DateTimeOffset>(20),
            LockToken = reader.GetInt64(21),
        };

    /// <summary>Reads a row selected with <see cref="InfoColumns"/> (or <see cref="Columns"/>).</summary>
    public static ThreadInfo ReadInfo(NpgsqlDataReader reader) =>
        new()
        {
            Namespace = reader.GetString(0),
            Id = reader.GetString(1),
            ResourceId = NullableString(reader, 2),
            UserId = NullableString(reader, 3),
            Title = NullableString(reader, 4),
            Metadata = StoredJson.ReadMetadata(reader.GetString(5)),
            Parent = reader.IsDBNull(6) ? null : new ParentLink(reader.GetString(6), reader.GetInt64(7)),
            Hidden = reader.GetBoolean(8),
            Archived = reader.GetBoolean(9),
            MessageCount = reader.GetInt64(10),
            LastSeq = reader.GetInt64(11),
            StateSchemaId = NullableString(reader, 12),
            CreatedAt = reader.GetFieldValue<DateTimeOffset>(13),
            UpdatedAt = reader.GetFieldValue<DateTimeOffset>(14),
            Version = reader.GetInt64(15),
        };

    private static string? NullableString(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
