using Npgsql;
using NpgsqlTypes;

namespace Threads.Grains.Storage.Postgres.Internal;

/// <summary>How files map to rows of <c>files</c>: the bytes in <c>content</c>, beside their description.</summary>
internal static class FileRows
{
    /// <summary>The description's columns, in the order of <see cref="ReadInfo"/>.</summary>
    public const string InfoColumns = "id, filename, bytes, media_type, created_at";

    /// <summary>All columns but the key's (ns, thread_id), in the order of <see cref="Add"/> and <see cref="Read"/>.</summary>
    public const string Columns = InfoColumns + ", content";

    /// <summary>Adds one file as six values, in the order of <see cref="Columns"/>.</summary>
    public static void Add(NpgsqlParameterCollection parameters, StoredFile file)
    {
        parameters.Add(Param.Text(file.Info.Id));
        parameters.Add(Param.Text(file.Info.Filename));
        parameters.Add(Param.Bigint(file.Info.Bytes));
        parameters.Add(Param.Text(file.Info.MediaType));
        parameters.Add(Param.Time(file.Info.CreatedAt));
        parameters.Add(Param.Bytea(file.Content));
    }

    /// <summary>Adds the files as six arrays, in the order of <see cref="Columns"/>; an insert reads them with <c>unnest</c>.</summary>
    public static void AddArrays(NpgsqlParameterCollection parameters, IReadOnlyList<StoredFile> files)
    {
        parameters.Add(Param.Array(files.Select(static f => f.Info.Id).ToArray(), NpgsqlDbType.Text));
        parameters.Add(Param.Array(files.Select(static f => f.Info.Filename).ToArray(), NpgsqlDbType.Text));
        parameters.Add(Param.Array(files.Select(static f => f.Info.Bytes).ToArray(), NpgsqlDbType.Bigint));
        parameters.Add(Param.Array(files.Select(static f => f.Info.MediaType).ToArray(), NpgsqlDbType.Text));
        parameters.Add(Param.Array(files.Select(static f => f.Info.CreatedAt.ToUniversalTime()).ToArray(), NpgsqlDbType.TimestampTz));
        parameters.Add(Param.Array(files.Select(static f => f.Content).ToArray(), NpgsqlDbType.Bytea));
    }

    /// <summary>Reads a row selected with <see cref="InfoColumns"/>.</summary>
    public static ThreadFileInfo ReadInfo(NpgsqlDataReader reader) =>
        new(reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetString(3), reader.GetFieldValue<DateTimeOffset>(4));

    /// <summary>Reads a row selected with <see cref="Columns"/>.</summary>
    public static StoredFile Read(NpgsqlDataReader reader) => new(ReadInfo(reader), reader.GetFieldValue<byte[]>(5));
}
