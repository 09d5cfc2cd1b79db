using Microsoft.Data.Sqlite;

namespace Threads.Grains.Storage.Sqlite.Internal;

/// <summary>The reads of a thread's files; their statements are prepared on first use.</summary>
internal sealed partial class SqliteReader
{
    private SqliteCommand? _files;
    private SqliteCommand? _file;

    public IReadOnlyList<ThreadFileInfo> ListFiles(string ns, string threadId)
    {
        // The unique key (ns, thread_id, filename) orders by filename with SQLite's binary collation: ordinal.
        var command = _files ??= Prepared(
            "SELECT id, filename, bytes, media_type, created_at FROM files WHERE ns = $ns AND thread_id = $thread ORDER BY filename", "$ns", "$thread");
        command.Parameters[0].Value = ns;
        command.Parameters[1].Value = threadId;
        using var reader = command.ExecuteReader();
        var files = new List<ThreadFileInfo>();
        while (reader.Read())
        {
            files.Add(ReadFileInfo(reader));
        }

        return files;
    }

    public StoredFile? GetFile(string ns, string threadId, string filename)
    {
        var command = _file ??= Prepared(
            "SELECT id, filename, bytes, media_type, created_at, content FROM files WHERE ns = $ns AND thread_id = $thread AND filename = $filename",
            "$ns", "$thread", "$filename");
        command.Parameters[0].Value = ns;
        command.Parameters[1].Value = threadId;
        command.Parameters[2].Value = filename;
        using var reader = command.ExecuteReader();
        return reader.Read() ? new StoredFile(ReadFileInfo(reader), reader.GetFieldValue<byte[]>(5)) : null;
    }

    private static ThreadFileInfo ReadFileInfo(SqliteDataReader reader) =>
        new(reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetString(3), SqliteRows.Time(reader.GetInt64(4)));
}
