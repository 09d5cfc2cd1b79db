namespace Threads.Grains.Storage.Sqlite;

public sealed partial class SqliteThreadStore
{
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
}
