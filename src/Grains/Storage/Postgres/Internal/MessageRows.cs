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
        var arrays = new Arrays(messages.Count);
        for (var i = 0; i < messages.Count; i++)
        {
            arrays.Set(i, 0, messages[i]);
        }

        arrays.AddTo(parameters, withOwners: false);
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

    /// <summary>
    /// Messages as parallel arrays in the order of <see cref="Columns"/>, optionally led by the number of the append
    /// each belongs to (for a statement that writes several appends at once).
    /// </summary>
    internal sealed class Arrays(int count)
    {
        private readonly long[] _owner = new long[count];
        private readonly long[] _seq = new long[count];
        private readonly string[] _id = new string[count];
        private readonly string[] _role = new string[count];
        private readonly string?[] _userId = new string?[count];
        private readonly string?[] _runId = new string?[count];
        private readonly DateTimeOffset[] _createdAt = new DateTimeOffset[count];
        private readonly string[] _body = new string[count];

        public void Set(int i, long owner, ThreadMessage message)
        {
            _owner[i] = owner;
            _seq[i] = message.Seq;
            _id[i] = message.Id;
            _role[i] = message.Role.Value;
            _userId[i] = message.UserId;
            _runId[i] = message.RunId;
            _createdAt[i] = message.CreatedAt.ToUniversalTime();
            _body[i] = StoredJson.WriteBody(message);
        }

        /// <summary>Adds seven arrays, or eight with the owning append's number first.</summary>
        public void AddTo(NpgsqlParameterCollection parameters, bool withOwners)
        {
            if (withOwners)
            {
                parameters.Add(Param.Array(_owner, NpgsqlDbType.Bigint));
            }

            parameters.Add(Param.Array(_seq, NpgsqlDbType.Bigint));
            parameters.Add(Param.Array(_id, NpgsqlDbType.Text));
            parameters.Add(Param.Array(_role, NpgsqlDbType.Text));
            parameters.Add(Param.Array(_userId, NpgsqlDbType.Text));
            parameters.Add(Param.Array(_runId, NpgsqlDbType.Text));
            parameters.Add(Param.Array(_createdAt, NpgsqlDbType.TimestampTz));
            parameters.Add(Param.Array(_body, NpgsqlDbType.Text));
        }
    }
}
