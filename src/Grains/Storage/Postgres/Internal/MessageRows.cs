using Npgsql;
using NpgsqlTypes;
using Threads.Grains.Storage.Internal;

namespace Threads.Grains.Storage.Postgres.Internal;

/// <summary>How messages map to rows of <c>messages</c>: written as parallel arrays that one <c>unnest</c> inserts in one statement.</summary>
internal static class MessageRows
{
    /// <summary>The columns <see cref="Read"/> expects.</summary>
    public const string Columns = "seq, id, role, user_id, run_id, created_at, body";

    /// <summary>Adds the messages as seven arrays, in the order of <see cref="Columns"/>; an insert reads them with <c>unnest($n, …, $n+6)</c>.</summary>
    public static void Add(NpgsqlParameterCollection parameters, IReadOnlyList<ThreadMessage> messages)
    {
        var count = messages.Count;
        var seqs = new long[count];
        var ids = new string[count];
        var roles = new string[count];
        var users = new string?[count];
        var runs = new string?[count];
        var times = new DateTimeOffset[count];
        var bodies = new string[count];
        for (var i = 0; i < count; i++)
        {
            var message = messages[i];
            seqs[i] = message.Seq;
            ids[i] = message.Id;
            roles[i] = message.Role.Value;
            users[i] = message.UserId;
            runs[i] = message.RunId;
            times[i] = message.CreatedAt.ToUniversalTime();
            bodies[i] = StoredJson.WriteBody(message);
        }

        parameters.Add(Param.Array(seqs, NpgsqlDbType.Bigint));
        parameters.Add(Param.Array(ids, NpgsqlDbType.Text));
        parameters.Add(Param.Array(roles, NpgsqlDbType.Text));
        parameters.Add(Param.Array(users, NpgsqlDbType.Text));
        parameters.Add(Param.Array(runs, NpgsqlDbType.Text));
        parameters.Add(Param.Array(times, NpgsqlDbType.TimestampTz));
        parameters.Add(Param.Array(bodies, NpgsqlDbType.Text));
    }

    /// <summary>An insert of the arrays <see cref="Add"/> put at $<paramref name="first"/>… into the thread at $1, $2, when <paramref name="condition"/> holds.</summary>
    public static string Insert(int first, string condition) =>
        $"INSERT INTO messages (ns, thread_id, {Columns}) "
        + $"SELECT $1, $2, m.* FROM unnest(${first}, ${first + 1}, ${first + 2}, ${first + 3}, ${first + 4}, ${first + 5}, ${first + 6}) AS m "
        + $"WHERE {condition}";

    /// <summary>Reads a row selected with <see cref="Columns"/>.</summary>
    public static ThreadMessage Read(NpgsqlDataReader reader)
    {
        var (content, metadata) = StoredJson.ReadBody(reader.GetString(6));
        return new ThreadMessage
        {
            Seq = reader.GetInt64(0),
            Id = reader.GetString(1),
            Role = new MessageRole(reader.GetString(2)),
            UserId = reader.IsDBNull(3) ? null : reader.GetString(3),
            RunId = reader.IsDBNull(4) ? null : reader.GetString(4),
            CreatedAt = reader.GetFieldValue<DateTimeOffset>(5),
            Content = content,
            Metadata = metadata,
        };
    }
}
