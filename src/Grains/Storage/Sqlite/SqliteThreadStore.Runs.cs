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
}
