namespace Threads.Grains.Storage.Sqlite;

public sealed partial class SqliteThreadStore
{
    /// <inheritdoc/>
    public Task<bool> PutFileAsync(StoredThread thread, long expectedETag, StoredFile file, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(thread);
        ArgumentNullException.ThrowIfNull(file);
        return WriteAsync((thread, expectedETag, file), static (writer, s) =>
        {
            if (!writer.TryUpdateThread(s.thread, s.expectedETag))
            {
                return (false, false);
            }

            writer.PutFile(s.thread.Thread.Namespace, s.thread.Thread.Id, s.file);
            return (true, true);
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<bool> DeleteFileAsync(StoredThread thread, long expectedETag, string filename, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(thread);
        return WriteAsync((thread, expectedETag, filename), static (writer, s) =>
        {
            if (!writer.TryUpdateThread(s.thread, s.expectedETag))
            {
                return (false, false);
            }

            writer.DeleteFile(s.thread.Thread.Namespace, s.thread.Thread.Id, s.filename);
            return (true, true);
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<ThreadFileInfo>> ListFilesAsync(string ns, string threadId, CancellationToken cancellationToken)
    {
        await ReadyAsync(cancellationToken).ConfigureAwait(false);
        return Read(static (reader, q) => reader.ListFiles(q.ns, q.threadId), (ns, threadId));
    }

    /// <inheritdoc/>
    public async Task<StoredFile?> GetFileAsync(string ns, string threadId, string filename, CancellationToken cancellationToken)
    {
        await ReadyAsync(cancellationToken).ConfigureAwait(false);
        return Read(static (reader, q) => reader.GetFile(q.ns, q.threadId, q.filename), (ns, threadId, filename));
    }
}
