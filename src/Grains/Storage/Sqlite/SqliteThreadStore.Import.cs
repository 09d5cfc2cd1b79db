using Threads.Grains.Storage.Sqlite.Internal;

namespace Threads.Grains.Storage.Sqlite;

public sealed partial class SqliteThreadStore
{
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
