using Orleans.Concurrency;
using Threads.Grains.State;
using Threads.Grains.Storage;

namespace Threads.Grains.Catalog;

/// <summary>The store's lists of namespaces and schemas. Stateless, so every silo answers its callers itself.</summary>
[StatelessWorker]
public sealed class CatalogGrain(IThreadStore store) : Grain, ICatalogGrain
{
    /// <inheritdoc/>
    public Task<IReadOnlyList<string>> ListNamespacesAsync(string? after, int limit, CancellationToken cancellationToken = default) =>
        store.ListNamespacesAsync(after, limit, cancellationToken);

    /// <inheritdoc/>
    public async Task<IReadOnlyList<StateSchemaInfo>> ListSchemasAsync(string ns, string? afterId, int limit, CancellationToken cancellationToken = default)
    {
        // Checked as a schema grain's key would be.
        GrainKeys.OfNamespace(ns);
        var schemas = await store.ListSchemasAsync(ns, afterId, limit, cancellationToken);
        return [.. schemas.Select(StateSchemaGrain.ToInfo)];
    }
}
