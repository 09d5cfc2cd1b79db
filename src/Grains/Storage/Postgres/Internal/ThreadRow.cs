using Npgsql;

namespace Threads.Grains.Storage.Postgres.Internal;

/// <summary>How a <see cref="StoredThread"/> maps to a row of <c>threads</c>.</summary>
internal static class ThreadRow
{
    /// <summary>The columns, in the order of <see cref="Add"/> ($1…$17) and <see cref="Read"/>.</summary>
    public const string Columns =
        "ns, id, resource_id, user_id, title, metadata, parent_thread_id, parent_seq, hidden, archived, "
        + "message_count, last_seq, state_schema_id, created_at, updated_at, version, etag";

    /// <summary>VALUES of an insert, after <see cref="Add"/> put the thread first.</summary>
    public const string Values = "$1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17";

    /// <summary>SET of an update that replaces the header, after <see cref="Add"/> put the thread first; the key is $1, $2.</summary>
    public const string Set =
        "resource_id = $3, user_id = $4, title = $5, metadata = $6, parent_thread_id = $7, parent_seq = $8, hidden = $9, "
        + "archived = $10, message_count = $11, last_seq = $12, state_schema_id = $13, created_at = $14, updated_at = $15, "
        + "version = $16, etag = $17";

    /// <summary>Adds the thread's 17 values as $1…$17.</summary>
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
    }

    /// <summary>Reads a row selected with <see cref="Columns"/> from <paramref name="offset"/> on.</summary>
    public static StoredThread Read(NpgsqlDataReader reader, int offset = 0)
    {
        var thread = new ThreadInfo
        {
            Namespace = reader.GetString(offset),
            Id = reader.GetString(offset + 1),
            ResourceId = NullableString(reader, offset + 2),
            UserId = NullableString(reader, offset + 3),
            Title = NullableString(reader, offset + 4),
            Metadata = StoredJson.ReadMetadata(reader.GetString(offset + 5)),
            Parent = reader.IsDBNull(offset + 6) ? null : new ParentLink(reader.GetString(offset + 6), reader.GetInt64(offset + 7)),
            Hidden = reader.GetBoolean(offset + 8),
            Archived = reader.GetBoolean(offset + 9),
            MessageCount = reader.GetInt64(offset + 10),
            LastSeq = reader.GetInt64(offset + 11),
            StateSchemaId = NullableString(reader, offset + 12),
            CreatedAt = reader.GetFieldValue<DateTimeOffset>(offset + 13),
            UpdatedAt = reader.GetFieldValue<DateTimeOffset>(offset + 14),
            Version = reader.GetInt64(offset + 15),
        };
        return new StoredThread(thread, reader.GetInt64(offset + 16));
    }

    private static string? NullableString(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
