using Threads.Grains.Storage.Sqlite.Internal;

namespace Threads.Grains.Storage.Sqlite;

public sealed partial class SqliteThreadStore
{
    /// <inheritdoc/>
    public async Task<StoredRun?> GetRunAsync(string ns, string threadId, string runId, CancellationToken cancellationToken)
    {
        await ReadyAsync(cancellationToken).ConfigureAwait(false);
        return Read(static (reader, q) => reader.GetRun(q.ns, q.threadId, q.runId), (ns, threadId, runId));
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<StoredRun>> ListRunsAsync(string ns, string threadId, RunFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await ReadyAsync(cancellationToken).ConfigureAwait(false);
        return Read(static (reader, q) => reader.ListRuns(q.ns, q.threadId, q.filter), (ns, threadId, filter));
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<StoredCheckpoint>> ListCheckpointsAsync(string ns, string threadId, string runId, CancellationToken cancellationToken)
    {
        await ReadyAsync(cancellationToken).ConfigureAwait(false);
        return Read(static (reader, q) => reader.ListCheckpoints(q.ns, q.threadId, q.runId), (ns, threadId, runId));
    }

    /// <inheritdoc/>
    public async Task<StoredSchema?> GetSchemaAsync(string ns, string schemaId, CancellationToken cancellationToken)
    {
        await ReadyAsync(cancellationToken).ConfigureAwait(false);
        return Read(static (reader, q) => reader.GetSchema(q.ns, q.schemaId), (ns, schemaId));
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<StoredSchema>> ListSchemasAsync(string ns, string? afterId, int limit, CancellationToken cancellationToken)
    {
        await ReadyAsync(cancellationToken).ConfigureAwait(false);
        return Read(static (reader, q) => reader.ListSchemas(q.ns, q.afterId, q.limit), (ns, afterId, limit));
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<string>> ListNamespacesAsync(string? after, int limit, CancellationToken cancellationToken)
    {
        await ReadyAsync(cancellationToken).ConfigureAwait(false);
        return Read(static (reader, q) => reader.ListNamespaces(q.after, q.limit), (after, limit));
    }

    /// <inheritdoc/>
    public Task<bool> DeleteSchemaAsync(string ns, string schemaId, CancellationToken cancellationToken) =>
        WriteAsync((ns, schemaId), static (writer, s) =>
        {
            var deleted = writer.DeleteSchema(s.ns, s.schemaId);
            return (deleted, deleted);
        }, cancellationToken);

    /// <inheritdoc/>
    public Task<bool> PutSchemaAsync(StoredSchema schema, long expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return WriteAsync((schema, expectedVersion), static (writer, s) =>
        {
            var put = writer.PutSchema(s.schema, s.expectedVersion);
            return (put, put);
        }, cancellationToken);
    }

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

    /// <inheritdoc/>
    public Task<bool> ImportThreadAsync(StoredThread thread, IReadOnlyList<ThreadMessage> messages, IReadOnlyList<StoredFile> files, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(thread);
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentNullException.ThrowIfNull(files);
        return WriteAsync((thread, messages, bodies: SqliteRows.Bodies(messages), files), static (writer, s) =>
        {
            if (!writer.TryInsertThread(s.thread))
            {
                return (false, false);
            }

            writer.InsertMessages(s.thread.Thread.Namespace, s.thread.Thread.Id, s.messages, s.bodies);
            foreach (var file in s.files)
            {
                writer.PutFile(s.thread.Thread.Namespace, s.thread.Thread.Id, file);
            }

            return (true, true);
        }, cancellationToken);
    }
}
