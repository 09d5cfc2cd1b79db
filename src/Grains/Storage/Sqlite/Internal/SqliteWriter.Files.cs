using Microsoft.Data.Sqlite;

namespace Threads.Grains.Storage.Sqlite.Internal;

/// <summary>The writes of a thread's files; their statements are prepared on first use.</summary>
internal sealed partial class SqliteWriter
{
    private SqliteCommand? _putFileCommand;
    private SqliteCommand? _deleteFileCommand;
    private SqliteCommand? _copyFilesCommand;

    /// <summary>Writes (or replaces by filename) a file of the thread.</summary>
    public void PutFile(string ns, string threadId, StoredFile file)
    {
        var command = _putFileCommand ??= Prepared(
            "INSERT INTO files (ns, thread_id, filename, id, media_type, bytes, content, created_at) "
            + "VALUES ($ns, $thread, $filename, $id, $media_type, $bytes, $content, $created) "
            + "ON CONFLICT (ns, thread_id, filename) DO UPDATE SET id = excluded.id, media_type = excluded.media_type, "
            + "bytes = excluded.bytes, content = excluded.content, created_at = excluded.created_at",
            "$ns", "$thread", "$filename", "$id", "$media_type", "$bytes", "$content", "$created");
        var p = command.Parameters;
        p[0].Value = ns;
        p[1].Value = threadId;
        p[2].Value = file.Info.Filename;
        p[3].Value = file.Info.Id;
        p[4].Value = file.Info.MediaType;
        p[5].Value = (long)file.Content.Length;
        p[6].Value = file.Content;
        p[7].Value = SqliteRows.Millis(file.Info.CreatedAt);
        command.ExecuteNonQuery();
    }

    public void DeleteFile(string ns, string threadId, string filename)
    {
        var command = _deleteFileCommand ??= Prepared(
            "DELETE FROM files WHERE ns = $ns AND thread_id = $thread AND filename = $filename", "$ns", "$thread", "$filename");
        command.Parameters[0].Value = ns;
        command.Parameters[1].Value = threadId;
        command.Parameters[2].Value = filename;
        command.ExecuteNonQuery();
    }

    /// <summary>Copies every file of the source thread to the clone, inside the database.</summary>
    public void CopyFiles(string ns, string sourceThreadId, string cloneId)
    {
        var command = _copyFilesCommand ??= Prepared(
            "INSERT INTO files (ns, thread_id, filename, id, media_type, bytes, content, created_at) "
            + "SELECT ns, $clone, filename, id, media_type, bytes, content, created_at FROM files WHERE ns = $ns AND thread_id = $source",
            "$ns", "$source", "$clone");
        command.Parameters[0].Value = ns;
        command.Parameters[1].Value = sourceThreadId;
        command.Parameters[2].Value = cloneId;
        command.ExecuteNonQuery();
    }
}
