namespace Threads.Grains.Catalog;

/// <summary>
/// The lists that span grains: the namespaces that hold threads, and a namespace's state schemas. Keyed by
/// <see cref="Key"/>; any silo answers it locally.
/// </summary>
[Alias("threads.ICatalogGrain")]
public interface ICatalogGrain : IGrainWithIntegerKey
{
    /// <summary>The one key.</summary>
    const long Key = 0;

    /// <summary>Up to <paramref name="limit"/> of the namespaces that hold at least one thread, after <paramref name="after"/> in ordinal order.</summary>
    [Alias("ListNamespaces")]
    Task<IReadOnlyList<string>> ListNamespacesAsync(string? after, int limit, CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="limit"/> of the namespace's schemas whose id sorts (ordinally) after <paramref name="afterId"/>, by id.</summary>
    /// <exception cref="InvalidArgumentException">The namespace is not a valid identifier.</exception>
    [Alias("ListSchemas")]
    Task<IReadOnlyList<StateSchemaInfo>> ListSchemasAsync(string ns, string? afterId, int limit, CancellationToken cancellationToken = default);
}
