using Threads.Grains.Storage.Postgres.Internal;

namespace Threads.Grains.Storage.Postgres;

/// <summary>Reads of runs, checkpoints, schemas and files: each one indexed statement.</summary>
public sealed partial class PostgresThreadStore
{
    /// <inheritdoc/>
    public async Task<StoredRun?> GetRunAsync(string ns, string threadId, string runId, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand($"SELECT {RunRows.Columns} FROM runs WHERE ns = $1 AND thread_id = $2 AND run_id = $3");
        command.Parameters.Add(Param.Text(ns));
        command.Parameters.Add(Param.Text(threadId));
        command.Parameters.Add(Param.Text(runId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? RunRows.Read(reader) : null;
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<StoredRun>> ListRunsAsync(string ns, string threadId, RunFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);

        await using var command = _dataSource.CreateCommand();
        ListRunsQuery.Build(command, ns, threadId, filter);
        var runs = new List<StoredRun>(Math.Min(filter.Limit, 256));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            runs.Add(RunRows.Read(reader));
        }

        return runs;
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<StoredCheckpoint>> ListCheckpointsAsync(string ns, string threadId, string runId, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(
            $"SELECT {RunRows.CheckpointColumns} FROM checkpoints WHERE ns = $1 AND thread_id = $2 AND run_id = $3 ORDER BY number");
        command.Parameters.Add(Param.Text(ns));
        command.Parameters.Add(Param.Text(threadId));
        command.Parameters.Add(Param.Text(runId));
        var checkpoints = new List<StoredCheckpoint>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            checkpoints.Add(RunRows.ReadCheckpoint(reader));
        }

        return checkpoints;
    }

    /// <inheritdoc/>
    public async Task<StoredSchema?> GetSchemaAsync(string ns, string schemaId, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand("SELECT schema_json, version, updated_at FROM schemas WHERE ns = $1 AND id = $2");
        command.Parameters.Add(Param.Text(ns));
        command.Parameters.Add(Param.Text(schemaId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new StoredSchema(ns, schemaId, reader.GetString(0), reader.GetInt64(1), reader.GetFieldValue<DateTimeOffset>(2))
            : null;
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<StoredSchema>> ListSchemasAsync(string ns, string? afterId, int limit, CancellationToken cancellationToken)
    {
        // The primary key (ns, id) yields the page in order; COLLATE "C" compares ids byte by byte, as the other stores do.
        await using var command = _dataSource.CreateCommand(
            "SELECT id, schema_json, version, updated_at FROM schemas WHERE ns = $1 AND ($2::text IS NULL OR id COLLATE \"C\" > $2) ORDER BY id COLLATE \"C\" LIMIT $3");
        command.Parameters.Add(Param.Text(ns));
        command.Parameters.Add(Param.Text(afterId));
        command.Parameters.Add(Param.Integer(limit));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var schemas = new List<StoredSchema>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            schemas.Add(new StoredSchema(ns, reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetFieldValue<DateTimeOffset>(3)));
        }

        return schemas;
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<string>> ListNamespacesAsync(string? after, int limit, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(
            "SELECT DISTINCT ns COLLATE \"C\" AS ns FROM threads WHERE $1::text IS NULL OR ns COLLATE \"C\" > $1 ORDER BY 1 LIMIT $2");
        command.Parameters.Add(Param.Text(after));
        command.Parameters.Add(Param.Integer(limit));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var namespaces = new List<string>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            namespaces.Add(reader.GetString(0));
        }

        return namespaces;
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<ThreadFileInfo>> ListFilesAsync(string ns, string threadId, CancellationToken cancellationToken)
    {
        // The primary key (ns, thread_id, filename) yields the rows in order; content is not selected, so never read.
        await using var command = _dataSource.CreateCommand($"SELECT {FileRows.InfoColumns} FROM files WHERE ns = $1 AND thread_id = $2 ORDER BY filename");
        command.Parameters.Add(Param.Text(ns));
        command.Parameters.Add(Param.Text(threadId));
        var files = new List<ThreadFileInfo>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            files.Add(FileRows.ReadInfo(reader));
        }

        return files;
    }

    /// <inheritdoc/>
    public async Task<StoredFile?> GetFileAsync(string ns, string threadId, string filename, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand($"SELECT {FileRows.Columns} FROM files WHERE ns = $1 AND thread_id = $2 AND filename = $3");
        command.Parameters.Add(Param.Text(ns));
        command.Parameters.Add(Param.Text(threadId));
        command.Parameters.Add(Param.Text(filename));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? FileRows.Read(reader) : null;
    }
}
