using Npgsql;
using NpgsqlTypes;
using Threads.Grains.Storage.Internal;

namespace Threads.Grains.Storage.Postgres.Internal;

/// <summary>How messages map to rows of <c>messages</c>: written as parallel arrays that one <c>unnest</c> inserts in one statement.</summary>
internal static class MessageRows
{
    /// <summary>The columns <see cref="Read"/> expects.</summary>
    public const string Columns = "seq, id, role, user_id, run_id, created_at, body";

    /// <summary>The columns an insert writes: <see cref="Columns"/> and the search vector (schema 5).</summary>
    public const string InsertColumns = Columns + ", search";

    /// <summary>How many arrays <see cref="Add"/> adds, one per column of <see cref="InsertColumns"/>.</summary>
    public const int ArrayCount = 8;

    /// <summary>The unnested arrays' columns as an insert selects them, the search vector cast from its text.</summary>
    public const string Selected = "m.seq, m.id, m.role, m.user_id, m.run_id, m.created_at, m.body, m.search::tsvector";

    /// <summary>The names of the unnested arrays, in the order <see cref="Arrays.AddTo"/> adds them.</summary>
    public const string Unnested = "seq, id, role, user_id, run_id, created_at, body, search";

    /// <summary>Adds the messages as <see cref="ArrayCount"/> arrays, in the order of <see cref="InsertColumns"/>; an insert reads them with <see cref="Insert"/>.</summary>
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
        $"INSERT INTO messages (ns, thread_id, {InsertColumns}) "
        + $"SELECT $1, $2, {Selected} FROM unnest({string.Join(", ", Enumerable.Range(first, ArrayCount).Select(static p => "$" + p.ToString(System.Globalization.CultureInfo.InvariantCulture)))}) AS m({Unnested}) "
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
    /// Messages as parallel arrays in the order of <see cref="InsertColumns"/> (the search vector as its text, built by
    /// <see cref="SearchText.TsVector"/>), optionally led by the number of the append each belongs to (for a statement
    /// that writes several appends at once).
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
        private readonly string[] _search = new string[count];

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
            _search[i] = SearchText.TsVector(message.Content);
        }

        /// <summary>Adds the <see cref="ArrayCount"/> arrays, led by the owning append's numbers if asked.</summary>
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
            parameters.Add(Param.Array(_search, NpgsqlDbType.Text));
        }
    }
}
